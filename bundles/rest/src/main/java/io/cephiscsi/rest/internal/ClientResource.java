package io.cephiscsi.rest.internal;

import javax.ws.rs.DELETE;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code PUT|DELETE /api/client/<target_iqn>/<client_iqn>}: define or delete a client (initiator ACL). */
@Path("/client")
@TrustedSource
@BasicAuth
public class ClientResource {

    private final GatewayAdmin gateway;

    public ClientResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @PUT
    @Path("/{target_iqn}/{client_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"Handle the client create/delete actions across gateways",
            ":param target_iqn: (str) IQN of the target",
            ":param client_iqn: (str) IQN of the client to create or delete"})
    public ChangeReply put(@PathParam("target_iqn") String targetIqn, @PathParam("client_iqn") String clientIqn) {
        return ChangeReply.of(gateway.createClient(targetIqn, clientIqn));
    }

    @DELETE
    @Path("/{target_iqn}/{client_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public ChangeReply delete(@PathParam("target_iqn") String targetIqn, @PathParam("client_iqn") String clientIqn) {
        return ChangeReply.of(gateway.deleteClient(targetIqn, clientIqn));
    }
}
