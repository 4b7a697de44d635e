package io.cephiscsi.rbd.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.cephiscsi.ceph.internal.RadosConnection;
import io.cephiscsi.rbd.ClusterInfo;
import io.cephiscsi.rbd.ClusterInfoContract;
import io.cephiscsi.rbd.PoolInfo;
import io.cephiscsi.rbd.RbdException;
import io.cephiscsi.rbd.Topology;

/** Against the project's single-node test cluster: one MON (a), one OSD, pools rbd and iscsi of size 1. */
public class CephClusterInfoTest extends ClusterInfoContract {

    private static final String EC_POOL = "clusterinfotest-ec";

    private static RadosConnection ceph;
    private static CephClusterInfo info;

    @BeforeClass
    public static void connect() {
        ceph = TestCeph.connection(20);
        info = new CephClusterInfo(ceph);
    }

    @AfterClass
    public static void disconnect() {
        if (ceph != null) {
            ceph.monCommand("{\"prefix\": \"osd pool rm\", \"pool\": \"" + EC_POOL + "\", \"pool2\": \"" + EC_POOL
                    + "\", \"yes_i_really_really_mean_it\": true}");
            ceph.close();
        }
    }

    @Override
    protected ClusterInfo cluster() {
        return info;
    }

    @Test
    public void topologyIsOneOsdUpAndInAndOneMonInQuorum() {
        Topology topology = info.topology();
        assertEquals(1, topology.osds());
        assertEquals(1, topology.osdsUp());
        assertEquals(1, topology.osdsIn());
        assertEquals(List.of("a"), topology.monsInQuorum());
        assertEquals(List.of(), topology.monsOutOfQuorum());
        assertEquals("OSDs: 1,MONs: 1", topology.summary());
    }

    @Test
    public void versionIsTheMonitorsShortVersion() {
        assertTrue(info.version(), info.version().matches("\\d+\\.\\d+\\.\\d+"));
        assertEquals("ceph", info.name());
    }

    @Test
    public void anErasureCodedPoolShowsKPlusMFromItsProfileAndIsRefusedForDisks() {
        ceph.monCommand("{\"prefix\": \"osd erasure-code-profile set\", \"name\": \"clusterinfotest-k2m1\", "
                + "\"profile\": [\"k=2\", \"m=1\", \"crush-failure-domain=osd\"]}");
        ceph.monCommand("{\"prefix\": \"osd pool create\", \"pool\": \"" + EC_POOL + "\", \"pg_num\": 1, "
                + "\"pool_type\": \"erasure\", \"erasure_code_profile\": \"clusterinfotest-k2m1\"}");
        PoolInfo ec = info.pools(Map.of()).stream().filter(pool -> pool.name().equals(EC_POOL)).findFirst()
                .orElseThrow();
        assertEquals("erasure", ec.type());
        assertEquals(2, ec.k());
        assertEquals(1, ec.m());
        assertEquals("2+1", ec.description());
        RbdException refused = org.junit.Assert.assertThrows(RbdException.class,
                () -> info.requireReplicatedPool(EC_POOL));
        assertEquals("Invalid pool (" + EC_POOL + "). Must already exist and be replicated", refused.getMessage());
    }

    @Test
    public void poolUsageComesFromDf() {
        PoolInfo rbd = info.pools(Map.of("rbd", 1L << 40)).stream().filter(pool -> pool.name().equals("rbd"))
                .findFirst().orElseThrow();
        assertTrue(rbd.toString(), rbd.maxAvailBytes() > 0 && rbd.maxAvailBytes() <= 1L << 30);
        // 1T committed on a 1 GiB memstore OSD: heavily overcommitted, as gwcli would show it
        assertTrue(rbd.toString(), rbd.overcommitPercent() > 1000);
    }
}
