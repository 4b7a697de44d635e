package io.cephiscsi.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.ClientInfo;
import io.cephiscsi.gateway.GatewayAdmin;

/**
 * {@code GET /api/_clientinfo/<target_iqn>/<client_iqn>} (internal): a client's session at this gateway alone, in
 * upstream's per-gateway shape ({@code state} is one word, {@code ""} when this gateway sees no session).
 */
@Path("/_clientinfo")
@TrustedSource
@BasicAuth
public class LocalClientInfoResource {

    private final GatewayAdmin gateway;

    public LocalClientInfoResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{target_iqn}/{client_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> clientInfo(@PathParam("target_iqn") String targetIqn,
                                          @PathParam("client_iqn") String clientIqn) {
        return render(gateway.hostname(), gateway.localClientInfo(targetIqn, clientIqn));
    }

    /** The state whose gateway list holds {@code me}, else {@code ""}. */
    static Map<String, Object> render(String me, ClientInfo info) {
        String state = info.state().entrySet().stream()
                .filter(entry -> entry.getValue().contains(me))
                .map(Map.Entry::getKey).sorted().findFirst().orElse("");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("alias", info.alias());
        json.put("state", state);
        json.put("ip_address", List.copyOf(info.ipAddresses()));
        return json;
    }
}
