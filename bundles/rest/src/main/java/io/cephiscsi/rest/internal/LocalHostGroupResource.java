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

/**
 * {@code GET|PUT|DELETE /api/_hostgroup/<target_iqn>/<group_name>} (internal, upstream gateways' fan-out). PUT: the
 * group is committed by upstream's own gateway, called first; LIO synced now. DELETE is refused: upstream sends it
 * only to the gateway that took the request, which then removes the group from the configuration itself.
 */
@Path("/_hostgroup")
@TrustedSource
@BasicAuth
public class LocalHostGroupResource {

    private final GatewayAdmin gateway;

    public LocalHostGroupResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{target_iqn}/{group_name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@PathParam("target_iqn") String targetIqn,
                                   @PathParam("group_name") String groupName) {
        return gateway.group(targetIqn, groupName);
    }

    @PUT
    @Path("/{target_iqn}/{group_name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> put(@PathParam("target_iqn") String targetIqn,
                                   @PathParam("group_name") String groupName,
                                   @FormParam("members") String members, @FormParam("disks") String disks)
            throws InterruptedException {
        return UpstreamFanOut.synced(gateway, "Group created/updated");
    }

    @DELETE
    @Path("/{target_iqn}/{group_name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> delete(@PathParam("target_iqn") String targetIqn,
                                      @PathParam("group_name") String groupName) {
        throw UpstreamFanOut.refused(gateway, "Deleting host group " + groupName + " of target " + targetIqn);
    }
}
