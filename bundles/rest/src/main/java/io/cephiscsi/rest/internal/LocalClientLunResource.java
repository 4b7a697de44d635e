package io.cephiscsi.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.FormParam;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigRules;
import io.cephiscsi.model.TargetConfig;

/**
 * {@code GET /api/_clientlun/<target_iqn>/<client_iqn>} (internal): a client's LUNs. Upstream's gwcli reads it after
 * {@code disk add} to learn the LUN id it got, so it stays, with upstream's shape: the map sits in {@code message}.
 * PUT (upstream gateways' fan-out): the committing host (upstream's own, called first) commits the client's LUNs;
 * LIO synced now.
 */
@Path("/_clientlun")
@TrustedSource
@BasicAuth
public class LocalClientLunResource {

    private final GatewayAdmin gateway;

    public LocalClientLunResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{target_iqn}/{client_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> clientLuns(@PathParam("target_iqn") String targetIqn,
                                          @PathParam("client_iqn") String clientIqn) {
        TargetConfig target = gateway.config().targets().get(ConfigRules.iqn("target_iqn", targetIqn));
        ClientConfig client = target == null ? null
                : target.clients().get(ConfigRules.iqn("client_iqn", clientIqn));
        if (client == null) {
            throw GatewayException.notFound("Client does not exist");
        }
        Map<String, Object> luns = new LinkedHashMap<>();
        client.luns().forEach((disk, lunId) -> luns.put(disk, Map.of("lun_id", lunId)));
        return Map.of("message", luns);
    }

    @PUT
    @Path("/{target_iqn}/{client_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> put(@PathParam("target_iqn") String targetIqn,
                                   @PathParam("client_iqn") String clientIqn,
                                   @FormParam("committing_host") String committingHost,
                                   @FormParam("image_list") String imageList, @FormParam("username") String username,
                                   @FormParam("password") String password,
                                   @FormParam("mutual_username") String mutualUsername,
                                   @FormParam("mutual_password") String mutualPassword) throws InterruptedException {
        UpstreamFanOut.refuseIfCommitter(gateway, "committing_host", committingHost,
                "Changing the LUNs of client " + clientIqn + " of target " + targetIqn);
        return UpstreamFanOut.synced(gateway, "Client configured successfully");
    }
}
