package io.cephiscsi.model;

import org.junit.Test;

import java.nio.charset.StandardCharsets;

import static io.cephiscsi.model.Fixtures.*;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** Reading and writing gateway.conf byte for byte as upstream does, and refusing what is broken. */
public class GatewayConfigJsonTest {

    @Test
    public void v11WrittenByPythonRoundTripsToIdenticalBytes() {
        byte[] in = bytes("v11.json");
        GatewayConfig config = GatewayConfig.parse(in);
        assertFalse(config.migrated());
        assertEquals(new String(in, StandardCharsets.UTF_8), json(config));
    }

    @Test
    public void unknownFieldsAtEveryLevelSurviveARoundTrip() {
        byte[] in = bytes("v11-unknown-fields.json");
        GatewayConfig config = GatewayConfig.parse(in);
        assertArrayEquals(in, config.toJson());
    }

    @Test
    public void unknownFieldsSurviveAChangeOfTheItemThatHoldsThem() {
        GatewayConfig config = GatewayConfig.parse(bytes("v11-unknown-fields.json"));
        ClientConfig c1 = config.targets().get(T1).clients().get(C1);
        GatewayConfig changed = ConfigTransaction.of(
                ConfigChange.putClient(T1, C1, c1.withAuth(ChapCredentials.of("newusername", "newpassword12", "", ""))),
                ConfigChange.putGateway(GW1, 5),
                ConfigChange.setTargetAuth(T1, ChapCredentials.NONE))
                .applyTo(config, NOW);
        String out = json(changed);
        for (String kept : new String[] {"\"future_client\"", "\"future_chap\"", "\"future_lun\"", "\"future_weight\"",
                "\"future_auth\"", "\"future_target\"", "\"zz_future_top\"", "\"future_group\""}) {
            assertTrue(kept + " lost", out.contains(kept));
        }
        assertEquals("newusername", changed.targets().get(T1).clients().get(C1).auth().username());
        assertEquals(5, changed.gateways().get(GW1).activeLuns());
    }

    @Test
    public void seedIsUpstreamsSeedByteForByte() {
        GatewayConfig seed = GatewayConfig.seed(NOW);
        assertEquals(text("seed.json"), json(seed));
        assertEquals(0, seed.epoch());
        assertEquals(11, seed.version());
        assertEquals(NOW_TEXT, seed.created());
        assertEquals("", seed.updated());
        assertTrue(seed.targets().isEmpty());
    }

    @Test
    public void withEpochSetsEpochAndUpdatedOnly() {
        GatewayConfig config = v11();
        GatewayConfig next = config.withEpoch(config.epoch() + 1, NOW.plusSeconds(61));
        assertEquals(config.epoch() + 1, next.epoch());
        assertEquals("2026/11/23 12:01:01", next.updated());
        assertEquals(config.targets(), next.targets());
        assertEquals(config.epoch(), GatewayConfig.parse(config.toJson()).epoch());
    }

    @Test
    public void typedViewsOfV11() {
        GatewayConfig c = v11();
        assertEquals(11, c.version());
        assertEquals(53, c.epoch());
        assertEquals(3, c.disks().size());
        DiskConfig d1 = c.disks().get("rbd/disk_1");
        assertEquals("rbd", d1.pool());
        assertEquals("disk_1", d1.image());
        assertEquals(7, d1.poolId());
        assertEquals("user:rbd", d1.backstore());
        assertEquals("rbd.disk_1", d1.backstoreObjectName());
        assertEquals(GW1, d1.owner());
        assertEquals(18, d1.controls().get("qfull_timeout"));
        assertEquals(GW2, c.disks().get("rbd/disk_2").allocatingHost());
        assertEquals(2, c.gateways().get(GW1).activeLuns());
        TargetConfig t1 = c.targets().get(T1);
        assertTrue(t1.aclEnabled());
        assertEquals(Boolean.FALSE, t1.controls().get("immediate_data"));
        assertEquals(java.util.List.of("192.168.100.201", "192.168.100.202"), t1.ipList());
        assertEquals(java.util.List.of("192.168.100.201"), t1.portals().get(GW1).portalIpAddresses());
        assertEquals(2, t1.portals().get(GW1).tpgs());
        assertEquals(Integer.valueOf(0), t1.disks().get("iscsi-pool/db_vol"));
        ClientConfig c1 = t1.clients().get(C1);
        assertEquals("myiscsiusername", c1.auth().username());
        assertEquals("mutualusername", c1.auth().mutualUsername());
        assertEquals("mygroup", c1.groupName());
        assertEquals(java.util.List.of(C1), t1.groups().get("mygroup").members());
        TargetConfig t2 = c.targets().get(T2);
        assertFalse(t2.aclEnabled());
        assertEquals("targetuser01", t2.auth().username());
        assertEquals("discoveryuser", c.discoveryAuth().username());
    }

    // ----- corrupt documents: each names what and where

    private static ConfigFormatException refused(String json) {
        try {
            GatewayConfig.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (ConfigFormatException e) {
            return e;
        }
        fail("accepted: " + json);
        return null;
    }

    @Test
    public void notJson() {
        ConfigFormatException e = refused("this is not json");
        assertTrue(e.getMessage(), e.getMessage().contains("not JSON at line 1"));
    }

    @Test
    public void emptyObjectIsRefusedNotSeeded() {
        ConfigFormatException e = refused("");
        assertTrue(e.getMessage(), e.getMessage().contains("empty"));
    }

    @Test
    public void truncatedNamesWhereItStopped() {
        String full = text("v11.json");
        ConfigFormatException e = refused(full.substring(0, full.indexOf("\"portals\"") + 40));
        assertTrue(e.getMessage(), e.getMessage().contains("truncated"));
        assertTrue(e.path(), e.path().startsWith("targets[\"" + T2 + "\"].portals"));
    }

    @Test
    public void trailingDataIsRefusedAsPythonDoes() {
        ConfigFormatException e = refused(text("v11.json") + "{}");
        assertTrue(e.getMessage(), e.getMessage().contains("not JSON"));
    }

    @Test
    public void stringWhereAnObjectIsExpected() {
        String json = text("v11.json").replace("\"luns\": {\n                        \"rbd/disk_2\": {\n"
                + "                            \"lun_id\": 1\n                        }\n                    }",
                "\"luns\": \"rbd/disk_2\"");
        ConfigFormatException e = refused(json);
        assertEquals("targets[\"" + T1 + "\"].clients[\"" + C2 + "\"].luns", e.path());
        assertTrue(e.getMessage(), e.getMessage().endsWith("expected an object but found a string"));
    }

    @Test
    public void wrongScalarType() {
        ConfigFormatException e = refused(text("v11.json").replace("\"tpgs\": 2", "\"tpgs\": \"2\""));
        assertTrue(e.path(), e.path().endsWith(".tpgs"));
        assertTrue(e.getMessage(), e.getMessage().contains("expected an integer but found a string"));
    }

    @Test
    public void newerVersionIsRefused() {
        ConfigFormatException e = refused(text("v11.json").replace("\"version\": 11", "\"version\": 12"));
        assertEquals("version", e.path());
        assertTrue(e.getMessage(), e.getMessage().contains("version 12 is newer than this appliance understands"));
    }

    @Test
    public void missingVersionAndNonObjectRoot() {
        assertEquals("version", refused("{\"epoch\": 1}").path());
        assertTrue(refused("[1, 2]").getMessage().contains("expected a JSON object but found a list"));
        assertEquals("disks", refused("{\"version\": 11, \"epoch\": 0, \"disks\": []}").path());
    }
}
