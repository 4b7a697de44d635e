package io.cephiscsi.gateway.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One disk's status as the tcmu-runner daemons of its gateways report it through the service map: upstream's
 * {@code status} of {@code GET /api/disk/<pool>/<image>}. Immutable.
 *
 * @param state     {@link #ONLINE}, {@link #CLUSTER_ACCESS_FAILURE} or {@link #EXCESSIVE_FAILOVERS}
 * @param lockOwner the gateway that last reported holding the image's exclusive lock; empty when none did yet
 * @param gateways  each reporting gateway's counters ({@code lock_lost_cnt}, {@code conn_lost_cnt},
 *                  {@code cmd_timed_out_cnt}) by the name tcmu-runner registered it under (its node name)
 */
record DeviceStatus(String state, String lockOwner, Map<String, Map<String, Long>> gateways) {

    static final String ONLINE = "Online";
    static final String CLUSTER_ACCESS_FAILURE = "Degraded - cluster access failure";
    static final String EXCESSIVE_FAILOVERS = "Degraded - excessive failovers";
    /** What a disk no tcmu-runner reports on shows, as upstream. */
    static final String UNKNOWN = "Unknown";

    DeviceStatus {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        gateways.forEach((gateway, counters) -> copy.put(gateway, Map.copyOf(counters)));
        gateways = Map.copyOf(copy);
    }

    /** The REST reply's {@code status} object. */
    Map<String, Object> toMap() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("state", state);
        status.put("lock_owner", lockOwner);
        Map<String, Object> byGateway = new TreeMap<>();
        gateways.forEach((gateway, counters) -> byGateway.put(gateway, new TreeMap<>(counters)));
        status.put("gateways", byGateway);
        return status;
    }

    /** The reply for a disk no tcmu-runner reports on. */
    static Map<String, Object> unknown() {
        return Map.of("state", UNKNOWN);
    }
}
