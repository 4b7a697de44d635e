package io.cephiscsi.rest.internal;

import javax.ws.rs.DELETE;
import javax.ws.rs.FormParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code PUT|DELETE /api/disksnap/<pool>/<image>/<name>}: create, roll back to or delete an image snapshot. */
@Path("/disksnap")
@TrustedSource
@BasicAuth
public class DiskSnapResource {

    private final GatewayAdmin gateway;

    public DiskSnapResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @PUT
    @Path("/{pool}/{image}/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"Coordinate the management of rbd image snapshots across the gateway nodes",
            ":param name: (str) rbd snapshot name",
            ":param mode: (str) PUT: 'create' or 'rollback' the rbd snapshot"})
    public ChangeReply put(@PathParam("pool") String pool, @PathParam("image") String image,
                           @PathParam("name") String name, @FormParam("mode") String mode) {
        return ChangeReply.of(RequestParams.snapshotRollback(mode) ? gateway.rollbackSnapshot(pool, image, name)
                : gateway.createSnapshot(pool, image, name));
    }

    @DELETE
    @Path("/{pool}/{image}/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public ChangeReply delete(@PathParam("pool") String pool, @PathParam("image") String image,
                              @PathParam("name") String name) {
        return ChangeReply.of(gateway.deleteSnapshot(pool, image, name));
    }
}
