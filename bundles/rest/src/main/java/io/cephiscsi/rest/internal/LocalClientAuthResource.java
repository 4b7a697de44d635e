package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.FormParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/**
 * {@code PUT /api/_clientauth/<target_iqn>/<client_iqn>} (internal, upstream gateways' fan-out): the committing host
 * (upstream's own, called first) commits the client's CHAP; LIO synced now.
 */
@Path("/_clientauth")
@TrustedSource
@BasicAuth
public class LocalClientAuthResource {

    private final GatewayAdmin gateway;

    public LocalClientAuthResource(GatewayAdmin gateway) {
        this.gateway = gateway;
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
                "Changing client " + clientIqn + " of target " + targetIqn);
        return UpstreamFanOut.synced(gateway, "Client configured successfully");
    }
}
