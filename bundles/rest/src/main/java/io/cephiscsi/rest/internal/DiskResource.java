package io.cephiscsi.rest.internal;

import java.util.Map;
import java.util.Optional;

import javax.ws.rs.DELETE;
import javax.ws.rs.FormParam;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.DiskRequest;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.model.ConfigException;

/** {@code GET|PUT|DELETE /api/disk/<pool>/<image>}: show, create, resize, reconfigure or delete a disk. */
@Path("/disk")
@TrustedSource
@BasicAuth
public class DiskResource {

    private final GatewayAdmin gateway;

    public DiskResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{pool}/{image}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"Coordinate the create/delete of rbd images across the gateway nodes",
            ":param pool: (str) pool name",
            ":param image: (str) rbd image name; with count > 1 the prefix of <image>1..<image>N",
            ":param mode: (str) PUT: 'create', 'resize' or 'reconfigure'",
            ":param size: (str) the size of the rbd image, e.g. 10G (create, resize)",
            ":param count: (int) the number of images to create, 1-10, default 1",
            ":param backstore: (str) lio backstore, default user:rbd",
            ":param wwn: (str) unit serial number",
            ":param create_image: (bool) create the RBD image if it does not exist, default true",
            ":param controls: (JSON dict) valid control overrides (create, reconfigure)",
            ":param preserve_image: (bool) DELETE: do NOT delete the RBD image"})
    public Map<String, Object> disk(@PathParam("pool") String pool, @PathParam("image") String image) {
        return gateway.disk(pool, image);
    }

    @PUT
    @Path("/{pool}/{image}")
    @Produces(MediaType.APPLICATION_JSON)
    public ChangeReply put(@PathParam("pool") String pool, @PathParam("image") String image,
                           @FormParam("mode") String mode, @FormParam("size") String size,
                           @FormParam("count") String count, @FormParam("backstore") String backstore,
                           @FormParam("wwn") String wwn, @FormParam("create_image") String createImage,
                           @FormParam("controls") String controls) {
        RequestParams.DiskMode diskMode = RequestParams.DiskMode.of(mode);
        Map<String, Object> parsedControls = RequestParams.controls(controls);
        switch (diskMode) {
            case RESIZE:
                if (size == null || size.isEmpty()) {
                    throw ConfigException.invalid("size",
                            "resize request must contain the following variables: pool,image,size");
                }
                return ChangeReply.of(gateway.resizeDisk(pool, image, size));
            case RECONFIGURE:
                return ChangeReply.of(gateway.reconfigureDisk(pool, image, parsedControls));
            default:
                DiskRequest request = new DiskRequest(pool, image, nonEmpty(size), RequestParams.count(count),
                        backstore == null || backstore.isEmpty() ? DiskRequest.DEFAULT_BACKSTORE : backstore,
                        nonEmpty(wwn), RequestParams.createImage(createImage), parsedControls);
                return ChangeReply.of(gateway.createDisks(request));
        }
    }

    @DELETE
    @Path("/{pool}/{image}")
    @Produces(MediaType.APPLICATION_JSON)
    public ChangeReply delete(@PathParam("pool") String pool, @PathParam("image") String image,
                              @FormParam("preserve_image") String preserveImage) {
        return ChangeReply.of(gateway.deleteDisk(pool, image, RequestParams.flag("preserve_image", preserveImage)));
    }

    private static Optional<String> nonEmpty(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }
}
