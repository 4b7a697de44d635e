package io.cephiscsi.gateway.internal;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One disk's status between polls of the service map, with upstream's rules: a change of a gateway's
 * {@code conn_lost_cnt} or {@code cmd_timed_out_cnt} between two polls degrades the disk ("cluster access failure"),
 * a rise of {@code lock_lost_cnt} by at least {@code lock_lost_cnt_threshhold} within one poll does too ("excessive
 * failovers"), and a disk that saw no such change for more than {@code stable_state_reset_count} polls is
 * {@code Online} again. The first value seen of a counter is its baseline, never a change. Used on the watcher's
 * thread only.
 */
final class DeviceTracker {

    static final Set<String> COUNTERS = Set.of("lock_lost_cnt", "conn_lost_cnt", "cmd_timed_out_cnt");

    private final Map<String, Map<String, Long>> counters = new HashMap<>();
    private String state = DeviceStatus.ONLINE;
    private String lockOwner = "";
    private OffsetDateTime lockOwnerStamp;
    private boolean changedThisPoll;
    private int stablePolls;

    /**
     * One gateway's report of this poll.
     *
     * @param stamp when the gateway last updated its status; null when the mgr gave none that could be read
     */
    void report(String gateway, Map<String, String> status, OffsetDateTime stamp, int lockLostThreshold) {
        Map<String, Long> seen = counters.computeIfAbsent(gateway, g -> new HashMap<>());
        for (Map.Entry<String, String> entry : status.entrySet()) {
            String name = entry.getKey();
            if (name.equals("lock_owner")) {
                if ("true".equals(entry.getValue()) && stamp != null
                        && (lockOwnerStamp == null || stamp.isAfter(lockOwnerStamp))) {
                    lockOwnerStamp = stamp;
                    lockOwner = gateway;
                    stablePolls = 0;
                }
                continue;
            }
            if (!COUNTERS.contains(name)) {
                continue;
            }
            long value;
            try {
                value = Long.parseLong(entry.getValue().trim());
            } catch (NumberFormatException e) {
                continue; // not tcmu-runner's: ignore rather than guess
            }
            Long previous = seen.put(name, value);
            if (previous != null) {
                degradeOn(name, Math.abs(value - previous), lockLostThreshold);
            }
        }
    }

    private void degradeOn(String counter, long change, int lockLostThreshold) {
        if (!counter.equals("lock_lost_cnt") && change >= 1) {
            degrade(DeviceStatus.CLUSTER_ACCESS_FAILURE);
        } else if (counter.equals("lock_lost_cnt") && change >= lockLostThreshold) {
            degrade(DeviceStatus.EXCESSIVE_FAILOVERS);
        }
    }

    private void degrade(String newState) {
        state = newState;
        changedThisPoll = true;
        stablePolls = 0;
    }

    /** Closes a poll: a disk without a change for more than {@code stableResetCount} polls is Online again. */
    void endPoll(int stableResetCount) {
        if (changedThisPoll) {
            changedThisPoll = false;
            return;
        }
        stablePolls++;
        if (stablePolls > stableResetCount) {
            stablePolls = 0;
            state = DeviceStatus.ONLINE;
        }
    }

    DeviceStatus snapshot() {
        return new DeviceStatus(state, lockOwner, counters);
    }
}
