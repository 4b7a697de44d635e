package io.cephiscsi.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/disks}: the disk ids, or with {@code config=yes} every disk's entry as stored. */
@Path("/disks")
@TrustedSource
@BasicAuth
public class DisksResource {

    private final GatewayAdmin gateway;

    public DisksResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    /** Upstream reads {@code config} from a form body even on GET ({@code curl -d config=yes -X GET}); the query works too. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"Show the rbd disks defined to the gateways",
            ":param config: (str) 'yes' to list the config info of all disks, default is 'no'"})
    public Map<String, Object> disks(@QueryParam("config") String query,
                                     @HeaderParam("Content-Type") String contentType, InputStream body)
            throws IOException {
        // an InputStream, as any content type (or none) binds to it; a form type alone would refuse a bare GET
        String form = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
        String config = FormBody.first(contentType, form, "config").orElse(query);
        if ("yes".equalsIgnoreCase(config)) {
            return Map.of("disks", gateway.disks());
        }
        return Map.of("disks", gateway.diskIds());
    }
}
