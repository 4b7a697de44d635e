package io.cephiscsi.rbd;

import java.util.List;
import java.util.Map;

import io.cephiscsi.ceph.ClusterHealth;

/** The cluster facts behind gwcli's {@code /cluster} node and its {@code info}: health, pools, topology, version. */
public interface ClusterInfo {

    /** The cluster name ({@code cluster_name}). */
    String name();

    ClusterHealth health();

    /** The monitors' Ceph version, short as gwcli shows it ({@code 16.2.15}). */
    String version();

    /**
     * Every pool, sorted by name.
     *
     * @param committedBytes per pool, the sum of the sizes of the disks defined on it (absent pools count 0)
     */
    List<PoolInfo> pools(Map<String, Long> committedBytes);

    Topology topology();

    /**
     * The pool rule for a disk: the pool must exist and be replicated (an image's header cannot live in an
     * erasure-coded pool).
     *
     * @throws RbdException 400 "Invalid pool (p). Must already exist and be replicated"
     */
    void requireReplicatedPool(String pool);
}
