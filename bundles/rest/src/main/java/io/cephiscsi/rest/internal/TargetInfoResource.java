package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/targetinfo/<target_iqn>}: iSCSI sessions on a target, summed over its gateways. */
@Path("/targetinfo")
@TrustedSource
@BasicAuth
public class TargetInfoResource {

    private final GatewayAdmin gateway;

    public TargetInfoResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc("Returns the total number of active sessions for <target_iqn>")
    public Map<String, Object> targetInfo(@PathParam("target_iqn") String targetIqn) {
        return Map.of("num_sessions", gateway.targetSessions(targetIqn));
    }
}
