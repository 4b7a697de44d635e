package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/gatewayinfo}: iSCSI sessions on this gateway over all its targets. */
@Path("/gatewayinfo")
@TrustedSource
@BasicAuth
public class GatewayInfoResource {

    private final GatewayAdmin gateway;

    public GatewayInfoResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc("Returns the number of active sessions on local gateway")
    public Map<String, Object> gatewayInfo() {
        return Map.of("num_sessions", gateway.gatewaySessions());
    }
}
