package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/clients/<target_iqn>}: the client IQNs of a target. */
@Path("/clients")
@TrustedSource
@BasicAuth
public class ClientsResource {

    private final GatewayAdmin gateway;

    public ClientsResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc("List clients defined to the configuration.")
    public Map<String, Object> clients(@PathParam("target_iqn") String targetIqn) {
        return Map.of("clients", gateway.clients(targetIqn));
    }
}
