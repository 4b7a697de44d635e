package io.cephiscsi.rest.internal;

import javax.ws.rs.DELETE;
import javax.ws.rs.FormParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/**
 * {@code PUT|DELETE /api/gateway/<target_iqn>/<gateway_name>}: add or remove a target's gateway (portal).
 * {@code nosync} is accepted and has no effect: every gateway always reconciles to the whole configuration.
 */
@Path("/gateway")
@TrustedSource
@BasicAuth
public class GatewayResource {

    private final GatewayAdmin gateway;

    public GatewayResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @PUT
    @Path("/{target_iqn}/{gateway_name}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"Define (PUT) or delete (DELETE) iscsi gateway(s) across node(s), adding TPGs, disks and clients.",
            ":param ip_address: (str) comma-separated IPv4/IPv6 addresses iSCSI should use (required for PUT)",
            ":param nosync: (bool) accepted for compatibility; every gateway always syncs the whole configuration",
            ":param skipchecks: (bool) whether to skip the new gateway's reachability/settings/OS checks",
            ":param force: (bool) DELETE only: remove a gateway that is down"})
    public ChangeReply put(@PathParam("target_iqn") String targetIqn, @PathParam("gateway_name") String gatewayName,
                           @FormParam("ip_address") String ipAddress, @FormParam("nosync") String nosync,
                           @FormParam("skipchecks") String skipChecks) {
        RequestParams.flag("nosync", nosync); // upstream's internal hint; every gateway syncs itself here
        var ips = RequestParams.commaList(RequestParams.required("ip_address", ipAddress));
        return ChangeReply.of(gateway.addGateway(targetIqn, gatewayName, ips, RequestParams.flag("skipchecks", skipChecks)));
    }

    @DELETE
    @Path("/{target_iqn}/{gateway_name}")
    @Produces(MediaType.APPLICATION_JSON)
    public ChangeReply delete(@PathParam("target_iqn") String targetIqn,
                              @PathParam("gateway_name") String gatewayName, @FormParam("force") String force) {
        return ChangeReply.of(gateway.removeGateway(targetIqn, gatewayName, RequestParams.flag("force", force)));
    }
}
