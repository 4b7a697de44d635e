package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.FormParam;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.TargetConfig;

/**
 * {@code GET|PUT|DELETE /api/_disk/<pool>/<image>} (internal, upstream gateways' fan-out).
 * <ul>
 * <li>PUT {@code create} / {@code resize}: upstream's own gateway (the {@code owner}) creates or grows the image
 * and commits first; LIO synced now, with the mapped images' sizes read again (a resize commits nothing).</li>
 * <li>PUT {@code deactivate} / {@code activate} (disk reconfigure, snapshot rollback): upstream takes the LUN out of
 * LIO and puts it back. Here LIO always equals the configuration (the new controls arrive with upstream's commit,
 * after the activations), so the LUN stays; deactivate is refused as upstream's is while an initiator that sees
 * the disk is logged in through this gateway, so a rollback never runs under this gateway's initiators.</li>
 * <li>DELETE: the purge host (upstream's own, called last) deletes the image and commits. This gateway has a
 * backstore only for disks a target maps, and the disk may not be mapped: once synced, LIO holds no backstore of
 * it.</li>
 * </ul>
 */
@Path("/_disk")
@TrustedSource
@BasicAuth
public class LocalDiskResource {

    private final GatewayAdmin gateway;

    public LocalDiskResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{pool}/{image}")
    @Produces(MediaType.APPLICATION_JSON)
    public Object get(@PathParam("pool") String pool, @PathParam("image") String image) {
        Object disk = gateway.disks().get(pool + "/" + image);
        if (disk == null) {
            throw GatewayException.notFound("rbd image " + pool + "/" + image + " not found");
        }
        return disk;
    }

    @PUT
    @Path("/{pool}/{image}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> put(@PathParam("pool") String pool, @PathParam("image") String image,
                                   @FormParam("mode") String mode, @FormParam("size") String size,
                                   @FormParam("owner") String owner, @FormParam("backstore") String backstore,
                                   @FormParam("wwn") String wwn, @FormParam("controls") String controls)
            throws InterruptedException {
        String id = pool + "/" + image;
        String mode0 = mode == null ? "None" : mode;
        switch (mode0) {
            case "create", "resize" -> {
                UpstreamFanOut.refuseIfCommitter(gateway, "owner", owner,
                        (mode0.equals("create") ? "Creating " : "Resizing ") + id);
                return UpstreamFanOut.synced(gateway, mode0.equals("create") ? "LUN created" : "LUN resized");
            }
            case "deactivate", "activate" -> {
                Map<String, String> reply = UpstreamFanOut.synced(gateway, "LUN " + mode0 + "d");
                GatewayConfig config = gateway.config();
                DiskConfig disk = config.disks().get(id);
                if (disk == null) {
                    throw GatewayException.notFound("rbd image " + id + " not found");
                }
                if (disk.owner() == null || disk.owner().isEmpty()) {
                    throw new GatewayException(400, "LUN " + mode0 + " failure - Disk " + id
                            + " must be assigned to a target");
                }
                // upstream's deactivate refuses while an initiator that has the LUN is logged in through this gateway
                if (mode0.equals("deactivate") && gateway.localSessionOnDisk(pool, image).isPresent()) {
                    throw inUse(image);
                }
                return reply;
            }
            default -> throw new GatewayException(400, "disk operation mode '" + mode0 + "' is invalid");
        }
    }

    @DELETE
    @Path("/{pool}/{image}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> delete(@PathParam("pool") String pool, @PathParam("image") String image,
                                      @FormParam("purge_host") String purgeHost,
                                      @FormParam("preserve_image") String preserveImage,
                                      @FormParam("backstore") String backstore) throws InterruptedException {
        String id = pool + "/" + image;
        UpstreamFanOut.refuseIfCommitter(gateway, "purge_host", purgeHost, "Deleting " + id);
        Map<String, String> reply = UpstreamFanOut.synced(gateway, "LUN removed");
        for (Map.Entry<String, TargetConfig> target : gateway.config().targets().entrySet()) {
            if (target.getValue().disks().containsKey(id)) {
                throw new GatewayException(400, "Failed to remove the LUN - Unable to delete " + id
                        + " - allocated to " + target.getKey()); // upstream's words
            }
        }
        return reply;
    }

    private static GatewayException inUse(String image) {
        return new GatewayException(500, "deactivate failed - LUN " + image + " in-use"); // upstream's words
    }
}
