package io.cephiscsi.rest.internal;

import static io.cephiscsi.rest.internal.RequestParams.orEmpty;

import javax.ws.rs.FormParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code PUT /api/discoveryauth}: discovery CHAP for every gateway; all four fields empty turns it off. */
@Path("/discoveryauth")
@TrustedSource
@BasicAuth
public class DiscoveryAuthResource {

    private final GatewayAdmin gateway;

    public DiscoveryAuthResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"Coordinate discovery authentication changes across each gateway node",
            ":param username: (str) 8-64 chars of [0-9a-zA-Z] and '.' ':' '@' '_' '-'",
            ":param password: (str) 12-16 chars of [0-9a-zA-Z] and '@' '-' '_' '/'",
            ":param mutual_username: (str) 8-64 chars of [0-9a-zA-Z] and '.' ':' '@' '_' '-'",
            ":param mutual_password: (str) 12-16 chars of [0-9a-zA-Z] and '@' '-' '_' '/'"})
    public ChangeReply put(@FormParam("username") String username, @FormParam("password") String password,
                           @FormParam("mutual_username") String mutualUsername,
                           @FormParam("mutual_password") String mutualPassword) {
        return ChangeReply.of(gateway.setDiscoveryAuth(orEmpty(username), orEmpty(password), orEmpty(mutualUsername),
                orEmpty(mutualPassword)));
    }
}
