package io.cephiscsi.gateway;

import java.util.List;

/**
 * What a gateway tells its peers about itself ({@code GET /api/_status}): its name, the epoch its LIO was last
 * made equal to (-1 before its first reconcile), and what keeps it from working now (the shared configuration
 * unreadable or unusable, LIO refusing a write); none when all is well.
 */
public record GatewayStatus(String gateway, long appliedEpoch, List<String> problems) {

    public GatewayStatus {
        problems = List.copyOf(problems);
    }

    public GatewayStatus(String gateway, long appliedEpoch) {
        this(gateway, appliedEpoch, List.of());
    }
}
