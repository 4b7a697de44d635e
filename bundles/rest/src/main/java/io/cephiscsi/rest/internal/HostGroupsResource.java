package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/hostgroups/<target_iqn>}: the host group names of a target. */
@Path("/hostgroups")
@TrustedSource
@BasicAuth
public class HostGroupsResource {

    private final GatewayAdmin gateway;

    public HostGroupsResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc("Return the hostgroup names defined to the configuration")
    public Map<String, Object> groups(@PathParam("target_iqn") String targetIqn) {
        return Map.of("groups", gateway.groups(targetIqn));
    }
}
