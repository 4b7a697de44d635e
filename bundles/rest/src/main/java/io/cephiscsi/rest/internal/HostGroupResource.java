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

/** {@code GET|PUT|DELETE /api/hostgroup/<target_iqn>/<group_name>}: show, create/update or delete a host group. */
@Path("/hostgroup")
@TrustedSource
@BasicAuth
public class HostGroupResource {

    private final GatewayAdmin gateway;

    public HostGroupResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{target_iqn}/{group_name}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"co-ordinate the management of host groups across iSCSI gateway hosts",
            ":param group_name: (str) group name",
            ":param members: (str) PUT: comma-separated client IQNs that are members of this group",
            ":param disks: (str) PUT: comma-separated disks (pool/image) that each member should have masked",
            ":param action: (str) PUT: 'add' (default) or 'remove' the members/disks given"})
    public Map<String, Object> group(@PathParam("target_iqn") String targetIqn,
                                     @PathParam("group_name") String groupName) {
        return gateway.group(targetIqn, groupName);
    }

    @PUT
    @Path("/{target_iqn}/{group_name}")
    @Produces(MediaType.APPLICATION_JSON)
    public ChangeReply put(@PathParam("target_iqn") String targetIqn, @PathParam("group_name") String groupName,
                           @FormParam("members") String members, @FormParam("disks") String disks,
                           @FormParam("action") String action) {
        boolean add = RequestParams.hostGroupAdd(action);
        return ChangeReply.of(gateway.updateHostGroup(targetIqn, groupName, RequestParams.commaList(members),
                RequestParams.commaList(disks), add));
    }

    @DELETE
    @Path("/{target_iqn}/{group_name}")
    @Produces(MediaType.APPLICATION_JSON)
    public ChangeReply delete(@PathParam("target_iqn") String targetIqn, @PathParam("group_name") String groupName) {
        return ChangeReply.of(gateway.deleteHostGroup(targetIqn, groupName));
    }
}
