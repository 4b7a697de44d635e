package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/gateways/<target_iqn>}: the target's portals, gateway name to portal data, as stored. */
@Path("/gateways")
@TrustedSource
@BasicAuth
public class GatewaysResource {

    private final GatewayAdmin gateway;

    public GatewaysResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc("Return the gateway subsection of the config object to the caller")
    public Map<String, Object> portals(@PathParam("target_iqn") String targetIqn) {
        return gateway.portals(targetIqn);
    }
}
