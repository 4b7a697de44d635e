package io.cephiscsi.model;

import java.util.List;

/**
 * One gateway's portal data inside a target ({@code targets[iqn].portals[gateway]}): the IPs this gateway
 * serves, all portal IPs of the target, the other gateways' IPs (its non-optimized TPGs) and the TPG count.
 */
public record PortalConfig(List<String> portalIpAddresses, List<String> gatewayIpList,
                           List<String> inactivePortalIps, long tpgs) {

    public PortalConfig {
        portalIpAddresses = List.copyOf(portalIpAddresses);
        gatewayIpList = List.copyOf(gatewayIpList);
        inactivePortalIps = List.copyOf(inactivePortalIps);
    }
}
