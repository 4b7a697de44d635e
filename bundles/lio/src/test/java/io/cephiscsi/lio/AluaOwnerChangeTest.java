package io.cephiscsi.lio;

import io.cephiscsi.lio.LioState.AluaGroup;
import io.cephiscsi.lio.LioState.Lun;
import io.cephiscsi.lio.LioState.StorageObject;
import io.cephiscsi.lio.LioState.Target;
import io.cephiscsi.lio.LioState.Tpg;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * A disk's ALUA owner moves to another gateway (a gateway removed, a rebalance): the kernel sets a group's
 * {@code tg_pt_gp_id} once and refuses an id another group of the storage object holds, so the groups are
 * replaced, not rewritten. The emulated configfs refuses what the kernel refuses (measured in the lab), so the
 * plan here is one the kernel takes.
 */
public class AluaOwnerChangeTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private KernelLikeFolder fs;
    private LioEngine engine;
    private static final String T = "target/iscsi/" + Samples.IQN;
    private static final String RBD = "target/core/user_0/rbd.disk_1";
    private static final String RBD_KEY = "user/rbd.disk_1";

    @Before
    public void setUp() throws Exception {
        fs = new KernelLikeFolder(tmp.newFolder("cfs").toPath());
        engine = new LioEngine(fs);
    }

    private static List<String> lines(LioPlan plan) {
        return plan.ops().stream().map(LioOp::toString).toList();
    }

    private String read(String rel) throws Exception {
        return Files.readString(fs.resolve(rel)).strip();
    }

    private LioWriteRefusedException refused(LioOp op) {
        try {
            fs.apply(op);
        } catch (LioWriteRefusedException e) {
            return e;
        }
        throw new AssertionError("accepted: " + op);
    }

    // ---- the kernel's rules, as the emulated configfs now keeps them

    @Test
    public void groupIdIsTakenOnceAndUniquePerStorageObject() throws Exception {
        engine.reconcile(Samples.small(false)).orThrow();
        fs.apply(LioOp.mkdir(RBD + "/alua/x"));
        assertEquals("a new group shows no id", "", read(RBD + "/alua/x/tg_pt_gp_id"));
        LioWriteRefusedException dup = refused(LioOp.write(RBD + "/alua/x/tg_pt_gp_id", "2")); // ano2 has it
        assertEquals("Invalid argument", dup.reason());
        assertEquals(RBD + "/alua/x/tg_pt_gp_id", dup.path());
        assertEquals("2", dup.value());
        fs.apply(LioOp.write(RBD + "/alua/x/tg_pt_gp_id", "7"));
        assertEquals("7", read(RBD + "/alua/x/tg_pt_gp_id"));
        assertEquals("Invalid argument", refused(LioOp.write(RBD + "/alua/x/tg_pt_gp_id", "7")).reason());
        assertEquals("Invalid argument", refused(LioOp.write(RBD + "/alua/ao/tg_pt_gp_id", "3")).reason());
        assertEquals("Invalid argument", refused(LioOp.write(RBD + "/alua/default_tg_pt_gp/tg_pt_gp_id", "3")).reason());
        fs.apply(LioOp.mkdir(RBD + "/alua/y"));
        assertEquals("Invalid argument", refused(LioOp.write(RBD + "/alua/y/tg_pt_gp_id", "70000")).reason());
        fs.apply(LioOp.write(RBD + "/alua/y/tg_pt_gp_id", "0")); // 0: the kernel picks a free id
        assertEquals("3", read(RBD + "/alua/y/tg_pt_gp_id"));
    }

    @Test
    public void aLunJoinsOnlyAGroupWithAnIdAndFallsBackToDefaultWhenItsGroupGoes() throws Exception {
        engine.reconcile(Samples.small(false)).orThrow();
        String member = T + "/tpgt_1/lun/lun_0/alua_tg_pt_gp";
        fs.apply(LioOp.mkdir(RBD + "/alua/x"));
        assertEquals("No such device", refused(LioOp.write(member, "x")).reason());
        assertEquals("No such device", refused(LioOp.write(member, "nosuch")).reason());
        assertTrue(read(member).startsWith("TG Port Alias: ao\n"));
        fs.apply(LioOp.write(RBD + "/alua/x/tg_pt_gp_id", "9"));
        fs.apply(LioOp.write(member, "x"));
        assertEquals("TG Port Alias: x\nTG Port Group ID: 9", read(member));
        assertEquals("iSCSI/" + Samples.IQN + "/tpgt_1/lun_0", read(RBD + "/alua/x/members"));
        assertEquals("", read(RBD + "/alua/ao/members"));
        fs.apply(LioOp.rmdir(RBD + "/alua/x")); // the kernel lets a group with members go
        assertEquals("TG Port Alias: default_tg_pt_gp\nTG Port Group ID: 0", read(member));
        fs.apply(LioOp.write(member, "ao"));
        fs.apply(LioOp.write(member, "NULL"));
        assertEquals("TG Port Alias: default_tg_pt_gp\nTG Port Group ID: 0", read(member));
        assertTrue("the other TPG's LUN stays", read(T + "/tpgt_2/lun/lun_0/alua_tg_pt_gp").startsWith("TG Port Alias: ano2"));
    }

    @Test
    public void theOldPlanWouldBeRefused() {
        LioState before = Samples.small(false);
        engine.reconcile(before).orThrow();
        // what the planner used to do: a new id into the existing group
        LioWriteRefusedException e = refused(LioOp.write(RBD + "/alua/ao/tg_pt_gp_id", "2"));
        assertEquals("Invalid argument", e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains(RBD + "/alua/ao/tg_pt_gp_id") && e.getMessage().contains("'2'"));
    }

    // ---- the plan

    @Test
    public void ownerChangeReplacesTheGroupsInAnOrderTheKernelTakes() {
        LioState before = Samples.small(false);
        engine.reconcile(before).orThrow();
        LioState after = Samples.withOwner(before, RBD_KEY, 2, false);
        List<String> ops = lines(engine.plan(after));
        String a = RBD + "/alua/";
        // ano1 needs id 1, which ao holds: ao goes (TPG 1's LUN to the default group), ano1 comes, the LUN joins;
        // then ao needs id 2, which ano2 holds: ano2 goes, ao comes back with id 2, TPG 2's LUN joins
        List<String> skeleton = ops.stream().filter(o -> o.startsWith("rmdir") || o.startsWith("mkdir")
                || o.contains("tg_pt_gp")).toList();
        assertEquals(String.join("\n", ops), List.of(
                "rmdir " + a + "ao",
                "mkdir " + a + "ano1",
                "echo '1' > " + a + "ano1/tg_pt_gp_id",
                "echo 'ano1' > " + T + "/tpgt_1/lun/lun_0/alua_tg_pt_gp",
                "rmdir " + a + "ano2",
                "mkdir " + a + "ao",
                "echo '2' > " + a + "ao/tg_pt_gp_id",
                "echo 'ao' > " + T + "/tpgt_2/lun/lun_0/alua_tg_pt_gp"), skeleton);
        // the states before the joins
        assertTrue(ops.indexOf("echo '1' > " + a + "ano1/alua_access_state") >= 0);
        assertTrue(ops.indexOf("echo '0' > " + a + "ao/alua_access_state") >= 0);
        assertTrue(ops.indexOf("echo '1' > " + a + "ano1/alua_access_state")
                < ops.indexOf("echo 'ano1' > " + T + "/tpgt_1/lun/lun_0/alua_tg_pt_gp"));
        assertTrue(ops.indexOf("echo '0' > " + a + "ao/alua_access_state")
                < ops.indexOf("echo 'ao' > " + T + "/tpgt_2/lun/lun_0/alua_tg_pt_gp"));
        for (String op : ops) {
            assertTrue(op, op.contains(RBD + "/") || op.endsWith("lun_0/alua_tg_pt_gp"));
        }
        ApplyResult r = engine.reconcile(after);
        assertTrue(String.valueOf(r.failure()), r.ok());
        assertLiveIs(after);
        assertTrue(engine.plan(after).isEmpty());
    }

    @Test
    public void ownerChangeBackAndForthExplicit() {
        LioState one = Samples.small(true);
        engine.reconcile(one).orThrow();
        LioState two = Samples.withOwner(one, RBD_KEY, 2, true);
        LioState fileBack = Samples.withOwner(two, "fileio/file0", 1, true);
        for (LioState s : List.of(two, fileBack, one, two)) {
            ApplyResult r = engine.reconcile(s);
            assertTrue(String.valueOf(r.failure()), r.ok());
            assertLiveIs(s);
            assertTrue(engine.plan(s).isEmpty());
        }
    }

    @Test
    public void ownerChangeOnThreeTpgs() {
        LioState three = Samples.scale(3, 3, 1, 3);
        engine.reconcile(three).orThrow();
        LioState moved = three;
        // every disk's owner moves to the next TPG, then one disk back to TPG 1
        for (StorageObject so : three.storageObjects()) {
            int owner = 1 + three.storageObjects().indexOf(so) % 3;
            moved = Samples.withOwner(moved, so.key(), owner % 3 + 1, false);
        }
        for (LioState s : List.of(moved, Samples.withOwner(moved, "user/rbd.img0", 1, false))) {
            LioPlan plan = engine.plan(s);
            assertOnlyFreshGroupsGetAnId(fs, plan);
            ApplyResult r = engine.apply(plan);
            assertTrue(String.valueOf(r.failure()), r.ok());
            assertLiveIs(s);
            assertTrue(engine.plan(s).isEmpty());
        }
    }

    @Test
    public void anOwnerChangeStoppedAfterAnyStepConvergesOnTheNextReconcile() throws Exception {
        for (boolean explicit : List.of(false, true)) {
            LioState before = Samples.small(explicit);
            LioState after = Samples.withOwner(before, RBD_KEY, 2, explicit);
            int n;
            {
                KernelLikeFolder probe = new KernelLikeFolder(tmp.newFolder().toPath());
                LioEngine e = new LioEngine(probe);
                e.reconcile(before).orThrow();
                n = e.plan(after).size();
            }
            assertTrue(n > 10);
            for (int stop = 0; stop < n; stop++) {
                KernelLikeFolder f = new KernelLikeFolder(tmp.newFolder().toPath());
                LioEngine e = new LioEngine(f);
                e.reconcile(before).orThrow();
                LioPlan plan = e.plan(after);
                LioOp last = plan.ops().get(stop);
                f.refuseOnce(op -> op.equals(last), "Input/output error"); // the apply stops at this step
                ApplyResult r = e.apply(plan);
                assertEquals(stop, r.applied());
                LioPlan rest = e.plan(after);
                assertOnlyFreshGroupsGetAnId(f, rest);
                ApplyResult again = e.apply(rest);
                assertTrue("stopped at " + stop + " (" + last + "): " + again.failure() + "\n" + rest, again.ok());
                assertLiveIs(e, after);
                assertTrue("stopped at " + stop + ": not converged\n" + e.plan(after), e.plan(after).isEmpty());
            }
        }
    }

    @Test
    public void aGroupLeftWithoutAnIdWhoseIdAnotherGroupHoldsIsCompleted() throws Exception {
        LioState before = Samples.small(false);
        engine.reconcile(before).orThrow();
        // someone made ano1 and stopped before its id (ao still holds 1)
        fs.apply(LioOp.mkdir(RBD + "/alua/ano1"));
        LioState after = Samples.withOwner(before, RBD_KEY, 2, false);
        List<String> ops = lines(engine.plan(after));
        assertEquals(String.join("\n", ops), "rmdir " + RBD + "/alua/ao", ops.get(0));
        assertEquals("echo '1' > " + RBD + "/alua/ano1/tg_pt_gp_id", ops.get(1));
        assertTrue(engine.reconcile(after).ok());
        assertLiveIs(after);
        assertTrue(engine.plan(after).isEmpty());
    }

    @Test
    public void twoGroupsWithOneIdAreRefusedBeforeAnyWrite() {
        StorageObject rbd = Samples.small(false).storageObject(RBD_KEY);
        List<AluaGroup> clash = List.of(new AluaGroup("ao", 1, java.util.Map.of()), new AluaGroup("ano2", 1, java.util.Map.of()));
        LioState bad = new LioState(List.of(new StorageObject(rbd.plugin(), rbd.name(), rbd.wwn(), rbd.control(),
                rbd.attributes(), clash)), List.of(), null);
        try {
            engine.plan(bad);
            fail("two groups with id 1");
        } catch (LioInvalidException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("id 1"));
        }
    }

    /** no plan writes an id into a group it did not make (or complete) itself */
    private static void assertOnlyFreshGroupsGetAnId(Configfs fs, LioPlan plan) {
        Set<String> made = new HashSet<>();
        for (LioOp op : plan.ops()) {
            if (op.kind() == LioOp.Kind.MKDIR) {
                made.add(op.path());
            }
            if (op.kind() == LioOp.Kind.WRITE && op.path().endsWith("/tg_pt_gp_id")) {
                String g = op.path().substring(0, op.path().lastIndexOf('/'));
                String live = fs.read(op.path());
                assertTrue("id written into a group that has one: " + op + "\n" + plan,
                        made.contains(g) || live == null || live.isEmpty());
            }
        }
    }

    private void assertLiveIs(LioState want) {
        assertLiveIs(engine, want);
    }

    /** every desired group with its id and values and no other group; every LUN in its group */
    private static void assertLiveIs(LioEngine e, LioState want) {
        LioState live = e.read();
        for (StorageObject so : want.storageObjects()) {
            StorageObject have = live.storageObject(so.key());
            assertNotNull(so.key(), have);
            List<String> names = new ArrayList<>(have.aluaGroups().stream().map(AluaGroup::name).sorted().toList());
            assertEquals(so.key(), so.aluaGroups().stream().map(AluaGroup::name).sorted().toList(), names);
            for (AluaGroup g : so.aluaGroups()) {
                AluaGroup h = have.aluaGroup(g.name());
                assertEquals(so.key() + " " + g.name(), g.id(), h.id());
                assertTrue(so.key() + " " + g.name() + " " + h.attributes(),
                        h.attributes().entrySet().containsAll(g.attributes().entrySet()));
            }
        }
        for (Target t : want.targets()) {
            for (Tpg tpg : t.tpgs()) {
                for (Lun l : tpg.luns()) {
                    Lun h = live.target(t.iqn()).tpg(tpg.tag()).lun(l.index());
                    assertEquals(t.iqn() + " tpgt_" + tpg.tag() + " lun_" + l.index(),
                            l.aluaGroup() == null ? "default_tg_pt_gp" : l.aluaGroup(), h.aluaGroup());
                    assertFalse(h.storageObject().startsWith("?"));
                }
            }
        }
    }
}
