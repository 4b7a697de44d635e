package io.cephiscsi.rest.internal;

import java.util.List;
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

/**
 * {@code GET|PUT|DELETE /api/_gateway/<target_iqn>/<gateway_name>} (internal, upstream gateways' fan-out). Upstream
 * calls the gateway being added or removed first, and it defines or removes itself in the configuration; the others
 * then follow it. This gateway does both as upstream's: named, it defines or removes itself (committed, even while
 * ceph-iscsi gateways run); otherwise its LIO follows (synced now).
 */
@Path("/_gateway")
@TrustedSource
@BasicAuth
public class LocalGatewayResource {

    private final GatewayAdmin gateway;

    public LocalGatewayResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{target_iqn}/{gateway_name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Object get(@PathParam("target_iqn") String targetIqn, @PathParam("gateway_name") String gatewayName) {
        Object portal = gateway.portals(targetIqn).get(gatewayName);
        if (portal == null) {
            throw GatewayException.notFound("Gateway doesn't exist in the configuration"); // upstream's text
        }
        return portal;
    }

    @PUT
    @Path("/{target_iqn}/{gateway_name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> put(@PathParam("target_iqn") String targetIqn,
                                   @PathParam("gateway_name") String gatewayName,
                                   @FormParam("gateway_ip_list") String gatewayIpList,
                                   @FormParam("nosync") String nosync) throws InterruptedException {
        if (gatewayName.equals(gateway.hostname())) {
            // called first: this gateway defines itself, as upstream's does
            List<String> ips = gatewayIpList == null ? List.of() : List.of(gatewayIpList.split(","));
            return UpstreamFanOut.committedHere(gateway, () -> gateway.joinTarget(targetIqn, ips));
        }
        return UpstreamFanOut.synced(gateway, "Gateway defined/mapped");
    }

    @DELETE
    @Path("/{target_iqn}/{gateway_name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> delete(@PathParam("target_iqn") String targetIqn,
                                      @PathParam("gateway_name") String gatewayName) throws InterruptedException {
        if (gatewayName.equals(gateway.hostname())) {
            // called first: this gateway removes itself, as upstream's does
            return UpstreamFanOut.committedHere(gateway, () -> gateway.leaveTarget(targetIqn));
        }
        return UpstreamFanOut.synced(gateway, "Gateway deleted.");
    }
}
