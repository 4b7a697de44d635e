package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/_targetinfo/<target_iqn>} (internal): iSCSI sessions on a target at this gateway alone. */
@Path("/_targetinfo")
@TrustedSource
@BasicAuth
public class LocalTargetInfoResource {

    private final GatewayAdmin gateway;

    public LocalTargetInfoResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> targetInfo(@PathParam("target_iqn") String targetIqn) {
        return Map.of("num_sessions", gateway.localTargetSessions(targetIqn));
    }
}
