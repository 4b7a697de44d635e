package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.PortalConfig;

/** The gateway's LIO follows the shared configuration, on an emulated configfs folder. */
public class LocalGatewayTest {

    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:local";
    private static final String ME = "gw1.example.com";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    /**
     * A store in memory. An announcing one tells its subscribers of each commit at once, as the real ones do; a
     * silent one lets a commit ("another gateway's") reach this gateway only when it reads: a lost notice.
     */
    static final class MemoryStore implements ConfigStore {
        private final boolean announces;
        private volatile GatewayConfig stored = GatewayConfig.seed(Instant.now());
        private volatile GatewayConfig known = stored;
        private final List<Consumer<GatewayConfig>> listeners = new CopyOnWriteArrayList<>();

        MemoryStore() {
            this(true);
        }

        MemoryStore(boolean announces) {
            this.announces = announces;
        }

        @Override
        public GatewayConfig current() {
            return known;
        }

        @Override
        public GatewayConfig refresh() {
            if (known != stored) {
                known = stored;
                listeners.forEach(listener -> listener.accept(known));
            }
            return known;
        }

        @Override
        public synchronized GatewayConfig update(ConfigTransaction transaction) {
            Instant now = Instant.now();
            stored = transaction.applyTo(stored, now).withEpoch(stored.epoch() + 1, now);
            if (announces) {
                refresh();
            }
            return stored;
        }

        @Override
        public AutoCloseable subscribe(Consumer<GatewayConfig> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }
    }

    private GatewaySettings settings(Path root) {
        return settings(root, ME);
    }

    private GatewaySettings settings(Path root, String name) {
        return GatewaySettings.of(Map.of(), Map.of("backend", "embedded", "configfs_root", root.toString(),
                "gateway_name", name), p -> false);
    }

    private static void awaitEpoch(LocalGateway gateway, long epoch) throws InterruptedException {
        for (int i = 0; i < 200 && gateway.appliedEpoch() != epoch; i++) {
            Thread.sleep(25);
        }
        assertEquals(epoch, gateway.appliedEpoch());
    }

    private static ConfigTransaction targetWithOneLun() {
        DiskConfig disk = DiskConfig.create("rbd", "disk_1", 1, "4fc1071d-7e2f-4df0-95c8-925a617e2d62", ME)
                .withOwner(ME);
        return ConfigTransaction.of(
                ConfigChange.putGateway(ME, 1),
                ConfigChange.createTarget(TARGET),
                ConfigChange.putPortal(TARGET, ME, new PortalConfig(List.of("192.0.2.1"), List.of("192.0.2.1"),
                        List.of(), 1)),
                ConfigChange.putDisk(disk),
                ConfigChange.putTargetDisk(TARGET, disk.id(), 0),
                ConfigChange.putClient(TARGET, "iqn.1994-05.com.example:host1",
                        ClientConfig.EMPTY.withLuns(Map.of(disk.id(), 0))));
    }

    @Test
    public void restoresAtStartFollowsEachCommitAndLeavesLioUpWhenStopped() throws Exception {
        Path root = folder.newFolder("configfs").toPath();
        MemoryStore store = new MemoryStore();
        GatewayConfig first = store.update(targetWithOneLun());

        LocalGateway gateway = new LocalGateway(settings(root), store, ME);
        awaitEpoch(gateway, first.epoch());
        assertTrue(gateway.lastOperations() > 10);
        Path target = root.resolve("target/iscsi/" + TARGET);
        assertTrue("restored at start: " + target, Files.isDirectory(target.resolve("tpgt_1/lun/lun_0")));
        assertTrue(Files.isDirectory(target.resolve("tpgt_1/acls/iqn.1994-05.com.example:host1/lun_0")));
        assertTrue(Files.isDirectory(root.resolve("target/core/user_0/rbd.disk_1")));

        GatewayConfig second = store.update(ConfigTransaction.of(ConfigChange.removeClient(TARGET,
                "iqn.1994-05.com.example:host1")));
        awaitEpoch(gateway, second.epoch());
        assertFalse(Files.exists(target.resolve("tpgt_1/acls/iqn.1994-05.com.example:host1")));

        gateway.stop();
        assertTrue("LIO stays up when the gateway stops", Files.isDirectory(target.resolve("tpgt_1/lun/lun_0")));

        // a restart (e.g. after a bundle update) finds everything in place: nothing to write
        LocalGateway restarted = new LocalGateway(settings(root), store, ME);
        awaitEpoch(restarted, second.epoch());
        assertEquals(0, restarted.lastOperations());
        restarted.stop();
    }

    /** -1 while the file is being written (the folder root's write truncates first) */
    private static long devSize(Path root) throws java.io.IOException {
        String size = Files.readString(root.resolve("target/core/user_0/rbd.disk_1/attrib/dev_size")).strip();
        return size.isEmpty() ? -1 : Long.parseLong(size);
    }

    private static void awaitSize(Path root, long bytes) throws Exception {
        for (int i = 0; i < 400 && devSize(root) != bytes; i++) {
            Thread.sleep(25);
        }
        assertEquals(bytes, devSize(root));
    }

    /**
     * A resize reaches the LUN on every gateway of the target when the commit reaches it (the image is read again),
     * a gateway that was down gets the size its image grew to at restore, and an {@code rbd resize} made outside the
     * gateways reaches LIO with the periodic full comparison. Real file-backed images (the embedded backend).
     */
    @Test
    public void aResizeReachesEveryGatewayARestartedOneAndAnOutsideResizeTheNextFullComparison() throws Exception {
        String gw2 = "gw2.example.com";
        long mib = 1L << 20;
        io.cephiscsi.rbd.ImageService images = io.cephiscsi.rbd.internal.EmbeddedImageService.at(
                folder.newFolder("images").toPath());
        images.create("rbd", "disk_1", 64 * mib);
        Path root1 = folder.newFolder("configfs1").toPath();
        Path root2 = folder.newFolder("configfs2").toPath();
        MemoryStore store = new MemoryStore();
        store.update(targetWithOneLun());
        GatewayConfig first = store.update(ConfigTransaction.of(ConfigChange.putGateway(gw2, 1),
                ConfigChange.putPortal(TARGET, gw2, new PortalConfig(List.of("192.0.2.2"), List.of("192.0.2.2"),
                        List.of(), 1))));
        LocalGateway one = new LocalGateway(settings(root1), store, ME, images);
        LocalGateway two = new LocalGateway(settings(root2, gw2), store, gw2, images);
        try {
            awaitEpoch(one, first.epoch());
            awaitEpoch(two, first.epoch());
            assertEquals(64 * mib, devSize(root1));
            assertEquals(64 * mib, devSize(root2));

            // what a resize does: grow the image, then commit the disk (its updated stamp) for the gateways
            images.resize("rbd", "disk_1", 128 * mib);
            DiskConfig disk = store.current().disks().get("rbd/disk_1");
            GatewayConfig resized = store.update(ConfigTransaction.of(ConfigChange.putDisk(disk)));
            awaitEpoch(one, resized.epoch());
            awaitEpoch(two, resized.epoch());
            assertEquals(128 * mib, devSize(root1));
            assertEquals(128 * mib, devSize(root2));
            assertEquals("one write of dev_size, nothing else", 1, two.lastOperations());

            // a resize in the second of the disk's last stamp: its commit changes nothing but the epoch
            images.resize("rbd", "disk_1", 192 * mib);
            GatewayConfig again = store.update(ConfigTransaction.of(current -> current));
            awaitEpoch(one, again.epoch());
            awaitEpoch(two, again.epoch());
            assertEquals(192 * mib, devSize(root1));
            assertEquals(192 * mib, devSize(root2));

            // the image grows while gateway two is down: its restore grows the backstore
            two.stop();
            images.resize("rbd", "disk_1", 256 * mib);
            two = new LocalGateway(settings(root2, gw2), store, gw2, images);
            awaitEpoch(two, again.epoch());
            awaitSize(root2, 256 * mib);
            assertEquals("no commit: gateway one has not looked yet", 192 * mib, devSize(root1));

            // gateway one compares LIO every 300 ms here (60 s in service): it reads the image sizes again then
            one.stop();
            one = new LocalGateway(settings(root1), store, ME, images, java.time.Duration.ofMillis(300));
            awaitEpoch(one, again.epoch());
            awaitSize(root1, 256 * mib);
            images.resize("rbd", "disk_1", 512 * mib);
            awaitSize(root1, 512 * mib);
        } finally {
            one.stop();
            two.stop();
        }
    }

    @Test
    public void aChangeThatDoesNotConcernThisGatewayReadsNoLioAndDriftIsStillRepaired() throws Exception {
        Path root = folder.newFolder("configfs").toPath();
        MemoryStore store = new MemoryStore();
        GatewayConfig first = store.update(targetWithOneLun());
        LocalGateway gateway = new LocalGateway(settings(root), store, ME, null, java.time.Duration.ofMillis(500));
        awaitEpoch(gateway, first.epoch());

        // a disk nobody maps yet: this gateway's LIO is the same, so the epoch is reached with nothing done
        Path acl = root.resolve("target/iscsi/" + TARGET + "/tpgt_1/acls/iqn.1994-05.com.example:host1");
        GatewayConfig second = store.update(ConfigTransaction.of(ConfigChange.putDisk(
                DiskConfig.create("rbd", "disk_2", 1, "5fc1071d-7e2f-4df0-95c8-925a617e2d62", ME))));
        awaitEpoch(gateway, second.epoch());
        assertEquals(0, gateway.lastOperations());

        // someone removes the mapped LUN by hand (targetcli): the periodic full comparison puts it back
        Path mapped = acl.resolve("lun_0");
        Files.walk(mapped).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        assertFalse(Files.exists(mapped));
        for (int i = 0; i < 200 && !Files.isDirectory(mapped); i++) {
            Thread.sleep(25);
        }
        assertTrue("drift repaired by the periodic comparison", Files.isDirectory(mapped));
        gateway.stop();
    }

    @Test
    public void aWaiterIsAnsweredWhenLioReachesTheEpochAndNotBefore() throws Exception {
        Path root = folder.newFolder("configfs").toPath();
        MemoryStore store = new MemoryStore();
        GatewayConfig first = store.update(targetWithOneLun());
        LocalGateway gateway = new LocalGateway(settings(root), store, ME);
        try {
            assertTrue(gateway.awaitEpoch(first.epoch(), java.time.Duration.ofSeconds(10)));
            long next = first.epoch() + 1;
            assertFalse("no such epoch yet", gateway.awaitEpoch(next, java.time.Duration.ofMillis(50)));

            java.util.concurrent.CompletableFuture<Boolean> waiter = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            return gateway.awaitEpoch(next, java.time.Duration.ofSeconds(10));
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            Thread.sleep(100);
            assertFalse("still waiting", waiter.isDone());
            store.update(ConfigTransaction.of(ConfigChange.removeClient(TARGET, "iqn.1994-05.com.example:host1")));
            assertTrue(waiter.get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertFalse("the LIO of that epoch is in place when the waiter is answered", Files.exists(root.resolve(
                    "target/iscsi/" + TARGET + "/tpgt_1/acls/iqn.1994-05.com.example:host1")));
        } finally {
            gateway.stop();
        }
    }

    @Test
    public void aGatewayAskedForAnEpochItHasNotHeardOfReadsItInsteadOfWaitingForThePoll() throws Exception {
        Path root = folder.newFolder("configfs").toPath();
        MemoryStore store = new MemoryStore(false);
        GatewayConfig first = store.update(targetWithOneLun());
        store.refresh();
        LocalGateway gateway = new LocalGateway(settings(root), store, ME);
        try {
            assertTrue(gateway.awaitEpoch(first.epoch(), java.time.Duration.ofSeconds(10)));
            GatewayConfig second = store.update(ConfigTransaction.of(ConfigChange.removeClient(TARGET,
                    "iqn.1994-05.com.example:host1")));
            long asked = System.nanoTime();
            assertTrue("the committer's wait is answered although the notice never came",
                    gateway.awaitEpoch(second.epoch(), java.time.Duration.ofSeconds(10)));
            long millis = (System.nanoTime() - asked) / 1_000_000;
            assertTrue("answered after the notice grace, not at the end of the wait: " + millis + " ms",
                    millis < 5_000);
            assertFalse(Files.exists(root.resolve("target/iscsi/" + TARGET
                    + "/tpgt_1/acls/iqn.1994-05.com.example:host1")));
        } finally {
            gateway.stop();
        }
    }

    /**
     * An upstream gateway's fan-out call: its commit was never announced, and its resize committed nothing. A sync
     * answers once LIO has both; while LIO refuses the epoch it answers false (and tries again at the next sync).
     */
    @Test
    public void aSyncReachesAnUnannouncedCommitAndAnUncommittedResizeAndSaysWhenLioRefuses() throws Exception {
        long mib = 1L << 20;
        io.cephiscsi.rbd.ImageService images = io.cephiscsi.rbd.internal.EmbeddedImageService.at(
                folder.newFolder("images").toPath());
        images.create("rbd", "disk_1", 64 * mib);
        Path root = folder.newFolder("configfs").toPath();
        MemoryStore store = new MemoryStore(false);
        GatewayConfig first = store.update(targetWithOneLun());
        store.refresh();
        LocalGateway gateway = new LocalGateway(settings(root), store, ME, images);
        try {
            assertTrue(gateway.syncTo(store.current(), java.time.Duration.ofSeconds(10)));
            assertEquals(first.epoch(), gateway.appliedEpoch());
            assertEquals(64 * mib, devSize(root));

            images.resize("rbd", "disk_1", 96 * mib); // upstream's resize: no commit
            GatewayConfig second = store.update(ConfigTransaction.of(ConfigChange.removeClient(TARGET,
                    "iqn.1994-05.com.example:host1"))); // not announced
            assertTrue(gateway.syncTo(store.refresh(), java.time.Duration.ofSeconds(10)));
            assertEquals(second.epoch(), gateway.appliedEpoch());
            assertEquals(96 * mib, devSize(root));
            assertFalse(Files.exists(root.resolve("target/iscsi/" + TARGET
                    + "/tpgt_1/acls/iqn.1994-05.com.example:host1")));

            // LIO refuses the next epoch (a file where the new ACL's folder must go)
            Path blocker = root.resolve("target/iscsi/" + TARGET + "/tpgt_1/acls/iqn.1994-05.com.example:host2");
            Files.writeString(blocker, "in the way");
            store.update(ConfigTransaction.of(ConfigChange.putClient(TARGET, "iqn.1994-05.com.example:host2",
                    ClientConfig.EMPTY)));
            assertFalse(gateway.syncTo(store.refresh(), java.time.Duration.ofSeconds(10)));
            assertTrue(String.valueOf(gateway.problem()), gateway.problem().isPresent());
            Files.delete(blocker);
            assertTrue("tried again at the next sync", gateway.syncTo(store.current(),
                    java.time.Duration.ofSeconds(10)));
            assertTrue(Files.isDirectory(blocker));
        } finally {
            gateway.stop();
        }
    }
}
