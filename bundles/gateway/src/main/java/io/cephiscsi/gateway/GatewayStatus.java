package io.cephiscsi.gateway;

/**
 * What a gateway tells its peers about itself ({@code GET /api/_status}): its name and the epoch its LIO was last
 * made equal to (-1 before its first reconcile).
 */
public record GatewayStatus(String gateway, long appliedEpoch) {
}
