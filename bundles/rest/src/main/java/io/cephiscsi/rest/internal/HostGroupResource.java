package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/hostgroup/<target_iqn>/<group_name>}: one host group as stored (members, disks). */
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
    @ApiDoc("Return a host group's members and disks")
    public Map<String, Object> group(@PathParam("target_iqn") String targetIqn,
                                     @PathParam("group_name") String groupName) {
        return gateway.group(targetIqn, groupName);
    }
}
