package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.FormParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/**
 * {@code PUT /api/_discoveryauth/} (internal, upstream gateways' fan-out): upstream calls every gateway first and
 * commits the discovery CHAP after; LIO is synced now and gets the CHAP with that commit.
 */
@Path("/_discoveryauth")
@TrustedSource
@BasicAuth
public class LocalDiscoveryAuthResource {

    private final GatewayAdmin gateway;

    public LocalDiscoveryAuthResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> put(@FormParam("username") String username, @FormParam("password") String password,
                                   @FormParam("mutual_username") String mutualUsername,
                                   @FormParam("mutual_password") String mutualPassword) throws InterruptedException {
        return UpstreamFanOut.synced(gateway, "OK");
    }
}
