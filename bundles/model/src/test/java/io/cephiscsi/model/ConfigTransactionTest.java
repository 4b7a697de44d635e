package io.cephiscsi.model;

import org.junit.Test;

import java.util.List;
import java.util.Map;

import static io.cephiscsi.model.Fixtures.*;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** Item-level changes re-applied on a fresh copy, all or nothing. */
public class ConfigTransactionTest {

    private static final ChapCredentials CHAP_A = ChapCredentials.of("clientauser", "clientapass12", "", "");
    private static final ChapCredentials CHAP_B = ChapCredentials.of("clientbuser", "clientbpass12", "", "");

    private static ConfigException refused(ConfigTransaction tx, GatewayConfig on) {
        try {
            tx.applyTo(on, NOW);
        } catch (ConfigException e) {
            return e;
        }
        fail("accepted: " + tx);
        return null;
    }

    @Test
    public void twoWritersOnDifferentClientsOfOneTargetBothSurvive() {
        GatewayConfig old = v11();
        // both read the same old copy and build their transaction from it
        ConfigTransaction a = ConfigTransaction.of(ConfigChange.setClientAuth(T1, C2, CHAP_A));
        ConfigTransaction b = ConfigTransaction.of(
                ConfigChange.putClient(T1, "iqn.1994-05.com.example:new-client",
                        ClientConfig.EMPTY.withAuth(CHAP_B).withLuns(Map.of("rbd/disk_2", 0))));
        // the store applies each to the fresh copy it reads under the lock, one after the other
        GatewayConfig afterA = a.applyTo(old, NOW).withEpoch(old.epoch() + 1, NOW);
        GatewayConfig afterB = b.applyTo(afterA, NOW).withEpoch(afterA.epoch() + 1, NOW);
        TargetConfig t = afterB.targets().get(T1);
        assertEquals(CHAP_A, t.clients().get(C2).auth());
        assertEquals(CHAP_B, t.clients().get("iqn.1994-05.com.example:new-client").auth());
        assertEquals(old.targets().get(T1).clients().get(C1), t.clients().get(C1));
        assertEquals(old.epoch() + 2, afterB.epoch());
    }

    @Test
    public void aFailingSecondChangeLeavesTheInputUnchanged() {
        GatewayConfig before = v11();
        byte[] bytes = before.toJson();
        ConfigTransaction tx = ConfigTransaction.of(
                ConfigChange.setClientAuth(T1, C2, CHAP_A),
                ConfigChange.putTargetDisk(T1, "rbd/missing", 5));
        ConfigException e = refused(tx, before);
        assertEquals(404, e.status());
        assertEquals("disk", e.field());
        assertArrayEquals(bytes, before.toJson());
        assertEquals(ChapCredentials.NONE, before.targets().get(T1).clients().get(C2).auth());
    }

    @Test
    public void aChangeToADeletedTargetIsNotFound() {
        GatewayConfig old = v11();
        ConfigTransaction late = ConfigTransaction.of(ConfigChange.setClientAuth(T2, C3, CHAP_A));
        GatewayConfig fresh = ConfigTransaction.of(ConfigChange.removeTarget(T2)).applyTo(old, NOW);
        ConfigException e = refused(late, fresh);
        assertEquals(404, e.status());
        assertEquals("target_iqn", e.field());
    }

    @Test
    public void newTargetIsSeededAsUpstreamAndStamped() {
        GatewayConfig c = ConfigTransaction.of(ConfigChange.createTarget("IQN.2026-11.io.example:Store"))
                .applyTo(GatewayConfig.seed(NOW), NOW);
        TargetConfig t = c.targets().get("iqn.2026-11.io.example:store");
        assertTrue(t.aclEnabled());
        assertEquals(ChapCredentials.NONE, t.auth());
        assertTrue(t.clients().isEmpty() && t.disks().isEmpty() && t.portals().isEmpty() && t.groups().isEmpty());
        assertEquals(NOW_TEXT, t.created());
        assertEquals("", t.updated());
        assertTrue(json(c).contains("\"controls\": {},\n            \"created\": \"2026/11/23 12:00:00\",\n"
                + "            \"disks\": {},\n            \"groups\": {},\n            \"portals\": {}\n"));
        assertEquals(409, refused(ConfigTransaction.of(ConfigChange.createTarget("iqn.2026-11.io.example:store")),
                c).status());
    }

    @Test
    public void aWholeGatewayTargetAndClientSetupInOneTransaction() {
        GatewayConfig c = ConfigTransaction.of(
                ConfigChange.createTarget("iqn.2026-11.io.example:t"),
                ConfigChange.putGateway("gw1.example.com", 0),
                ConfigChange.putPortal("iqn.2026-11.io.example:t", "gw1.example.com",
                        new PortalConfig(List.of("10.0.0.1"), List.of("10.0.0.1"), List.of(), 1)),
                ConfigChange.putDisk(DiskConfig.create("rbd", "vol1", 2, "", "gw1.example.com")),
                ConfigChange.putTargetDisk("iqn.2026-11.io.example:t", "rbd/vol1", 0),
                ConfigChange.putClient("iqn.2026-11.io.example:t", "iqn.2026-11.io.example:c",
                        ClientConfig.EMPTY.withLuns(Map.of("rbd/vol1", 0))),
                ConfigChange.putGroup("iqn.2026-11.io.example:t", "grp", new GroupConfig(List.of(), Map.of())))
                .applyTo(GatewayConfig.seed(NOW), NOW);
        TargetConfig t = c.targets().get("iqn.2026-11.io.example:t");
        assertEquals(List.of("10.0.0.1"), t.ipList());
        assertEquals(Map.of("rbd/vol1", 0), t.disks());
        assertEquals(NOW_TEXT, t.updated());
        assertEquals(NOW_TEXT, c.gateways().get("gw1.example.com").created());
        assertEquals("rbd.vol1", c.disks().get("rbd/vol1").backstoreObjectName());
        assertEquals(NOW_TEXT, c.disks().get("rbd/vol1").created());
        // and it reads back identically
        assertEquals(json(c), json(GatewayConfig.parse(c.toJson())));
    }

    @Test
    public void referentialRulesGiveConflictsAndNotFound() {
        GatewayConfig c = v11();
        assertEquals(409, refused(ConfigTransaction.of(ConfigChange.removeClient(T1, C1)), c).status());
        assertEquals(409, refused(ConfigTransaction.of(ConfigChange.setClientLuns(T1, C1, Map.of())), c).status());
        assertEquals(409, refused(ConfigTransaction.of(ConfigChange.removeDisk("rbd/disk_1")), c).status());
        assertEquals(409, refused(ConfigTransaction.of(ConfigChange.removeTargetDisk(T1, "rbd/disk_1")), c)
                .status());
        assertEquals(409, refused(ConfigTransaction.of(ConfigChange.removeGateway(GW1)), c).status());
        ConfigException dupLun = refused(ConfigTransaction.of(ConfigChange.putTargetDisk(T2, "rbd/disk_1", 0)), c);
        assertEquals("lun_id", dupLun.field());
        assertEquals(409, dupLun.status());
        // T2 has target CHAP on: no new clients
        assertEquals(409, refused(ConfigTransaction.of(ConfigChange.putClient(T2,
                "iqn.1994-05.com.example:x", ClientConfig.EMPTY)), c).status());
        assertEquals(404, refused(ConfigTransaction.of(ConfigChange.putPortal(T1, "gw9",
                new PortalConfig(List.of("10.0.0.9"), List.of(), List.of(), 1))), c).status());
        assertEquals(404, refused(ConfigTransaction.of(ConfigChange.removeGroup(T1, "nogroup")), c).status());
    }

    @Test
    public void badValuesAreRefusedWhenTheChangeIsMade() {
        try {
            ConfigChange.putClient(T1, "iqn.bad_name", ClientConfig.EMPTY);
            fail();
        } catch (ConfigException e) {
            assertEquals("client_iqn", e.field());
            assertEquals(400, e.status());
        }
        try {
            ConfigChange.setClientAuth(T1, C2, ChapCredentials.of("user", "", "", ""));
            fail();
        } catch (ConfigException e) {
            assertEquals("password", e.field());
        }
    }

    @Test
    public void groupsKeepMembersConsistent() {
        GatewayConfig c = v11();
        GatewayConfig joined = ConfigTransaction.of(ConfigChange.setClientLuns(T1, C2, Map.of()),
                ConfigChange.putGroup(T1, "mygroup", new GroupConfig(List.of(C1, C2),
                        Map.of("rbd/disk_1", 1)))).applyTo(c, NOW);
        TargetConfig t = joined.targets().get(T1);
        assertEquals("mygroup", t.clients().get(C2).groupName());
        assertEquals(Map.of("rbd/disk_1", 1), t.clients().get(C2).luns());
        GatewayConfig removed = ConfigTransaction.of(ConfigChange.removeGroup(T1, "mygroup")).applyTo(joined, NOW);
        assertEquals("", removed.targets().get(T1).clients().get(C1).groupName());
        assertNull(removed.targets().get(T1).groups().get("mygroup"));
    }

    @Test
    public void discoveryAuthIsReplacedWithoutAStamp() {
        GatewayConfig c = ConfigTransaction.of(ConfigChange.setDiscoveryAuth(ChapCredentials.NONE))
                .applyTo(v11(), NOW);
        assertFalse(c.discoveryAuth().enabled());
        assertFalse(json(c).contains(NOW_TEXT));
    }

    @Test
    public void twoWritersOnDifferentControlsOfOneTargetBothSurvive() {
        GatewayConfig old = v11();
        ConfigTransaction a = ConfigTransaction.of(ConfigChange.updateTargetControls(T1,
                Map.of("cmdsn_depth", "64"), k -> k.defaultValue().orElse(null)));
        ConfigTransaction b = ConfigTransaction.of(ConfigChange.updateTargetControls(T1,
                Map.of("immediate_data", "yes", "nopin_timeout", "9"), k -> k.defaultValue().orElse(null)));
        GatewayConfig both = b.applyTo(a.applyTo(old, NOW), NOW);
        // immediate_data=yes is the default, so its override goes; 17 for nopin_response_timeout stays
        assertEquals(Map.of("cmdsn_depth", 64, "nopin_timeout", 9, "nopin_response_timeout", 17),
                both.targets().get(T1).controls());
        ConfigException e = refused(ConfigTransaction.of(ConfigChange.updateTargetControls(T1,
                Map.of("qfull_timeout", "5"), k -> null)), old);
        assertTrue(e.getMessage(), e.getMessage().startsWith(
                "Unexpected or invalid controls - 'qfull_timeout' is not supported. Supported controls: dataout_timeout,"));
    }

    @Test
    public void diskControlsAreCheckedAndStamped() {
        GatewayConfig c = ConfigTransaction.of(ConfigChange.updateDiskControls("rbd/disk_2",
                Map.of("hw_max_sectors", "2048"), k -> k.defaultValue().orElse(null))).applyTo(v11(), NOW);
        assertEquals(Map.of("hw_max_sectors", 2048), c.disks().get("rbd/disk_2").controls());
        assertEquals(NOW_TEXT, c.disks().get("rbd/disk_2").updated());
        ConfigException e = refused(ConfigTransaction.of(ConfigChange.putDisk(
                c.disks().get("rbd/disk_2").withControls(Map.of("hw_max_sectors", 9000)))), c);
        assertEquals("expected integer <= 8192 for hw_max_sectors", e.getMessage());
    }

    @Test
    public void changesFromElsewhereMixWithTreeChangesInOrder() {
        ConfigChange custom = current -> ConfigTransaction.of(ConfigChange.setAclEnabled(T1, false))
                .applyTo(current, NOW);
        GatewayConfig c = ConfigTransaction.of(ConfigChange.setAclEnabled(T1, true), custom,
                ConfigChange.setClientAuth(T1, C2, CHAP_A)).applyTo(v11(), NOW);
        assertFalse(c.targets().get(T1).aclEnabled());
        assertEquals(CHAP_A, c.targets().get(T1).clients().get(C2).auth());
        assertEquals(3, ConfigTransaction.of(ConfigChange.setAclEnabled(T1, true), custom,
                ConfigChange.removeTarget(T2)).changes().size());
    }
}
