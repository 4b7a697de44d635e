package io.cephiscsi.lio;

import io.cephiscsi.lio.LioState.AluaGroup;
import io.cephiscsi.lio.LioState.Chap;
import io.cephiscsi.lio.LioState.Lun;
import io.cephiscsi.lio.LioState.MappedLun;
import io.cephiscsi.lio.LioState.NodeAcl;
import io.cephiscsi.lio.LioState.StorageObject;
import io.cephiscsi.lio.LioState.Target;
import io.cephiscsi.lio.LioState.Tpg;
import io.cephiscsi.model.AluaFailoverType;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** The config → LIO mapping on a two-gateway gateway.conf (v11; derived from the model's fixture). */
public class DesiredLioTest {
    static final String NODE1 = "node1.example.com";
    static final String NODE2 = "node2.example.com";
    static final String IGW = "iqn.2003-01.com.redhat.iscsi-gw:iscsi-igw";
    static final String BACKUP = "iqn.2003-01.com.example.iscsi-gw:backup";
    static final String RH7 = "iqn.1994-05.com.redhat:rh7-client";
    static final String RH8 = "iqn.1994-05.com.redhat:rh8-client";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    static GatewayConfig config() throws Exception {
        try (InputStream in = DesiredLioTest.class.getResourceAsStream("/gateway-conf-v11.json")) {
            return GatewayConfig.parse(in.readAllBytes());
        }
    }

    static DesiredLio.Options options(AluaFailoverType alua) {
        GatewaySettings s = GatewaySettings.of(Map.of(), Map.of("alua_failover_type", alua.value()), p -> false);
        return new DesiredLio.Options(s, d -> 10L << 30, null);
    }

    @Test
    public void tpgsFollowIpListOnePerGatewayAndOnlyOursIsEnabled() throws Exception {
        LioState s = DesiredLio.of(config(), NODE1, options(AluaFailoverType.IMPLICIT));
        Target igw = s.target(IGW);
        assertEquals(List.of(1, 2), igw.tpgs().stream().map(Tpg::tag).toList());
        assertTrue(igw.tpg(1).enabled());
        assertFalse(igw.tpg(2).enabled());
        assertEquals(List.of("192.168.100.201:3260"), igw.tpg(1).portals());
        assertEquals(List.of("192.168.100.202:3260"), igw.tpg(2).portals());
        assertEquals("1", igw.tpg(1).attributes().get("tpg_enabled_sendtargets"));
        assertEquals("0", igw.tpg(2).attributes().get("tpg_enabled_sendtargets"));
        // backup lists node2's IP first: TPG 1 is node2 on every gateway, so ours is TPG 2
        Target backup = s.target(BACKUP);
        assertFalse(backup.tpg(1).enabled());
        assertTrue(backup.tpg(2).enabled());
        assertEquals(List.of("192.168.100.201:3260"), backup.tpg(2).portals());
        // node2 sees the same tags for the same IPs
        LioState s2 = DesiredLio.of(config(), NODE2, options(AluaFailoverType.IMPLICIT));
        assertEquals(List.of("192.168.100.202:3260"), s2.target(BACKUP).tpg(1).portals());
        assertTrue(s2.target(BACKUP).tpg(1).enabled());
        assertTrue(s2.target(IGW).tpg(2).enabled());
    }

    @Test
    public void lunsAndAluaFollowTheOwner() throws Exception {
        LioState s = DesiredLio.of(config(), NODE1, options(AluaFailoverType.IMPLICIT));
        Target igw = s.target(IGW);
        // lun ids from the target's disks; db_vol and disk_1 owned by node1 (TPG 1), disk_2 by node2 (TPG 2)
        assertEquals(new Lun(0, "user/iscsi-pool.db_vol", "ao"), igw.tpg(1).lun(0));
        assertEquals(new Lun(1, "user/rbd.disk_1", "ao"), igw.tpg(1).lun(1));
        assertEquals(new Lun(2, "user/rbd.disk_2", "ano1"), igw.tpg(1).lun(2));
        assertEquals(new Lun(0, "user/iscsi-pool.db_vol", "ano2"), igw.tpg(2).lun(0));
        assertEquals(new Lun(2, "user/rbd.disk_2", "ao"), igw.tpg(2).lun(2));
        StorageObject d2 = s.storageObject("user/rbd.disk_2");
        AluaGroup ao = d2.aluaGroup("ao");
        assertEquals(2, ao.id());
        assertEquals("0", ao.attributes().get("alua_access_state"));
        assertEquals("1", d2.aluaGroup("ano1").attributes().get("alua_access_state"));
        assertEquals(1, d2.aluaGroup("ano1").id());
        assertEquals("1", ao.attributes().get("alua_access_type"));
        assertEquals("45", ao.attributes().get("implicit_trans_secs"));
    }

    @Test
    public void explicitAluaPutsEveryGroupInStandbyAndPrefersTheOwner() throws Exception {
        LioState s = DesiredLio.of(config(), NODE1, options(AluaFailoverType.EXPLICIT));
        StorageObject d1 = s.storageObject("user/rbd.disk_1");
        assertEquals("2", d1.aluaGroup("ao").initial().get("alua_access_state"));
        assertEquals("1", d1.aluaGroup("ao").attributes().get("preferred"));
        assertEquals("2", d1.aluaGroup("standby2").initial().get("alua_access_state"));
        assertNull(d1.aluaGroup("standby2").attributes().get("preferred"));
        assertEquals("standby2", s.target(IGW).tpg(2).lun(1).aluaGroup());
    }

    @Test
    public void backstoresAreUpstreamsUserRbd() throws Exception {
        LioState s = DesiredLio.of(config(), NODE1, options(AluaFailoverType.IMPLICIT));
        StorageObject d1 = s.storageObject("user/rbd.disk_1");
        assertEquals("rbd.disk_1", d1.name());
        assertEquals("4fc1071d-7e2f-4df0-95c8-925a617e2d62", d1.wwn());
        assertEquals(List.of("dev_config=rbd/rbd/disk_1;osd_op_timeout=30", "dev_size=10737418240",
                "max_data_area_mb=8,hw_max_sectors=1024"), d1.control());
        assertEquals("the image size, which an existing backstore grows to", 10737418240L, d1.size());
        assertEquals(Map.of("cmd_time_out", "0", "qfull_time_out", "18"), d1.attributes()); // disk control override
        assertEquals("user/iscsi-pool.db_vol", s.storageObject("user/iscsi-pool.db_vol").key());
    }

    @Test
    public void aclsCarryControlsChapAndTheirMapsGroupMembersTheGroupsMap() throws Exception {
        LioState s = DesiredLio.of(config(), NODE1, options(AluaFailoverType.IMPLICIT));
        Tpg tpg = s.target(IGW).tpg(1);
        NodeAcl rh7 = tpg.acl(RH7);
        assertEquals(new Chap("myiscsiusername", "myiscsipassword", "mutualusername", "mutualpassword"), rh7.chap());
        // rh7 is in mygroup: db_vol as its LUN 2 (target LUN 0), disk_1 as its LUN 0 (target LUN 1)
        assertEquals(List.of(new MappedLun(0, 1, false), new MappedLun(2, 0, false)), rh7.mappedLuns());
        assertEquals(Map.of("dataout_timeout", "20", "nopin_response_timeout", "17", "nopin_timeout", "5"),
                rh7.attributes());
        assertEquals(128, rh7.cmdsnDepth());
        assertEquals(Chap.NONE, tpg.acl(RH8).chap());
        assertEquals(List.of(new MappedLun(1, 2, false)), tpg.acl(RH8).mappedLuns());
        assertEquals("No", tpg.params().get("ImmediateData"));        // target control override
        assertEquals("524288", tpg.params().get("MaxBurstLength"));  // default
        assertEquals("1", tpg.attributes().get("authentication"));   // CHAP on an ACL
        assertEquals("0", tpg.attributes().get("generate_node_acls"));
        assertEquals(Chap.NONE, tpg.chap());
        assertTrue("ACLs only on our TPG", s.target(IGW).tpg(2).acls().isEmpty());
        assertNull("the other gateway's TPG CHAP is not ours to manage", s.target(IGW).tpg(2).chap());
    }

    @Test
    public void aclsOffAndTargetChap() throws Exception {
        LioState s = DesiredLio.of(config(), NODE1, options(AluaFailoverType.IMPLICIT));
        Tpg ours = s.target(BACKUP).tpg(2);
        assertEquals("1", ours.attributes().get("generate_node_acls"));
        assertEquals("0", ours.attributes().get("demo_mode_write_protect"));
        assertEquals(Chap.oneWay("targetuser01", "targetsecret12"), ours.chap());
        assertEquals("1", ours.attributes().get("authentication"));
        assertEquals("0", s.target(BACKUP).tpg(1).attributes().get("authentication"));
        assertEquals(new LioState.DiscoveryAuth(true, Chap.oneWay("discoveryuser", "discoverypass1")), s.discoveryAuth());
    }

    @Test
    public void aGatewayOutsideATargetsPortalsBuildsNoTarget() throws Exception {
        LioState s = DesiredLio.of(config(), "node3.example.com", options(AluaFailoverType.IMPLICIT));
        assertTrue(s.targets().isEmpty());
        assertTrue(s.storageObjects().isEmpty());
    }

    @Test
    public void theMappingAppliesAndOwnershipChangesTouchOnlyAlua() throws Exception {
        LioEngine engine = new LioEngine(new KernelLikeFolder(tmp.getRoot().toPath()));
        GatewayConfig config = config();
        LioState s = DesiredLio.of(config, NODE1, options(AluaFailoverType.IMPLICIT));
        assertTrue(String.valueOf(engine.reconcile(s).failure()), engine.reconcile(s).ok());
        assertTrue(engine.plan(s).isEmpty());
        // without sizes (no RBD at hand) the same config still plans nothing against the live state
        LioState unsized = DesiredLio.of(config, NODE1, new DesiredLio.Options(options(AluaFailoverType.IMPLICIT)
                .settings(), d -> -1, null));
        assertEquals(-1, unsized.storageObject("user/rbd.disk_1").size());
        assertTrue(engine.plan(unsized).isEmpty());
        // the other gateway's view on the same kernel differs only in which TPG is ours
        LioPlan asNode2 = engine.plan(DesiredLio.of(config, NODE2, options(AluaFailoverType.IMPLICIT)));
        assertFalse(asNode2.isEmpty());
    }

    @Test
    public void aDiskOnTwoTargetsIsRefused() throws Exception {
        byte[] json = new String(DesiredLioTest.class.getResourceAsStream("/gateway-conf-v11.json").readAllBytes())
                .replaceAll("\"rbd/disk_3\": \\{(\\s*)\"lun_id\"", "\"rbd/disk_2\": {$1\"lun_id\"")
                .getBytes();
        try {
            DesiredLio.of(GatewayConfig.parse(json), NODE1);
            fail();
        } catch (LioInvalidException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("rbd/disk_2"));
        }
    }
}
