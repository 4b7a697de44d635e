package io.cephiscsi.rbd;

import java.util.List;

/** The daemons and raw capacity behind gwcli's {@code topology} node and cluster {@code info}. */
public record Topology(int osds, int osdsUp, int osdsIn, List<String> monsInQuorum, List<String> monsOutOfQuorum,
        long rawBytes, long rawUsedBytes) {

    public Topology {
        monsInQuorum = List.copyOf(monsInQuorum);
        monsOutOfQuorum = List.copyOf(monsOutOfQuorum);
    }

    public int mons() {
        return monsInQuorum.size() + monsOutOfQuorum.size();
    }

    /** gwcli's summary: {@code OSDs: 3,MONs: 3}. */
    public String summary() {
        return "OSDs: " + osds + ",MONs: " + mons();
    }
}
