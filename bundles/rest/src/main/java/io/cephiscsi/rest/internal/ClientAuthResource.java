package io.cephiscsi.rest.internal;

import static io.cephiscsi.rest.internal.RequestParams.orEmpty;

import javax.ws.rs.FormParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code PUT /api/clientauth/<target_iqn>/<client_iqn>}: a client's CHAP; all four fields empty removes it. */
@Path("/clientauth")
@TrustedSource
@BasicAuth
public class ClientAuthResource {

    private final GatewayAdmin gateway;

    public ClientAuthResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @PUT
    @Path("/{target_iqn}/{client_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"Coordinate client authentication changes across each gateway node",
            ":param username: (str) 8-64 chars of [0-9a-zA-Z] and '.' ':' '@' '_' '-'",
            ":param password: (str) 12-16 chars of [0-9a-zA-Z] and '@' '-' '_' '/'",
            ":param mutual_username: (str) 8-64 chars of [0-9a-zA-Z] and '.' ':' '@' '_' '-'",
            ":param mutual_password: (str) 12-16 chars of [0-9a-zA-Z] and '@' '-' '_' '/'"})
    public ChangeReply put(@PathParam("target_iqn") String targetIqn, @PathParam("client_iqn") String clientIqn,
                           @FormParam("username") String username, @FormParam("password") String password,
                           @FormParam("mutual_username") String mutualUsername,
                           @FormParam("mutual_password") String mutualPassword) {
        return ChangeReply.of(gateway.setClientAuth(targetIqn, clientIqn, orEmpty(username), orEmpty(password),
                orEmpty(mutualUsername), orEmpty(mutualPassword)));
    }
}
