package io.cephiscsi.rest.internal;

import static io.cephiscsi.rest.internal.RequestParams.orEmpty;

import javax.ws.rs.FormParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code PUT /api/targetauth/<target_iqn>}: ACLs on or off, and the target's CHAP. */
@Path("/targetauth")
@TrustedSource
@BasicAuth
public class TargetAuthResource {

    private final GatewayAdmin gateway;

    public TargetAuthResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @PUT
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"Coordinate the gen-acls or CHAP/MUTUAL_CHAP across each gateway node",
            ":param target_iqn: (str) IQN of the target",
            ":param action: (str) 'none' (default), 'disable_acl' or 'enable_acl'",
            ":param username: (str) 8-64 chars of [0-9a-zA-Z] and '.' ':' '@' '_' '-'",
            ":param password: (str) 12-16 chars of [0-9a-zA-Z] and '@' '-' '_' '/'",
            ":param mutual_username: (str) 8-64 chars of [0-9a-zA-Z] and '.' ':' '@' '_' '-'",
            ":param mutual_password: (str) 12-16 chars of [0-9a-zA-Z] and '@' '-' '_' '/'"})
    public ChangeReply put(@PathParam("target_iqn") String targetIqn, @FormParam("action") String action,
                           @FormParam("username") String username, @FormParam("password") String password,
                           @FormParam("mutual_username") String mutualUsername,
                           @FormParam("mutual_password") String mutualPassword) {
        return ChangeReply.of(gateway.setTargetAuth(targetIqn, RequestParams.targetAuthAction(action),
                orEmpty(username), orEmpty(password), orEmpty(mutualUsername), orEmpty(mutualPassword)));
    }
}
