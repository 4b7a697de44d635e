package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/disk/<pool>/<image>}: one disk's entry as stored, with its status. */
@Path("/disk")
@TrustedSource
@BasicAuth
public class DiskResource {

    private final GatewayAdmin gateway;

    public DiskResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{pool}/{image}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"Show one rbd disk defined to the gateways, with its status"})
    public Map<String, Object> disk(@PathParam("pool") String pool, @PathParam("image") String image) {
        return gateway.disk(pool, image);
    }
}
