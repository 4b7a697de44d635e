package io.cephiscsi.model;

import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cephiscsi.model.Fixtures.*;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Every schema version 1..11 migrated to 11. The expected bytes in migrated/ are what upstream's own
 * Config._upgrade_config produced from the same fixture (same clock, host node1 / node1.example.com).
 */
public class MigrationTest {

    private static GatewayConfig migrate(int version) {
        return GatewayConfig.parse(bytes("v" + version + ".json"), AS_NODE1);
    }

    @Test
    public void everyVersionMigratesExactlyAsUpstream() {
        for (int v = 1; v <= 11; v++) {
            GatewayConfig c = migrate(v);
            assertEquals("v" + v, text("migrated/v" + v + ".json"), json(c));
            assertEquals("v" + v, 11, c.version());
        }
    }

    @Test
    public void migratedFlag() {
        for (int v = 1; v <= 10; v++) {
            assertTrue("v" + v, migrate(v).migrated());
        }
        assertFalse(migrate(11).migrated());
    }

    @Test
    public void v3SingleTargetLayoutBecomesTargets() {
        for (int v = 1; v <= 3; v++) {
            GatewayConfig c = migrate(v);
            assertEquals(Map.of(T1, c.targets().get(T1)), c.targets());
            TargetConfig t = c.targets().get(T1);
            assertEquals(NOW_TEXT, t.created());
            assertEquals(NOW_TEXT, t.updated());
            assertTrue(t.aclEnabled());
            assertEquals(ChapCredentials.NONE, t.auth());
            assertEquals(List.of("192.168.100.201", "192.168.100.202"), t.ipList());
            assertEquals(Map.of("iscsi-pool/db_vol", 0, "rbd/disk_1", 1, "rbd/disk_2", 2), t.disks());
            assertEquals(List.of("192.168.100.201"), t.portals().get(GW1).portalIpAddresses());
            assertEquals(List.of("192.168.100.202"), t.portals().get("node2").portalIpAddresses());
            assertEquals(List.of("192.168.100.201"), t.portals().get("node2").inactivePortalIps());
            ClientConfig c1 = t.clients().get(C1);
            assertEquals(ChapCredentials.of("myiscsiusername", "myiscsipassword", "", ""), c1.auth());
            assertEquals(ChapCredentials.NONE, t.clients().get(C2).auth());
            assertEquals(Map.of("rbd/disk_2", 1), t.clients().get(C2).luns());
            assertEquals(2, c.gateways().get(GW1).activeLuns());
            assertEquals("2018/12/07 09:18:07", c.gateways().get(GW1).created());
            assertEquals(1, c.gateways().get("node2").activeLuns());
            assertEquals(ChapCredentials.NONE, c.discoveryAuth());
            DiskConfig d = c.disks().get("iscsi-pool/db_vol");
            assertEquals("iscsi-pool.db_vol", d.backstoreObjectName());
            assertEquals("user:rbd", d.backstore());
            assertEquals(GW1, d.owner());
            assertEquals("node2", c.disks().get("rbd/disk_2").owner());
            assertEquals(NOW_TEXT, d.updated());
            assertEquals("2018/12/07 09:18:16", d.created());
        }
        assertEquals(Map.of(), migrate(2).targets().get(T1).groups());
        assertEquals(Map.of("immediate_data", false, "nopin_response_timeout", 17),
                migrate(2).targets().get(T1).controls());
        assertEquals(Map.of(), migrate(1).targets().get(T1).controls());
        TargetConfig t3 = migrate(3).targets().get(T1);
        assertEquals(List.of(C1), t3.groups().get("mygroup").members());
        assertEquals(Map.of("rbd/disk_1", 0, "iscsi-pool/db_vol", 2), t3.groups().get("mygroup").disks());
        assertEquals("mygroup", t3.clients().get(C1).groupName());
    }

    @Test
    public void v4ToV11MultiTarget() {
        for (int v = 4; v <= 10; v++) {
            GatewayConfig c = migrate(v);
            TargetConfig t2 = c.targets().get(T2);
            assertEquals("v" + v, v >= 6 ? false : true, t2.aclEnabled());
            assertEquals(List.of("192.168.100.202", "192.168.100.201"), t2.ipList());
            assertEquals("esxinitiator01", t2.clients().get(C3).auth().username());
            assertEquals("esxsecret0123", t2.clients().get(C3).auth().password());
            assertEquals(ChapCredentials.of("discoveryuser", "discoverypass1", "", ""), c.discoveryAuth());
            ChapCredentials c1 = c.targets().get(T1).clients().get(C1).auth();
            assertEquals(ChapCredentials.of("myiscsiusername", "myiscsipassword", "mutualusername",
                    "mutualpassword"), c1);
            assertEquals(NOW_TEXT, c.targets().get(T1).updated());
        }
        // before 10 the names are short: only this host (node1) renames itself and the list stays for node2
        GatewayConfig c9 = migrate(9);
        assertEquals(List.of(GW1, "node2"), List.copyOf(c9.gateways().keySet()));
        assertTrue(json(c9).contains("\"gateways_upgraded\": [\n        \"node1.example.com\"\n    ]"));
        GatewayConfig c10 = migrate(10);
        assertEquals(List.of(GW1, GW2), List.copyOf(c10.gateways().keySet()));
        assertFalse(json(c10).contains("gateways_upgraded"));
        assertEquals(ChapCredentials.NONE, c10.targets().get(T2).auth());
        assertEquals(Map.of("rbd/disk_2", 0), c10.targets().get(T2).disks());
    }

    @Test
    public void withoutALocalIdentityNobodyIsRenamedButUpstreamCanFinish() {
        MigrationContext anonymous = new MigrationContext(NOW, Optional.empty(), false);
        GatewayConfig c = GatewayConfig.parse(bytes("v9.json"), anonymous);
        assertEquals(List.of("node1", "node2"), List.copyOf(c.gateways().keySet()));
        assertTrue(json(c).contains("\"gateways_upgraded\": []"));
        // a v11 doc in the middle of the rolling rename stays as it is for us
        GatewayConfig again = GatewayConfig.parse(c.toJson(), anonymous);
        assertFalse(again.migrated());
    }

    @Test
    public void secondGatewayFinishesTheRollingRename() {
        GatewayConfig first = migrate(9);
        MigrationContext node2 = new MigrationContext(NOW,
                Optional.of(new MigrationContext.HostIdentity("node2", GW2)), false);
        GatewayConfig second = GatewayConfig.parse(first.toJson(), node2);
        assertTrue(second.migrated());
        assertEquals(List.of(GW1, GW2), List.copyOf(second.gateways().keySet()));
        assertFalse(json(second).contains("gateways_upgraded"));
        assertEquals(GW2, second.disks().get("rbd/disk_2").owner());
    }

    @Test
    public void encryptedPasswordsAreFlaggedOnlyWithKeysAndLongPasswords() {
        String v7 = text("v7.json").replace("myiscsiusername/myiscsipassword",
                "myiscsiusername/" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY");
        MigrationContext withKeys = new MigrationContext(NOW, Optional.empty(), true);
        GatewayConfig c = GatewayConfig.parse(v7.getBytes(StandardCharsets.UTF_8), withKeys);
        assertTrue(c.targets().get(T1).clients().get(C1).auth().passwordEncryptionEnabled());
        assertFalse(c.targets().get(T1).clients().get(C1).auth().mutualPasswordEncryptionEnabled());
        GatewayConfig noKeys = GatewayConfig.parse(v7.getBytes(StandardCharsets.UTF_8),
                new MigrationContext(NOW, Optional.empty(), false));
        assertFalse(noKeys.targets().get(T1).clients().get(C1).auth().passwordEncryptionEnabled());
    }

    @Test
    public void dottedImageNamesKeepTheirDotsUnlikeUpstream() {
        String v6 = text("v6.json").replace("iscsi-pool.db_vol", "iscsi-pool.db.vol")
                .replace("\"image\": \"db_vol\"", "\"image\": \"db.vol\"");
        GatewayConfig c = GatewayConfig.parse(v6.getBytes(StandardCharsets.UTF_8), AS_NODE1);
        assertTrue(c.disks().containsKey("iscsi-pool/db.vol"));
        assertEquals("iscsi-pool.db.vol", c.disks().get("iscsi-pool/db.vol").backstoreObjectName());
        assertTrue(c.targets().get(T1).disks().containsKey("iscsi-pool/db.vol"));
        assertTrue(c.targets().get(T1).clients().get(C1).luns().containsKey("iscsi-pool/db.vol"));
        assertTrue(c.targets().get(T1).groups().get("mygroup").disks().containsKey("iscsi-pool/db.vol"));
    }

    @Test
    public void aMissingFieldTheUpgradeNeedsIsNamedNotGuessed() {
        String v8 = text("v8.json").replaceFirst("\"portal_ip_address\": \"192.168.100.201\",", "");
        try {
            GatewayConfig.parse(v8.getBytes(StandardCharsets.UTF_8), AS_NODE1);
        } catch (ConfigFormatException e) {
            assertTrue(e.path(), e.path().endsWith(".portals[\"node1\"].portal_ip_address"));
            return;
        }
        throw new AssertionError("accepted");
    }

    @Test
    public void documentsWrittenByUpstreamsOwnCodeRoundTrip() {
        for (int v = 1; v <= 11; v++) {
            byte[] written = bytes("migrated/v" + v + ".json");
            assertEquals("v" + v, new String(written, StandardCharsets.UTF_8),
                    json(GatewayConfig.parse(written, new MigrationContext(NOW, Optional.empty(), false))));
        }
    }

    @Test
    public void v3WithoutATargetDropsTheGatewaysAsUpstreamDoes() {
        String v3 = text("v3.json").replace("\"iqn\": \"" + T1 + "\",\n        \"node1\"", "\"node1\"");
        GatewayConfig c = GatewayConfig.parse(v3.getBytes(StandardCharsets.UTF_8), AS_NODE1);
        assertTrue(c.targets().isEmpty());
        assertTrue(c.gateways().isEmpty());
        assertEquals(3, c.disks().size());
    }
}
