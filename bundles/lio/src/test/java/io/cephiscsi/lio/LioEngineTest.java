package io.cephiscsi.lio;

import io.cephiscsi.lio.LioState.Lun;
import io.cephiscsi.lio.LioState.MappedLun;
import io.cephiscsi.lio.LioState.NodeAcl;
import io.cephiscsi.lio.LioState.StorageObject;
import io.cephiscsi.lio.LioState.Target;
import io.cephiscsi.lio.LioState.Tpg;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class LioEngineTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private KernelLikeFolder fs;
    private LioEngine engine;
    private final LioState desired = Samples.small(false);
    private static final String T = "target/iscsi/" + Samples.IQN;

    @Before
    public void setUp() throws Exception {
        fs = new KernelLikeFolder(tmp.getRoot().toPath());
        engine = new LioEngine(fs);
    }

    private static List<String> lines(LioPlan plan) {
        return plan.ops().stream().map(LioOp::toString).toList();
    }

    private static int first(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no operation contains '" + fragment + "' in\n" + String.join("\n", lines));
    }

    private static int last(List<String> lines, String fragment) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no operation contains '" + fragment + "'");
    }

    @Test
    public void planFromEmptyFollowsUpstreamCreationOrder() {
        List<String> ops = lines(engine.plan(desired));
        int backstores = last(ops, "/wwn/vpd_unit_serial");
        int target = first(ops, "mkdir " + T);
        int tpg = first(ops, "mkdir " + T + "/tpgt_1");
        int lun = first(ops, "mkdir " + T + "/tpgt_1/lun/lun_0");
        int acl = first(ops, "mkdir " + T + "/tpgt_1/acls/");
        int mapped = first(ops, "ln -s " + T + "/tpgt_1/lun/lun_0 " + T + "/tpgt_1/acls/");
        int alua = first(ops, "/alua/ao");
        int member = first(ops, "alua_tg_pt_gp");
        int portal = first(ops, "mkdir " + T + "/tpgt_1/np/");
        int enable = first(ops, "> " + T + "/tpgt_1/enable");
        int discovery = first(ops, "discovery_auth/enforce_discovery_auth");
        assertTrue(backstores < target && target < tpg && tpg < lun && lun < acl && acl < mapped);
        assertTrue(mapped < alua && alua < member && member < portal && portal < enable && enable < discovery);
        assertEquals("enable is the last TPG write", last(ops, "/tpgt_"), enable);
        assertFalse("the disabled TPG is never enabled", String.join("\n", ops).contains("tpgt_2/enable"));
    }

    @Test
    public void applyThenReadShowsTheDesiredStateAndSecondPlanIsEmpty() {
        LioPlan plan = engine.plan(desired);
        ApplyResult r = engine.apply(plan);
        assertTrue(String.valueOf(r.failure()), r.ok());
        assertEquals(plan.size(), r.applied());

        LioState live = engine.read();
        for (StorageObject want : desired.storageObjects()) {
            StorageObject have = live.storageObject(want.key());
            assertNotNull(want.key(), have);
            assertEquals(want.wwn(), have.wwn());
            assertTrue(have.attributes().entrySet().containsAll(want.attributes().entrySet()));
            for (LioState.AluaGroup g : want.aluaGroups()) {
                LioState.AluaGroup hg = have.aluaGroup(g.name());
                assertEquals(g.id(), hg.id());
                assertTrue(g.name() + " " + hg.attributes(), hg.attributes().entrySet().containsAll(g.attributes().entrySet()));
            }
        }
        Target ht = live.target(Samples.IQN);
        for (Tpg wt : desired.target(Samples.IQN).tpgs()) {
            Tpg tpg = ht.tpg(wt.tag());
            assertEquals(wt.enabled(), tpg.enabled());
            assertEquals(wt.portals(), tpg.portals());
            assertTrue(tpg.attributes().entrySet().containsAll(wt.attributes().entrySet()));
            assertTrue(tpg.params().entrySet().containsAll(wt.params().entrySet()));
            for (Lun l : wt.luns()) {
                assertEquals(l.storageObject(), tpg.lun(l.index()).storageObject());
                assertEquals(l.aluaGroup() == null ? "default_tg_pt_gp" : l.aluaGroup(), tpg.lun(l.index()).aluaGroup());
            }
            assertEquals(wt.acls().size(), tpg.acls().size());
            for (NodeAcl a : wt.acls()) {
                NodeAcl h = tpg.acl(a.initiator());
                assertEquals(a.chap(), h.chap());
                assertEquals(a.cmdsnDepth(), h.cmdsnDepth());
                assertEquals(a.mappedLuns(), h.mappedLuns());
                assertTrue(h.attributes().entrySet().containsAll(a.attributes().entrySet()));
            }
        }
        assertEquals(desired.discoveryAuth(), live.discoveryAuth());

        LioPlan again = engine.plan(desired);
        assertTrue("second plan must be empty:\n" + again, again.isEmpty());
        int before = fs.operations();
        assertEquals(0, engine.apply(again).applied());
        assertEquals(before, fs.operations());
    }

    @Test
    public void upstreamWritesForChapAclAluaAndUserRbd() {
        List<String> ops = lines(engine.plan(desired));
        String all = String.join("\n", ops);
        String so = "target/core/user_0/rbd.disk_1";
        assertTrue(all.contains("echo 'dev_config=rbd/rbd/disk_1;osd_op_timeout=30' > " + so + "/control"));
        assertTrue(all.contains("echo 'dev_size=1073741824' > " + so + "/control"));
        assertTrue(all.contains("echo 'max_data_area_mb=8,hw_max_sectors=1024' > " + so + "/control"));
        assertTrue(first(ops, so + "/control") < first(ops, so + "/enable"));
        assertTrue(first(ops, so + "/enable") < first(ops, so + "/wwn/vpd_unit_serial"));
        assertTrue(all.contains("echo '0' > " + so + "/attrib/cmd_time_out"));
        assertTrue(all.contains("echo '5' > " + so + "/attrib/qfull_time_out"));
        // ALUA: id, access type and supported states before the state
        assertTrue(first(ops, so + "/alua/ao/tg_pt_gp_id") < first(ops, so + "/alua/ao/alua_access_type"));
        assertTrue(first(ops, so + "/alua/ao/alua_access_type") < first(ops, so + "/alua/ao/alua_access_state"));
        assertTrue(all.contains("echo '0' > " + so + "/alua/ao/alua_access_state"));
        assertTrue(all.contains("echo '1' > " + so + "/alua/ano2/alua_access_state"));
        assertTrue(all.contains("echo '45' > " + so + "/alua/ao/implicit_trans_secs"));
        assertTrue(all.contains("echo 'ao' > " + T + "/tpgt_1/lun/lun_0/alua_tg_pt_gp"));
        assertTrue(all.contains("echo 'ano2' > " + T + "/tpgt_2/lun/lun_0/alua_tg_pt_gp"));
        // TPG: params, ACL mode, CHAP authentication; the other gateway's TPG hides from SendTargets
        assertTrue(all.contains("echo 'Yes' > " + T + "/tpgt_1/param/ImmediateData"));
        assertTrue(all.contains("echo '524288' > " + T + "/tpgt_1/param/MaxBurstLength"));
        assertTrue(all.contains("echo '1' > " + T + "/tpgt_1/attrib/authentication"));
        assertTrue(all.contains("echo '0' > " + T + "/tpgt_1/attrib/generate_node_acls"));
        assertTrue(all.contains("echo '1' > " + T + "/tpgt_1/attrib/demo_mode_write_protect"));
        assertTrue(all.contains("echo '0' > " + T + "/tpgt_2/attrib/tpg_enabled_sendtargets"));
        assertTrue(all.contains("mkdir " + T + "/tpgt_2/np/192.168.122.12:3260"));
        // ACL: attributes from the controls, tcq depth, CHAP and mutual CHAP with masked passwords
        String acl = T + "/tpgt_1/acls/" + Samples.CLIENT1;
        assertTrue(all.contains("echo '20' > " + acl + "/attrib/dataout_timeout"));
        assertTrue(all.contains("echo '5' > " + acl + "/attrib/nopin_response_timeout"));
        assertTrue(all.contains("echo '5' > " + acl + "/attrib/nopin_timeout"));
        assertTrue(all.contains("echo '128' > " + acl + "/cmdsn_depth"));
        assertTrue(all.contains("echo 'client1' > " + acl + "/auth/userid"));
        assertTrue(all.contains("echo '****' > " + acl + "/auth/password"));
        assertTrue(all.contains("echo 'target1' > " + acl + "/auth/userid_mutual"));
        assertFalse("passwords never shown", all.contains("secret"));
        assertTrue(all.contains("echo '1' > " + T + "/tpgt_1/acls/" + Samples.CLIENT2 + "/lun_0/write_protect"));
        // discovery: credentials before enforce
        assertTrue(first(ops, "discovery_auth/userid") < first(ops, "discovery_auth/enforce_discovery_auth"));
    }

    @Test
    public void explicitAluaStartsInStandbyWithTheOwnerPreferred() {
        LioState explicit = Samples.small(true);
        assertTrue(engine.reconcile(explicit).ok());
        LioState live = engine.read();
        StorageObject so = live.storageObject("user/rbd.disk_1");
        assertEquals("2", so.aluaGroup("ao").attributes().get("alua_access_state"));
        assertEquals("1", so.aluaGroup("ao").attributes().get("preferred"));
        assertEquals("3", so.aluaGroup("standby2").attributes().get("alua_access_type"));
        assertEquals("2", so.aluaGroup("standby2").attributes().get("alua_access_state"));
        assertTrue(engine.plan(explicit).isEmpty());
        // the initiator moves the owner's group to Active/Optimized: a reconcile leaves that alone
        engine.configfs().apply(LioOp.write("target/core/user_0/rbd.disk_1/alua/ao/alua_access_state", "0"));
        assertTrue(engine.plan(explicit).isEmpty());
    }

    @Test
    public void removalRunsInReverseOrderAndLeavesNothing() {
        engine.reconcile(desired).orThrow();
        LioState none = new LioState(List.of(), List.of(), null);
        List<String> ops = lines(engine.plan(none));
        int disable = first(ops, "echo '0' > " + T + "/tpgt_1/enable");
        int portal = first(ops, "rmdir " + T + "/tpgt_1/np/");
        int mapped = first(ops, "rm " + T + "/tpgt_1/acls/");
        int acl = first(ops, "rmdir " + T + "/tpgt_1/acls/" + Samples.CLIENT1);
        int lun = first(ops, "rm " + T + "/tpgt_1/lun/lun_0/");
        int tpg = ops.indexOf("rmdir " + T + "/tpgt_1");
        int target = ops.indexOf("rmdir " + T);
        int alua = ops.indexOf("rmdir target/core/user_0/rbd.disk_1/alua/ao");
        int so = ops.indexOf("rmdir target/core/user_0/rbd.disk_1");
        int hba = ops.indexOf("rmdir target/core/user_0");
        assertTrue(ops.toString(), tpg > 0 && target > 0 && alua > 0 && so > 0 && hba > 0);
        assertTrue(disable < portal && portal < mapped && mapped < acl && acl < lun && lun < tpg && tpg < target);
        assertTrue(target < alua && alua < so && so < hba);
        assertTrue(engine.apply(engine.plan(none)).ok());
        assertEquals(List.of("cpus_allowed_list", "discovery_auth", "lio_version"), fs.list("target/iscsi"));
        assertEquals(List.of("alua"), fs.list("target/core"));
        assertTrue(engine.plan(none).isEmpty());
    }

    @Test
    public void removingOneLunCascadesToItsMappedLuns() {
        engine.reconcile(desired).orThrow();
        Target t = desired.targets().get(0);
        Tpg tpg1 = t.tpg(1);
        List<Lun> luns = tpg1.luns().stream().filter(l -> l.index() != 1).toList();
        List<NodeAcl> acls = new ArrayList<>();
        for (NodeAcl a : tpg1.acls()) {
            acls.add(new NodeAcl(a.initiator(), a.attributes(), a.cmdsnDepth(), a.chap(),
                    a.mappedLuns().stream().filter(m -> m.tpgLun() != 1).toList()));
        }
        Tpg newTpg1 = new Tpg(1, true, tpg1.attributes(), tpg1.params(), tpg1.chap(), tpg1.portals(), luns, acls);
        LioState less = new LioState(desired.storageObjects(),
                List.of(new Target(t.iqn(), List.of(newTpg1, t.tpg(2)))), desired.discoveryAuth());
        List<String> ops = lines(engine.plan(less));
        assertEquals(List.of(
                "rm " + T + "/tpgt_1/acls/" + Samples.CLIENT1 + "/lun_1/lio_lun",
                "rmdir " + T + "/tpgt_1/acls/" + Samples.CLIENT1 + "/lun_1",
                "rm " + T + "/tpgt_1/lun/lun_1/lio_port",
                "rmdir " + T + "/tpgt_1/lun/lun_1"), ops);
        assertTrue(engine.reconcile(less).ok());
        assertTrue(engine.plan(less).isEmpty());
    }

    @Test
    public void ownerChangeMovesTheAluaGroupsOnly() {
        engine.reconcile(desired).orThrow();
        // the rbd disk's owner becomes the other gateway: ao moves to TPG 2, TPG 1 gets ano1
        StorageObject rbd = desired.storageObject("user/rbd.disk_1");
        StorageObject moved = new StorageObject(rbd.plugin(), rbd.name(), rbd.wwn(), rbd.control(), rbd.attributes(),
                UpstreamLio.aluaGroups(List.of(1, 2), 2, false, 30));
        Target t = desired.targets().get(0);
        List<Tpg> tpgs = new ArrayList<>();
        for (Tpg tpg : t.tpgs()) {
            List<Lun> luns = tpg.luns().stream().map(l -> l.index() != 0 ? l
                    : new Lun(0, l.storageObject(), UpstreamLio.aluaGroupName(tpg.tag(), tpg.tag() == 2, false))).toList();
            tpgs.add(new Tpg(tpg.tag(), tpg.enabled(), tpg.attributes(), tpg.params(), tpg.chap(), tpg.portals(), luns,
                    tpg.acls()));
        }
        LioState next = new LioState(List.of(moved, desired.storageObjects().get(1), desired.storageObjects().get(2)),
                List.of(new Target(t.iqn(), tpgs)), desired.discoveryAuth());
        LioPlan plan = engine.plan(next);
        for (LioOp op : plan.ops()) {
            assertTrue(op.toString(), op.path().contains("/alua") && (op.path().contains("rbd.disk_1")
                    || op.path().endsWith("lun_0/alua_tg_pt_gp")));
        }
        assertTrue(engine.apply(plan).ok());
        assertEquals("ao", engine.read().target(Samples.IQN).tpg(2).lun(0).aluaGroup());
        assertTrue(engine.plan(next).isEmpty());
    }

    @Test
    public void aclsOffMeansGenerateNodeAcls() {
        Tpg open = new Tpg(1, true, UpstreamLio.tpgAttributes(true, false, false), Map.of(), null,
                List.of("0.0.0.0"), List.of(new Lun(0, "rd_mcp/ram0", null)), List.of());
        LioState s = new LioState(List.of(UpstreamLio.ramdisk("ram0", 1 << 20, "serial-ram0", List.of())),
                List.of(new Target("iqn.2003-01.org.example:open", List.of(open))), null);
        String all = engine.plan(s).toString();
        assertTrue(all.contains("echo '1' > target/iscsi/iqn.2003-01.org.example:open/tpgt_1/attrib/generate_node_acls"));
        assertTrue(all.contains("echo '0' > target/iscsi/iqn.2003-01.org.example:open/tpgt_1/attrib/demo_mode_write_protect"));
        assertTrue(all.contains("mkdir target/iscsi/iqn.2003-01.org.example:open/tpgt_1/np/0.0.0.0:3260"));
        assertTrue(engine.reconcile(s).ok());
        assertTrue(engine.plan(s).isEmpty());
    }

    @Test
    public void refusedWriteStopsTheApplyNamesPathAndValueAndALaterApplyConverges() {
        String auth = T + "/tpgt_1/attrib/authentication";
        fs.refuseOnce(op -> op.path().equals(auth), "Invalid argument");
        LioPlan plan = engine.plan(desired);
        ApplyResult r = engine.apply(plan);
        assertFalse(r.ok());
        assertEquals(auth, r.failure().path());
        assertEquals("1", r.failure().value());
        assertEquals("Invalid argument", r.failure().reason());
        assertTrue(r.failure().getMessage(), r.failure().getMessage().contains(auth) && r.failure().getMessage().contains("'1'"));
        assertTrue(r.applied() > 0 && r.applied() < plan.size());
        assertEquals(plan.ops().get(r.applied()).path(), auth);

        LioPlan rest = engine.plan(desired);
        assertTrue(rest.size() < plan.size() - r.applied() + 1);
        assertTrue(engine.apply(rest).ok());
        assertTrue(engine.plan(desired).isEmpty());
    }

    @Test
    public void backstoreLeftDisabledByAnInterruptedApplyIsCompleted() {
        String enable = "target/core/user_0/rbd.disk_1/enable";
        fs.refuseOnce(op -> op.path().equals(enable), "Resource temporarily unavailable"); // TCMU right after start
        ApplyResult r = engine.reconcile(desired);
        assertEquals(enable, r.failure().path());
        List<String> ops = lines(engine.plan(desired));
        assertTrue(ops.get(0), ops.get(0).startsWith("echo 'dev_config=rbd/rbd/disk_1"));
        assertTrue(engine.reconcile(desired).ok());
        assertTrue(engine.plan(desired).isEmpty());
    }

    @Test
    public void kernelRefusalsArriveAsErrorsNamingPathAndValue() {
        engine.reconcile(desired).orThrow();
        // the serial of an exported device cannot change: EINVAL from the kernel
        StorageObject rbd = desired.storageObject("user/rbd.disk_1");
        StorageObject changed = new StorageObject(rbd.plugin(), rbd.name(), "another-serial", rbd.control(),
                rbd.attributes(), rbd.aluaGroups());
        LioState next = new LioState(List.of(changed, desired.storageObjects().get(1), desired.storageObjects().get(2)),
                desired.targets(), desired.discoveryAuth());
        ApplyResult r = engine.reconcile(next);
        assertEquals("target/core/user_0/rbd.disk_1/wwn/vpd_unit_serial", r.failure().path());
        assertEquals("another-serial", r.failure().value());
        assertEquals("Invalid argument", r.failure().reason());
        try {
            r.orThrow();
            fail();
        } catch (LioWriteRefusedException e) {
            assertTrue(e.getMessage().contains("vpd_unit_serial"));
        }
        // an attribute the kernel does not have: ENOENT, not a new file
        Tpg t1 = desired.target(Samples.IQN).tpg(1);
        Tpg typo = new Tpg(1, true, Map.of("no_such_attribute", "1"), Map.of(), null, t1.portals(), t1.luns(), t1.acls());
        LioState bad = new LioState(desired.storageObjects(), List.of(new Target(Samples.IQN, List.of(typo,
                desired.target(Samples.IQN).tpg(2)))), null);
        ApplyResult r2 = engine.reconcile(bad);
        assertTrue(r2.failure().getMessage(), r2.failure().reason().contains("ENOENT"));
        assertFalse(Files.exists(fs.resolve(T + "/tpgt_1/attrib/no_such_attribute")));
    }

    @Test
    public void changedChapAndControlsWriteOnlyWhatDiffers() {
        engine.reconcile(desired).orThrow();
        Tpg t1 = desired.target(Samples.IQN).tpg(1);
        NodeAcl c1 = t1.acl(Samples.CLIENT1);
        NodeAcl changed = new NodeAcl(c1.initiator(), UpstreamLio.aclAttributes(20, 5, 10), 64,
                LioState.Chap.oneWay("client1", "new-secret"), c1.mappedLuns());
        Tpg nt1 = new Tpg(1, true, t1.attributes(), t1.params(), t1.chap(), t1.portals(), t1.luns(),
                List.of(changed, t1.acl(Samples.CLIENT2)));
        LioState next = new LioState(desired.storageObjects(), List.of(new Target(Samples.IQN, List.of(nt1,
                desired.target(Samples.IQN).tpg(2)))), desired.discoveryAuth());
        String acl = T + "/tpgt_1/acls/" + Samples.CLIENT1;
        assertEquals(List.of("echo '10' > " + acl + "/attrib/nopin_timeout", "echo '64' > " + acl + "/cmdsn_depth",
                "echo '****' > " + acl + "/auth/password", "echo 'NULL' > " + acl + "/auth/userid_mutual",
                "echo 'NULL' > " + acl + "/auth/password_mutual"), lines(engine.plan(next)));
        assertTrue(engine.reconcile(next).ok());
        assertTrue(engine.plan(next).isEmpty());
        assertEquals("", engine.read().target(Samples.IQN).tpg(1).acl(Samples.CLIENT1).chap().mutualUserid());
    }

    @Test
    public void lunMovedToAnotherBackstoreIsRecreatedWithItsMappedLuns() {
        engine.reconcile(desired).orThrow();
        Target t = desired.targets().get(0);
        List<Tpg> tpgs = new ArrayList<>();
        for (Tpg tpg : t.tpgs()) {
            List<Lun> luns = tpg.luns().stream().map(l -> l.index() == 2 ? new Lun(2, "fileio/file0", null) : l).toList();
            tpgs.add(new Tpg(tpg.tag(), tpg.enabled(), tpg.attributes(), tpg.params(), tpg.chap(), tpg.portals(), luns,
                    tpg.acls()));
        }
        LioState next = new LioState(desired.storageObjects(), List.of(new Target(t.iqn(), tpgs)), null);
        String all = engine.plan(next).toString();
        assertTrue(all, all.contains("rmdir " + T + "/tpgt_1/acls/" + Samples.CLIENT2 + "/lun_0"));
        assertTrue(all, all.contains("ln -s target/core/fileio_1/file0 " + T + "/tpgt_1/lun/lun_2/lio_port"));
        assertTrue(engine.reconcile(next).ok());
        assertTrue(engine.plan(next).isEmpty());
        assertEquals(new MappedLun(0, 2, true), engine.read().target(Samples.IQN).tpg(1).acl(Samples.CLIENT2).mappedLun(0));
    }

    @Test
    public void identityIsNormalisedAndValuesValidated() {
        assertEquals("iqn.2003-01.com.example:abc", new Target("IQN.2003-01.com.Example:ABC", List.of()).iqn());
        assertEquals("[fe80::1]:3260", LioState.normalizePortal("fe80::1"));
        assertEquals("[fe80::1]:3261", LioState.normalizePortal("[FE80::1]:3261"));
        assertEquals("10.0.0.1:3260", LioState.normalizePortal("10.0.0.1"));
        for (Runnable bad : List.<Runnable>of(
                () -> new Target("not-an-iqn", List.of()),
                () -> new Lun(65536, "user/x", null),
                () -> new Tpg(0, true, Map.of(), Map.of(), null, List.of(), List.of(), List.of()),
                () -> new StorageObject("user", "a/b", null, List.of(), Map.of(), List.of()),
                () -> new StorageObject("pscsi", "a", null, List.of(), Map.of(), List.of()),
                () -> LioState.Chap.oneWay("NULL", "x"),
                () -> LioState.normalizePortal("10.0.0.1:99999"))) {
            try {
                bad.run();
                fail();
            } catch (LioInvalidException expected) {
                // ok
            }
        }
        LioState dangling = new LioState(List.of(), List.of(new Target(Samples.IQN, List.of(new Tpg(1, true, Map.of(),
                Map.of(), null, List.of(), List.of(new Lun(0, "user/missing", null)), List.of())))), null);
        try {
            engine.plan(dangling);
            fail();
        } catch (LioInvalidException e) {
            assertTrue(e.getMessage().contains("user/missing"));
        }
    }

    @Test
    public void foreignObjectsAreReadAndRemoved() throws Exception {
        // a target made by hand (targetcli-style random link name) is read and removed
        engine.reconcile(desired).orThrow();
        fs.apply(LioOp.mkdir("target/iscsi/iqn.2003-01.org.example:stray"));
        fs.apply(LioOp.mkdir("target/iscsi/iqn.2003-01.org.example:stray/tpgt_1"));
        fs.apply(LioOp.mkdir("target/iscsi/iqn.2003-01.org.example:stray/tpgt_1/lun/lun_0"));
        fs.apply(LioOp.symlink("target/iscsi/iqn.2003-01.org.example:stray/tpgt_1/lun/lun_0/a1b2c3d4e5",
                "target/core/rd_mcp_2/ram0"));
        assertEquals("rd_mcp/ram0", engine.read().target("iqn.2003-01.org.example:stray").tpg(1).lun(0).storageObject());
        LioPlan plan = engine.plan(desired);
        assertEquals(List.of("rm target/iscsi/iqn.2003-01.org.example:stray/tpgt_1/lun/lun_0/a1b2c3d4e5",
                "rmdir target/iscsi/iqn.2003-01.org.example:stray/tpgt_1/lun/lun_0",
                "rmdir target/iscsi/iqn.2003-01.org.example:stray/tpgt_1",
                "rmdir target/iscsi/iqn.2003-01.org.example:stray"), lines(plan));
        assertTrue(engine.apply(plan).ok());
        assertNull(engine.read().target("iqn.2003-01.org.example:stray"));
    }
}
