package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Produces;
import javax.ws.rs.Path;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/targets}: the target IQNs. */
@Path("/targets")
@TrustedSource
@BasicAuth
public class TargetsResource {

    private final GatewayAdmin gateway;

    public TargetsResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc("List targets defined in the configuration.")
    public Map<String, Object> targets() {
        return Map.of("targets", gateway.targets());
    }
}
