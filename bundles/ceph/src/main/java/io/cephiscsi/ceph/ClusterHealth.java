package io.cephiscsi.ceph;

import java.util.List;

/**
 * Cluster health: {@code status} is HEALTH_OK, HEALTH_WARN or HEALTH_ERR; {@code checks} the active health checks.
 */
public record ClusterHealth(String status, List<Check> checks) {

    public ClusterHealth {
        checks = List.copyOf(checks);
    }

    /** One active health check, e.g. {@code POOL_NO_REDUNDANCY / HEALTH_WARN / "1 pool(s) have no replicas configured"}. */
    public record Check(String code, String severity, String message) {
    }
}
