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
 * {@code PUT /api/_targetauth/<target_iqn>} (internal, upstream gateways' fan-out): the committing host (upstream's
 * own, called first) commits the ACL mode or target CHAP; LIO synced now.
 */
@Path("/_targetauth")
@TrustedSource
@BasicAuth
public class LocalTargetAuthResource {

    private final GatewayAdmin gateway;

    public LocalTargetAuthResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @PUT
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> put(@PathParam("target_iqn") String targetIqn,
                                   @FormParam("committing_host") String committingHost,
                                   @FormParam("action") String action, @FormParam("username") String username,
                                   @FormParam("password") String password,
                                   @FormParam("mutual_username") String mutualUsername,
                                   @FormParam("mutual_password") String mutualPassword) throws InterruptedException {
        UpstreamFanOut.refuseIfCommitter(gateway, "committing_host", committingHost,
                "Changing the authentication of target " + targetIqn);
        return UpstreamFanOut.synced(gateway, "OK");
    }
}
