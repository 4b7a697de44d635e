package io.cephiscsi.rest.internal;

import javax.ws.rs.DELETE;
import javax.ws.rs.FormParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code PUT|DELETE /api/clientlun/<target_iqn>/<client_iqn>}: give a client a LUN, or take it away. */
@Path("/clientlun")
@TrustedSource
@BasicAuth
public class ClientLunResource {

    private final GatewayAdmin gateway;

    public ClientLunResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @PUT
    @Path("/{target_iqn}/{client_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"Coordinate the addition(PUT) and removal(DELETE) of a disk for a client",
            ":param client_iqn: (str) IQN of the client",
            ":param disk: (str) rbd image name of the format pool/image (required)"})
    public ChangeReply put(@PathParam("target_iqn") String targetIqn, @PathParam("client_iqn") String clientIqn,
                           @FormParam("disk") String disk) {
        return ChangeReply.of(gateway.addClientLun(targetIqn, clientIqn, RequestParams.required("disk", disk)));
    }

    @DELETE
    @Path("/{target_iqn}/{client_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public ChangeReply delete(@PathParam("target_iqn") String targetIqn, @PathParam("client_iqn") String clientIqn,
                              @FormParam("disk") String disk) {
        return ChangeReply.of(gateway.removeClientLun(targetIqn, clientIqn, RequestParams.required("disk", disk)));
    }
}
