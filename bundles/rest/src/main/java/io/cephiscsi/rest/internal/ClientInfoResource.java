package io.cephiscsi.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.ClientInfo;
import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/clientinfo/<target_iqn>/<client_iqn>}: a client's sessions as the target's gateways see them. */
@Path("/clientinfo")
@TrustedSource
@BasicAuth
public class ClientInfoResource {

    private final GatewayAdmin gateway;

    public ClientInfoResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{target_iqn}/{client_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc("Returns client alias, ip_address and state for each connected portal")
    public Map<String, Object> clientInfo(@PathParam("target_iqn") String targetIqn,
                                          @PathParam("client_iqn") String clientIqn) {
        ClientInfo info = gateway.clientInfo(targetIqn, clientIqn);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("alias", info.alias());
        json.put("state", info.state());
        json.put("ip_address", info.ipAddresses());
        return json;
    }
}
