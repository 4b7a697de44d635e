package io.cephiscsi.lio;

import io.cephiscsi.lio.LioState.StorageObject;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/**
 * A resized RBD image reaches LIO as upstream's lun.py does it: an existing TCMU storage object that is smaller than
 * the desired size gets {@code attrib/dev_size} written (the kernel passes it to tcmu-runner; the initiators then
 * read the new capacity), once; a larger one is never shrunk; an equal one is not written. Both ways a gateway plans
 * (reading configfs, and from what its last apply left) must agree, on a folder configfs root.
 */
public class ResizeTest {
    private static final long GIB = 1L << 30;
    private static final String SO = "target/core/user_0/rbd.disk_1";
    private static final String KEY = "user/rbd.disk_1";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private KernelLikeFolder fs;
    private LioEngine engine;

    @Before
    public void setUp() throws Exception {
        fs = new KernelLikeFolder(tmp.getRoot().toPath());
        engine = new LioEngine(fs);
        engine.reconcile(Samples.small(false)).orThrow(); // disk_1 created at 1 GiB
    }

    /** the sample with disk_1's image at {@code bytes} (-1: size unknown) */
    private static LioState sized(long bytes) {
        LioState s = Samples.small(false);
        return new LioState(s.storageObjects().stream().map(so -> so.key().equals(KEY) ? so.withSize(bytes) : so)
                .toList(), s.targets(), s.discoveryAuth());
    }

    private static List<String> ops(LioPlan plan) {
        return plan.ops().stream().map(LioOp::toString).toList();
    }

    private static String grow(long bytes) {
        return "echo '" + bytes + "' > " + SO + "/attrib/dev_size";
    }

    private long liveSize() {
        return Long.parseLong(fs.read(SO + "/attrib/dev_size").strip());
    }

    @Test
    public void aLargerImageGrowsTheStorageObjectOnceWithOneWrite() {
        assertEquals("created through control", GIB, liveSize());
        assertEquals(GIB, engine.read().storageObject(KEY).size());

        assertEquals(List.of(grow(2 * GIB)), ops(engine.plan(sized(2 * GIB))));
        int before = fs.operations();
        engine.reconcile(sized(2 * GIB)).orThrow();
        assertEquals(1, fs.operations() - before);
        assertEquals(2 * GIB, liveSize());
        assertTrue(fs.read(SO + "/info").contains("Size: " + 2 * GIB));
        assertEquals(2 * GIB, engine.read().storageObject(KEY).size());

        assertTrue("idempotent: an equal size is not written", engine.plan(sized(2 * GIB)).isEmpty());
        assertTrue(engine.planChange(sized(2 * GIB)).isEmpty());
    }

    @Test
    public void aGatewayPlanningFromItsLastApplyGrowsTooWithoutReadingConfigfs() {
        engine.reconcileChange(Samples.small(false)).orThrow(); // the engine now knows what it left
        LioPlan plan = engine.planChange(sized(3 * GIB));
        assertEquals(List.of(grow(3 * GIB)), ops(plan));
        engine.apply(plan).orThrow();
        assertEquals(3 * GIB, liveSize());
        assertTrue(engine.planChange(sized(3 * GIB)).isEmpty());
        assertTrue("a full read agrees", engine.plan(sized(3 * GIB)).isEmpty());
    }

    @Test
    public void neverShrinksAndALaterSmallerGrowIsNoShrinkEither() {
        engine.reconcile(sized(4 * GIB)).orThrow();
        assertTrue("a smaller image (shrunk behind LIO's back) leaves LIO alone", engine.plan(sized(GIB)).isEmpty());
        engine.reconcileChange(sized(GIB)).orThrow();
        assertEquals(4 * GIB, liveSize());
        // the snapshot of the last apply keeps the live 4 GiB, so growing the image to 3 GiB writes nothing
        assertTrue(engine.planChange(sized(3 * GIB)).isEmpty());
        assertTrue(engine.plan(sized(3 * GIB)).isEmpty());
        assertEquals(List.of(grow(5 * GIB)), ops(engine.planChange(sized(5 * GIB))));
        assertEquals(4 * GIB, liveSize());
    }

    @Test
    public void anUnknownSizeLeavesLioAloneAndTheNextKnownOneIsComparedWithConfigfs() {
        engine.reconcileChange(sized(-1)).orThrow(); // image sizes unreadable: not managed
        assertEquals(GIB, liveSize());
        assertTrue(engine.plan(sized(-1)).isEmpty());
        // the last apply did not manage the size, so the change plan asks configfs for the live one
        assertTrue(engine.planChange(sized(GIB)).isEmpty());
        assertEquals(List.of(grow(2 * GIB)), ops(engine.planChange(sized(2 * GIB))));
    }

    @Test
    public void aLargerLiveSizeFoundAfterAnUnknownOneIsKeptByTheNextChangePlans() {
        engine.reconcile(sized(4 * GIB)).orThrow();
        engine.reconcileChange(sized(-1)).orThrow(); // the snapshot now says nothing of the size
        engine.reconcileChange(sized(GIB)).orThrow(); // configfs asked: 4 GiB, left so
        assertTrue("3 GiB is no grow of the live 4 GiB", engine.planChange(sized(3 * GIB)).isEmpty());
        assertEquals(4 * GIB, liveSize());
    }

    @Test
    public void aNewStorageObjectIsSizedThroughControlOnly() throws Exception {
        LioEngine fresh = new LioEngine(new KernelLikeFolder(tmp.newFolder("fresh").toPath()));
        List<String> all = ops(fresh.plan(sized(2 * GIB)));
        assertTrue(all.contains("echo 'dev_size=1073741824' > " + SO + "/control"));
        assertFalse(all.stream().anyMatch(op -> op.contains("attrib/dev_size")));
    }

    @Test
    public void aRefusedGrowFailsTheApplyAndIsTriedAgain() {
        // a real kernel with tcmu-runner down: "Unable to reconfigure device", EIO, dev_size unchanged
        fs.refuseOnce(op -> op.path().endsWith("/attrib/dev_size"), "Input/output error");
        ApplyResult failed = engine.reconcileChange(sized(2 * GIB));
        assertFalse(failed.ok());
        assertEquals(GIB, liveSize());
        assertEquals(List.of(grow(2 * GIB)), ops(engine.planChange(sized(2 * GIB))));
        engine.reconcileChange(sized(2 * GIB)).orThrow();
        assertEquals(2 * GIB, liveSize());
    }

    @Test
    public void aGrowComesAfterTheOtherChangesOfItsPlanSoARefusalStopsNothingElse() {
        LioState grownAndOneAclLess = sized(2 * GIB);
        LioState.Target t = grownAndOneAclLess.targets().get(0);
        LioState.Tpg tpg1 = t.tpg(1);
        LioState.Tpg fewer = new LioState.Tpg(tpg1.tag(), tpg1.enabled(), tpg1.attributes(), tpg1.params(),
                tpg1.chap(), tpg1.portals(), tpg1.luns(), tpg1.acls().subList(0, 1));
        LioState desired = new LioState(grownAndOneAclLess.storageObjects(), List.of(new LioState.Target(t.iqn(),
                List.of(fewer, t.tpg(2)))), grownAndOneAclLess.discoveryAuth());
        List<String> all = ops(engine.plan(desired));
        assertEquals(grow(2 * GIB), all.get(all.size() - 1));
        assertTrue(all.size() > 1);

        fs.refuseOnce(op -> op.path().endsWith("/attrib/dev_size"), "Input/output error");
        assertFalse(engine.reconcile(desired).ok());
        assertFalse("the ACL removal was made", fs.exists("target/iscsi/" + Samples.IQN + "/tpgt_1/acls/"
                + Samples.CLIENT2));
        assertEquals(List.of(grow(2 * GIB)), ops(engine.plan(desired)));
    }

    @Test
    public void onlyATcmuStorageObjectHasAManagedSize() {
        assertThrows(LioInvalidException.class, () -> new StorageObject("fileio", "f", null, List.of(), Map.of(),
                List.of(), GIB));
        assertThrows(LioInvalidException.class, () -> new StorageObject("user", "u", null, List.of(),
                Map.of("dev_size", "1"), List.of(), -1));
        assertThrows(LioInvalidException.class, () -> new StorageObject("user", "u", null, List.of(), Map.of(),
                List.of(), -2));
        assertThrows(LioWriteRefusedException.class,
                () -> engine.configfs().apply(LioOp.write(SO + "/attrib/dev_size", "2G")));
    }
}
