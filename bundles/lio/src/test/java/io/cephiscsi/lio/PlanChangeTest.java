package io.cephiscsi.lio;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * A gateway applies each new epoch with {@link LioEngine#planChange}: planned from what its last complete apply left,
 * without reading configfs. The LIO it builds that way must be the LIO a full read-and-plan builds, change after
 * change, and a fresh engine (a restarted gateway) must find nothing to do.
 */
public class PlanChangeTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private KernelLikeFolder incremental;
    private LioEngine engine;

    @Before
    public void setUp() throws Exception {
        incremental = new KernelLikeFolder(tmp.newFolder("incremental").toPath());
        engine = new LioEngine(incremental);
    }

    /** changes a gateway sees: LUNs, ACLs and mappings added and removed, owners moved, ALUA mode, backstore type */
    private static Map<String, LioState> changes() {
        Map<String, LioState> steps = new LinkedHashMap<>();
        steps.put("first restore", Samples.small(false));
        steps.put("owner of disk_1 moves to TPG 2", Samples.withOwner(Samples.small(false), "user/rbd.disk_1", 2, false));
        steps.put("explicit ALUA", Samples.small(true));
        steps.put("another target layout", Samples.scale(6, 2, 3, 2));
        steps.put("more LUNs, ACLs and mappings", Samples.scale(8, 2, 4, 3));
        steps.put("owner of img3 moves", Samples.withOwner(Samples.scale(8, 2, 4, 3), "user/rbd.img3", 2, false));
        steps.put("fewer LUNs, a third TPG", Samples.scale(4, 3, 2, 1));
        steps.put("backstores become RAM disks", Samples.scale(4, 3, 2, 1, "rd_mcp"));
        steps.put("back to the small layout", Samples.small(false));
        steps.put("everything removed", LioState.EMPTY);
        steps.put("restored again", Samples.small(true));
        return steps;
    }

    @Test
    public void changeByChangeTheSameLioAsAFullPlan() throws Exception {
        int step = 0;
        for (Map.Entry<String, LioState> change : changes().entrySet()) {
            String what = change.getKey();
            LioState desired = change.getValue();
            engine.reconcileChange(desired).orThrow();

            LioEngine full = new LioEngine(new KernelLikeFolder(tmp.newFolder("full" + step++).toPath()));
            LioState expected = replay(full, step);
            assertSame(what, expected, engine.read());
            LioPlan restart = new LioEngine(incremental).plan(desired);
            assertTrue(what + ": a restarted gateway finds work:\n" + restart, restart.isEmpty());
            assertTrue(what + ": the same epoch again writes nothing", engine.planChange(desired).isEmpty());
        }
    }

    /** the same objects (in any order), or a failure naming the first object that differs (the whole state is too long to read) */
    private static void assertSame(String what, LioState expected, LioState actual) {
        Map<String, Object> want = objects(expected);
        Map<String, Object> have = objects(actual);
        for (String key : want.keySet()) {
            assertEquals(what + ": " + key, want.get(key), have.get(key));
        }
        assertEquals(what + ": objects", want.keySet(), have.keySet()); // the order of HBAs may differ
    }

    private static Map<String, Object> objects(LioState state) {
        Map<String, Object> all = new java.util.TreeMap<>();
        state.storageObjects().forEach(so -> all.put("storage object " + so.key(), so));
        for (LioState.Target t : state.targets()) {
            for (LioState.Tpg tpg : t.tpgs()) {
                String at = t.iqn() + " tpgt_" + tpg.tag();
                all.put(at + " luns", tpg.luns());
                all.put(at + " portals", tpg.portals());
                all.put(at + " settings", List.of(tpg.enabled(), tpg.attributes(), tpg.params(), String.valueOf(tpg.chap())));
                tpg.acls().forEach(a -> all.put(at + " acl " + a.initiator(), a));
            }
        }
        all.put("discovery auth", String.valueOf(state.discoveryAuth()));
        return all;
    }

    /** the same steps, each planned by reading configfs */
    private static LioState replay(LioEngine full, int steps) {
        int i = 0;
        for (LioState desired : changes().values()) {
            if (i++ == steps) {
                break;
            }
            full.reconcile(desired).orThrow();
        }
        return full.read();
    }

    @Test
    public void planChangeTrustsItsOwnWritesButAFullPlanSeesDrift() {
        LioState desired = Samples.small(false);
        engine.reconcile(desired).orThrow();
        String acl = "target/iscsi/" + Samples.IQN + "/tpgt_1/acls/" + Samples.CLIENT2;
        incremental.apply(LioOp.write(acl + "/attrib/dataout_timeout", "7")); // e.g. targetcli

        assertTrue("between full comparisons the engine plans from its own writes",
                engine.planChange(desired).isEmpty());
        LioPlan full = engine.plan(desired);
        assertEquals(1, full.size());
        assertTrue(full.toString(), full.toString().contains(acl + "/attrib/dataout_timeout"));
        engine.apply(full).orThrow();
        assertTrue(engine.planChange(desired).isEmpty());
        assertTrue(new LioEngine(incremental).plan(desired).isEmpty());
    }

    @Test
    public void afterAnApplyThatStoppedTheNextChangeReadsConfigfs() {
        LioState desired = Samples.small(false);
        engine.reconcile(desired).orThrow();
        LioState next = Samples.scale(3, 2, 2, 1);
        incremental.refuseOnce(op -> op.toString().contains("com.example:host1"), "Invalid argument");
        LioPlan plan = engine.planChange(next);
        ApplyResult stopped = engine.apply(plan);
        assertFalse("the refused write stops the apply", stopped.ok());

        LioPlan rest = engine.planChange(next);
        assertFalse(rest.isEmpty());
        assertTrue("only what is left: " + rest.size() + " of " + plan.size(), rest.size() < plan.size());
        engine.apply(rest).orThrow();
        assertEquals(List.of(), new LioEngine(incremental).plan(next).ops());
    }
}
