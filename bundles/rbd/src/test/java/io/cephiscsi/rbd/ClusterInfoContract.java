package io.cephiscsi.rbd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;

/** What every {@link ClusterInfo} must answer, written once for the Ceph and the embedded implementations. */
public abstract class ClusterInfoContract {

    protected abstract ClusterInfo cluster();

    @Test
    public void healthHasAStatusAndAMessagePerCheck() {
        String status = cluster().health().status();
        assertTrue(status, List.of("HEALTH_OK", "HEALTH_WARN", "HEALTH_ERR").contains(status));
        cluster().health().checks().forEach(check -> assertFalse(check.toString(), check.message().isEmpty()));
    }

    @Test
    public void poolsRbdAndIscsiAreReplicatedAndCarryTheCommittedBytesGiven() {
        List<PoolInfo> pools = cluster().pools(Map.of("rbd", 3L << 30));
        PoolInfo rbd = pools.stream().filter(pool -> pool.name().equals("rbd")).findFirst().orElseThrow();
        PoolInfo iscsi = pools.stream().filter(pool -> pool.name().equals("iscsi")).findFirst().orElseThrow();
        assertTrue(rbd.replicated());
        assertEquals("replicated", rbd.type());
        assertEquals("x1", rbd.description());
        assertEquals(3L << 30, rbd.committedBytes());
        assertEquals(0, iscsi.committedBytes());
        assertTrue(rbd.toString(), rbd.maxAvailBytes() > 0);
        assertTrue(rbd.summary(), rbd.summary().startsWith("(x1), Commit: 3G/"));
        assertEquals(pools.stream().map(PoolInfo::name).sorted().toList(), pools.stream().map(PoolInfo::name).toList());
    }

    @Test
    public void thePoolRuleAcceptsReplicatedPoolsAndNamesTheRefusedOne() {
        cluster().requireReplicatedPool("rbd");
        cluster().requireReplicatedPool("iscsi");
        RbdException missing = assertThrows(RbdException.class, () -> cluster().requireReplicatedPool("nosuchpool"));
        assertEquals("Invalid pool (nosuchpool). Must already exist and be replicated", missing.getMessage());
        assertEquals(400, missing.status());
        assertEquals("pool", missing.field());
        RbdException badName = assertThrows(RbdException.class, () -> cluster().requireReplicatedPool("a/b"));
        assertEquals("Invalid pool name 'a/b' (use alphanumeric, '_', '.', or '-' characters)", badName.getMessage());
    }

    @Test
    public void topologyAndVersionAreReadable() {
        Topology topology = cluster().topology();
        assertTrue(topology.osdsUp() <= topology.osds() && topology.osdsIn() <= topology.osds());
        assertEquals(topology.monsInQuorum().size() + topology.monsOutOfQuorum().size(), topology.mons());
        assertTrue(topology.rawBytes() >= 0);
        assertFalse(cluster().version().isEmpty());
        assertFalse(cluster().name().isEmpty());
    }
}
