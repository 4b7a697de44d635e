package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.FormParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/**
 * {@code PUT|DELETE /api/_targetlun/<target_iqn>} (internal, upstream gateways' fan-out). A map is committed by the
 * allocating host (upstream's own, called first), an unmap by the purge host (called last): LIO synced now.
 */
@Path("/_targetlun")
@TrustedSource
@BasicAuth
public class LocalTargetLunResource {

    private final GatewayAdmin gateway;

    public LocalTargetLunResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @PUT
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> map(@PathParam("target_iqn") String targetIqn, @FormParam("disk") String disk,
                                   @FormParam("lun_id") String lunId, @FormParam("owner") String owner,
                                   @FormParam("allocating_host") String allocatingHost) throws InterruptedException {
        UpstreamFanOut.refuseIfCommitter(gateway, "allocating_host", allocatingHost,
                "Mapping " + disk + " to target " + targetIqn);
        return UpstreamFanOut.synced(gateway, "LUN mapped");
    }

    @DELETE
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> unmap(@PathParam("target_iqn") String targetIqn, @FormParam("disk") String disk,
                                     @FormParam("purge_host") String purgeHost) throws InterruptedException {
        UpstreamFanOut.refuseIfCommitter(gateway, "purge_host", purgeHost,
                "Unmapping " + disk + " from target " + targetIqn);
        return UpstreamFanOut.synced(gateway, "LUN mapped"); // upstream's words for both
    }
}
