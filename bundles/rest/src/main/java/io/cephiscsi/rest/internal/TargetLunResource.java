package io.cephiscsi.rest.internal;

import javax.ws.rs.DELETE;
import javax.ws.rs.FormParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code PUT|DELETE /api/targetlun/<target_iqn>}: map a disk to a target as a LUN, or unmap it. */
@Path("/targetlun")
@TrustedSource
@BasicAuth
public class TargetLunResource {

    private final GatewayAdmin gateway;

    public TargetLunResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @PUT
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"Coordinate the addition(PUT) and removal(DELETE) of a disk for a target",
            ":param target_iqn: (str) IQN of the target",
            ":param disk: (str) rbd image name on the format pool/image (required)",
            ":param lun_id: (int) PUT only: the LUN id; absent for the lowest free one"})
    public ChangeReply put(@PathParam("target_iqn") String targetIqn, @FormParam("disk") String disk,
                           @FormParam("lun_id") String lunId) {
        RequestParams.required("disk", disk);
        return ChangeReply.of(gateway.addTargetLun(targetIqn, disk, RequestParams.lunId(lunId)));
    }

    @DELETE
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public ChangeReply delete(@PathParam("target_iqn") String targetIqn, @FormParam("disk") String disk) {
        return ChangeReply.of(gateway.removeTargetLun(targetIqn, RequestParams.required("disk", disk)));
    }
}
