package io.cephiscsi.rbd;

/**
 * One pool as gwcli's {@code /cluster/<name>/pools} shows it. For a replicated pool {@code replicas} is its size
 * and k, m are 0; for an erasure-coded pool k and m come from its profile. {@code committedBytes} is the sum of the
 * sizes of the disks defined on it, as the caller supplied.
 */
public record PoolInfo(String name, boolean replicated, int replicas, int k, int m, long maxAvailBytes,
        long usedBytes, long committedBytes) {

    /** {@code x3} or {@code 4+2}. */
    public String description() {
        return replicated ? "x" + replicas : k + "+" + m;
    }

    /** {@code replicated} or {@code erasure}. */
    public String type() {
        return replicated ? "replicated" : "erasure";
    }

    /** Committed bytes in percent of max available, truncated as gwcli does; 0 when nothing is available. */
    public int overcommitPercent() {
        return maxAvailBytes == 0 ? 0 : (int) (committedBytes * 100.0 / maxAvailBytes);
    }

    /** gwcli's summary: {@code (x3), Commit: 10G/95G (10%), Used: 1G}. */
    public String summary() {
        return "(" + description() + "), Commit: " + DiskSize.human(committedBytes) + "/" + DiskSize.human(maxAvailBytes)
                + " (" + overcommitPercent() + "%), Used: " + DiskSize.human(usedBytes);
    }
}
