package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.config.internal.FileConfigStore;
import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.DiskRequest;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.rbd.ImageInfo;
import io.cephiscsi.rbd.ImageService;
import io.cephiscsi.rbd.RbdException;
import io.cephiscsi.rbd.internal.EmbeddedImageService;

/**
 * Disk operations against the real file-backed config store and the embedded image service: what a user sees in
 * gateway.conf and in the pool after each request, and that a refused request leaves both as they were.
 */
public class DiskOperationsTest {

    private static final String ME = "gw1.example.com";
    private static final String TARGET = "iqn.2003-01.com.redhat.iscsi-gw:iscsi-igw";
    private static final String CLIENT = "iqn.1994-05.com.redhat:rh7-client";
    private static final long GIB = 1L << 30;
    /** Snapshots copy the image file: small images keep the tests quick. */
    private static final long SNAP_SIZE = 16L << 20;
    private static final String STAMP = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}";
    private static final String UUID4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path data;
    private GatewaySettings settings;
    private FileConfigStore store;
    private EmbeddedImageService embedded;
    /** What the operations use; a test may wrap the embedded service to make it misbehave. */
    private ImageService images;
    private DiskOperations disks;

    @Before
    public void setUp() throws Exception {
        data = folder.newFolder("data").toPath();
        settings = GatewaySettings.of(Map.of(), Map.of("backend", "embedded", "gateway_name", ME,
                "configfs_root", data.resolve("configfs").toString()), p -> false);
        store = FileConfigStore.at(data.resolve("gateway.conf"), settings);
        store.refresh(); // seeds epoch 0 as upstream does
        embedded = EmbeddedImageService.at(data.resolve("images"));
        images = embedded;
        ChangeCommitter committer = new ChangeCommitter(() -> store, () -> ME, (epoch, wait) -> false, () -> null, Duration.ZERO);
        AdminContext context = new AdminContext(GatewayAdminReadTest.settings(settings), () -> ME,
                new ConfigQueries(() -> store), () -> images, () -> null, new LocalHost(), committer);
        disks = new DiskOperations(context);
    }

    // ----- helpers

    private long epoch() {
        return store.refresh().epoch();
    }

    /** The disks section exactly as stored in gateway.conf. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> storedDisks() throws Exception {
        Map<String, Object> doc = new ObjectMapper().readValue(store.refresh().toJson(), Map.class);
        return (Map<String, Map<String, Object>>) doc.get("disks");
    }

    private List<String> pool(String pool) {
        return embedded.list(pool);
    }

    private static DiskRequest request(String image, String size, int count, Optional<String> wwn,
                                       boolean createImage, Map<String, ?> controls) {
        return new DiskRequest("rbd", image, Optional.ofNullable(size), count, DiskRequest.DEFAULT_BACKSTORE, wwn,
                createImage, controls);
    }

    private void commit(ConfigChange... changes) {
        store.update(ConfigTransaction.of(changes));
    }

    /** The disk mapped as LUN 0 of a target and given to one client, as the target operations leave it. */
    private void mapToClient(String diskId) {
        commit(ConfigChange.createTarget(TARGET), ConfigChange.putTargetDisk(TARGET, diskId, 0),
                ConfigChange.putClient(TARGET, CLIENT, ClientConfig.EMPTY.withLuns(Map.of(diskId, 0))));
    }

    /** A refused request: its status, field and message, with nothing committed and no image made. */
    private void assertRefused(int status, String field, String message, ThrowingRunnable call) {
        long before = epoch();
        List<String> imagesBefore = pool("rbd");
        RuntimeException e = assertThrows(RuntimeException.class, call);
        if (e instanceof ConfigException c) {
            assertEquals(message, status, c.status());
            assertEquals(message, field, c.field());
        } else if (e instanceof RbdException r) {
            assertEquals(message, status, r.status());
            assertEquals(message, field, r.field());
        } else if (e instanceof GatewayException g) {
            assertEquals(message, status, g.status());
        } else {
            throw new AssertionError("unexpected " + e, e);
        }
        assertEquals(message, e.getMessage());
        assertEquals("nothing committed for: " + message, before, epoch());
        assertEquals("no image made for: " + message, imagesBefore, pool("rbd"));
    }

    /** The embedded service with one call replaced. */
    private ImageService misbehaving(String method, UnaryOperator<Object[]> before, Object result) {
        return (ImageService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ImageService.class},
                (proxy, m, args) -> {
                    if (m.getName().equals(method)) {
                        before.apply(args);
                        if (result != null) {
                            return result;
                        }
                    }
                    try {
                        return m.invoke(embedded, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    // ----- create

    @Test
    public void createWritesUpstreamsDiskEntryAndTheImage() throws Exception {
        ChangeResult result = disks.createDisks(DiskRequest.of("rbd", "disk_1", "10G"));

        assertEquals("disk create/update successful", result.message());
        assertEquals(1, result.epoch());
        assertEquals(List.of(), result.catchingUp());
        assertEquals(10 * GIB, embedded.info("rbd", "disk_1").sizeBytes());
        Map<String, Object> disk = storedDisks().get("rbd/disk_1");
        // lun.py's disk_attr plus add_item/update_item's stamps
        assertEquals(Set.of("pool", "pool_id", "image", "wwn", "backstore", "backstore_object_name",
                "allocating_host", "controls", "created", "updated"), disk.keySet());
        assertEquals(embedded.poolId("rbd"), ((Number) disk.get("pool_id")).longValue());
        assertEquals("rbd", disk.get("pool"));
        assertEquals("disk_1", disk.get("image"));
        assertEquals("user:rbd", disk.get("backstore"));
        assertEquals("rbd.disk_1", disk.get("backstore_object_name"));
        assertEquals(ME, disk.get("allocating_host"));
        assertEquals(Map.of(), disk.get("controls"));
        assertTrue(disk.get("wwn").toString(), disk.get("wwn").toString().matches(UUID4));
        assertTrue(disk.get("created").toString().matches(STAMP));
        assertTrue(disk.get("updated").toString().matches(STAMP));
        assertNull("no owner before it is mapped", disk.get("owner"));
    }

    @Test
    public void aGivenWwnAndControlOverridesAreStored() throws Exception {
        disks.createDisks(request("disk_1", "1G", 1, Optional.of(" 36001405abcdef "), true,
                Map.of("max_data_area_mb", "16", "qfull_timeout", 5, "hw_max_sectors", "")));

        Map<String, Object> disk = storedDisks().get("rbd/disk_1");
        assertEquals("36001405abcdef", disk.get("wwn"));
        // only overrides: qfull_timeout 5 is the default and "" resets
        assertEquals(Map.of("max_data_area_mb", 16), disk.get("controls"));
    }

    @Test
    public void aCountDefinesNumberedImagesInOneCommit() throws Exception {
        ChangeResult result = disks.createDisks(request("vol", "1G", 3, Optional.empty(), true, Map.of()));

        assertEquals(1, result.epoch());
        assertEquals(List.of("vol1", "vol2", "vol3"), pool("rbd"));
        Map<String, Map<String, Object>> stored = storedDisks();
        assertEquals(Set.of("rbd/vol1", "rbd/vol2", "rbd/vol3"), stored.keySet());
        assertEquals("rbd.vol2", stored.get("rbd/vol2").get("backstore_object_name"));
        assertEquals(3, stored.values().stream().map(d -> d.get("wwn")).distinct().count());
    }

    @Test
    public void aTakenStorageObjectNameGetsUpstreamsSuffix() throws Exception {
        // upstream's example: disk a.b/c is storage object a.b.c, so a/b.c becomes a.b.c.1
        commit(ConfigChange.putDisk(new DiskConfig("rbd.a", "x", 1, "w1", "user:rbd", "rbd.disk_1", ME, "",
                Map.of(), "", "")));

        disks.createDisks(DiskRequest.of("rbd", "disk_1", "1G"));

        assertEquals("rbd.disk_1.1", storedDisks().get("rbd/disk_1").get("backstore_object_name"));
    }

    @Test
    public void anExistingImageIsAttachedAtItsSizeWithoutASize() throws Exception {
        embedded.create("rbd", "old", GIB);

        disks.createDisks(request("old", null, 1, Optional.empty(), true, Map.of()));

        assertEquals(GIB, embedded.info("rbd", "old").sizeBytes());
        assertTrue(storedDisks().containsKey("rbd/old"));
    }

    @Test
    public void anExistingImageGrowsToALargerSizeAndNeverShrinks() throws Exception {
        embedded.create("rbd", "big", 2 * GIB);
        embedded.create("rbd", "small", GIB);

        disks.createDisks(DiskRequest.of("rbd", "big", "1G"));
        disks.createDisks(DiskRequest.of("rbd", "small", "3G"));

        assertEquals(2 * GIB, embedded.info("rbd", "big").sizeBytes());
        assertEquals(3 * GIB, embedded.info("rbd", "small").sizeBytes());
    }

    @Test
    public void createImageFalseOnlyAttaches() throws Exception {
        embedded.create("rbd", "old", GIB);

        disks.createDisks(request("old", "5G", 1, Optional.empty(), false, Map.of()));

        assertEquals("the size is ignored when only attaching", GIB, embedded.info("rbd", "old").sizeBytes());
        assertRefused(400, "image", "Image rbd/missing does not exist",
                () -> disks.createDisks(request("missing", "5G", 1, Optional.empty(), false, Map.of())));
    }

    @Test
    public void badRequestsNameTheFieldAndChangeNothing() {
        assertRefused(400, "backstore", "Invalid 'user:file' backstore - Supported backstores: user:rbd",
                () -> disks.createDisks(new DiskRequest("rbd", "d", Optional.of("1G"), 1, "user:file",
                        Optional.empty(), true, Map.of())));
        assertRefused(400, "pool", "Invalid pool name (use alphanumeric, '_', '.', or '-' characters): 'my pool'",
                () -> disks.createDisks(DiskRequest.of("my pool", "d", "1G")));
        assertRefused(400, "image", "Invalid image name (use alphanumeric, '_', '.', or '-' characters): 'a/b'",
                () -> disks.createDisks(DiskRequest.of("rbd", "a/b", "1G")));
        assertRefused(400, "size", "Size is invalid: '10K' (expected a whole number followed by M, G or T)",
                () -> disks.createDisks(DiskRequest.of("rbd", "d", "10K")));
        assertRefused(400, "size", "Invalid size 1073742897741824 bytes: must be between 1 and 1073741824000000 "
                        + "(1000000G)", () -> disks.createDisks(DiskRequest.of("rbd", "d", "1000001G")));
        assertRefused(400, "size", "Size parameter is required when creating a new image",
                () -> disks.createDisks(request("d", null, 1, Optional.empty(), true, Map.of())));
        for (int count : new int[] {0, 11}) {
            assertRefused(400, "count", "invalid count specified, must be an integer (1-10)",
                    () -> disks.createDisks(request("d", "1G", count, Optional.empty(), true, Map.of())));
        }
        assertRefused(400, "wwn", "WWN cannot be specified when count > 1",
                () -> disks.createDisks(request("d", "1G", 2, Optional.of("abc"), true, Map.of())));
        assertRefused(400, "wwn", "WWN 'a?b' is invalid: use up to 253 letters, digits, '-', '.', '_' and ':'",
                () -> disks.createDisks(request("d", "1G", 1, Optional.of("a\nb"), true, Map.of())));
        assertRefused(400, "wwn", "WWN '$(id)' is invalid: use up to 253 letters, digits, '-', '.', '_' and ':'",
                () -> disks.createDisks(request("d", "1G", 1, Optional.of("$(id)"), true, Map.of())));
        assertRefused(400, "bogus", "Unexpected or invalid controls - 'bogus' is not supported. "
                + "Supported controls: max_data_area_mb,qfull_timeout,osd_op_timeout,hw_max_sectors",
                () -> disks.createDisks(request("d", "1G", 1, Optional.empty(), true, Map.of("bogus", 1))));
        assertRefused(400, "max_data_area_mb", "expected integer for max_data_area_mb",
                () -> disks.createDisks(request("d", "1G", 1, Optional.empty(), true,
                        Map.of("max_data_area_mb", "lots"))));
        assertRefused(400, "pool", "Invalid pool (ec). Must already exist and be replicated",
                () -> disks.createDisks(DiskRequest.of("ec", "d", "1G")));
        assertEquals(List.of(), pool("rbd"));
    }

    @Test
    public void aDefinedDiskOrPrefixIsRefused() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "vol2", "1G"));
        String message = "at least one rbd image(s) with that name/prefix is already defined";

        assertRefused(409, "image", message, () -> disks.createDisks(DiskRequest.of("rbd", "vol2", "1G")));
        assertRefused(409, "image", message,
                () -> disks.createDisks(request("vol", "1G", 3, Optional.empty(), true, Map.of())));
        assertEquals(List.of("vol2"), pool("rbd"));
    }

    @Test
    public void aWwnInUseIsRefused() throws Exception {
        disks.createDisks(request("disk_1", "1G", 1, Optional.of("serial-1"), true, Map.of()));

        assertRefused(409, "wwn", "WWN serial-1 is already in use by rbd/disk_1",
                () -> disks.createDisks(request("disk_2", "1G", 1, Optional.of("serial-1"), true, Map.of())));
    }

    @Test
    public void atMost4096Disks() {
        List<ConfigChange> fill = new ArrayList<>();
        for (int i = 0; i < DiskOperations.MAX_DISKS - 6; i++) {
            fill.add(ConfigChange.putDisk(DiskConfig.create("rbd", "fill" + i, 1, "w" + i, ME)));
        }
        store.update(ConfigTransaction.of(fill));

        assertRefused(400, "count", "Disk limit of 4096 reached.",
                () -> disks.createDisks(request("vol", "1G", 7, Optional.empty(), true, Map.of())));
        disks.createDisks(request("vol", "1G", 6, Optional.empty(), true, Map.of()));
        assertRefused(400, "count", "Disk limit of 4096 reached.",
                () -> disks.createDisks(DiskRequest.of("rbd", "one-more", "1G")));
    }

    @Test
    public void anImageWithoutExclusiveLockIsRefused() {
        embedded.create("rbd", "plain", GIB);
        ImageInfo plain = embedded.info("rbd", "plain");
        images = misbehaving("attach", args -> args,
                new ImageInfo(plain.id(), plain.sizeBytes(), 1, plain.snapshots(), plain.lockOwner()));

        assertRefused(400, "image", "(LUN.allocate) rbd 'plain' is not compatible with LIO - it lacks the required"
                + " image feature(s) RBD_FEATURE_EXCLUSIVE_LOCK",
                () -> disks.createDisks(request("plain", null, 1, Optional.empty(), true, Map.of())));
    }

    @Test
    public void aFailedCommitDeletesTheImagesThisCallCreatedOnly() throws Exception {
        embedded.create("rbd", "vol2", GIB); // attached, so not this call's to delete
        store.current(); // a store made by FileConfigStore.at has no poll that could seed a new file below
        // gateway.conf turns unreadable after the checks: the commit fails with 503
        Path conf = data.resolve("gateway.conf");
        Files.delete(conf);
        Files.createDirectories(conf.resolve("in-the-way"));

        GatewayException e = assertThrows(GatewayException.class,
                () -> disks.createDisks(request("vol", "1G", 3, Optional.empty(), true, Map.of())));

        assertEquals(503, e.status());
        assertEquals(List.of("vol2"), pool("rbd"));
    }

    @Test
    public void aDiskDefinedMeanwhileIsNotOverwritten() throws Exception {
        // another gateway defines the same disk while this one creates the image
        images = misbehaving("create", args -> {
            commit(ConfigChange.putDisk(DiskConfig.create("rbd", "disk_1", 1, "theirs", "gw2.example.com")));
            return args;
        }, null);

        ConfigException e = assertThrows(ConfigException.class,
                () -> disks.createDisks(DiskRequest.of("rbd", "disk_1", "1G")));

        assertEquals(409, e.status());
        assertEquals("theirs", storedDisks().get("rbd/disk_1").get("wwn"));
        assertEquals("the image this call created is gone again", List.of(), pool("rbd"));
    }

    // ----- resize

    @Test
    public void resizeGrowsTheImageAndCommitsForTheGateways() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "1G"));
        Map<String, Object> before = new TreeMap<>(storedDisks().get("rbd/disk_1"));

        ChangeResult result = disks.resizeDisk("rbd", "disk_1", "2g");

        assertEquals("disk create/update successful", result.message());
        assertEquals(2, result.epoch());
        assertEquals(2 * GIB, embedded.info("rbd", "disk_1").sizeBytes());
        Map<String, Object> after = new TreeMap<>(storedDisks().get("rbd/disk_1"));
        before.remove("updated");
        assertTrue(after.remove("updated").toString().matches(STAMP));
        assertEquals("only the stamp changes", before, after);
    }

    @Test
    public void resizeRefusals() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "2G"));

        assertRefused(400, "size", "resize value must be larger than the current size (2G/2147483648)",
                () -> disks.resizeDisk("rbd", "disk_1", "2048M"));
        assertRefused(400, "size", "Size is invalid: '3' (expected a whole number followed by M, G or T)",
                () -> disks.resizeDisk("rbd", "disk_1", "3"));
        assertRefused(404, "disk", "rbd rbd/nope is not defined to the configuration",
                () -> disks.resizeDisk("rbd", "nope", "3G"));
        assertEquals(2 * GIB, embedded.info("rbd", "disk_1").sizeBytes());
    }

    // ----- reconfigure

    @Test
    public void reconfigureStoresOverridesAndResets() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "1G"));

        ChangeResult result = disks.reconfigureDisk("rbd", "disk_1", Map.of("max_data_area_mb", "32",
                "osd_op_timeout", 30));

        assertEquals("lun reconfigured: successful", result.message());
        assertEquals(2, result.epoch());
        assertEquals(Map.of("max_data_area_mb", 32), storedDisks().get("rbd/disk_1").get("controls"));
        disks.reconfigureDisk("rbd", "disk_1", Map.of("max_data_area_mb", ""));
        assertEquals(Map.of(), storedDisks().get("rbd/disk_1").get("controls"));
    }

    @Test
    public void reconfigureRefusals() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "1G"));

        assertRefused(400, "qfull_timeout", "expected integer <= 600 for qfull_timeout",
                () -> disks.reconfigureDisk("rbd", "disk_1", Map.of("qfull_timeout", "601")));
        assertRefused(400, "nopin_timeout", "Unexpected or invalid controls - 'nopin_timeout' is not supported. "
                + "Supported controls: max_data_area_mb,qfull_timeout,osd_op_timeout,"
                + "hw_max_sectors", () -> disks.reconfigureDisk("rbd", "disk_1", Map.of("nopin_timeout", 10)));
        assertRefused(404, "disk", "rbd rbd/nope is not defined to the configuration",
                () -> disks.reconfigureDisk("rbd", "nope", Map.of()));
    }

    // ----- delete

    @Test
    public void deleteRemovesTheDiskThenItsImage() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "1G"));

        ChangeResult result = disks.deleteDisk("rbd", "disk_1", false);

        assertEquals("disk map deletion successful", result.message());
        assertEquals(2, result.epoch());
        assertEquals(Map.of(), storedDisks());
        assertEquals(List.of(), pool("rbd"));
    }

    @Test
    public void preserveImageKeepsTheImage() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "1G"));

        disks.deleteDisk("rbd", "disk_1", true);

        assertEquals(Map.of(), storedDisks());
        assertEquals(List.of("disk_1"), pool("rbd"));
    }

    @Test
    public void aDiskInUseIsNotDeleted() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "1G"));
        commit(ConfigChange.createTarget(TARGET), ConfigChange.putTargetDisk(TARGET, "rbd/disk_1", 0));

        assertRefused(409, "disk", "Unable to delete rbd/disk_1. Mapped to: " + TARGET,
                () -> disks.deleteDisk("rbd", "disk_1", false));
        commit(ConfigChange.putClient(TARGET, CLIENT, ClientConfig.EMPTY.withLuns(Map.of("rbd/disk_1", 0))));
        assertRefused(409, "disk", "Unable to delete rbd/disk_1. Allocated to: " + CLIENT,
                () -> disks.deleteDisk("rbd", "disk_1", false));
        assertRefused(404, "disk", "rbd rbd/nope is not defined to the configuration",
                () -> disks.deleteDisk("rbd", "nope", false));
        assertTrue(storedDisks().containsKey("rbd/disk_1"));
    }

    @Test
    public void anImageWithSnapshotsKeepsItsDisk() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "16M"));
        embedded.createSnapshot("rbd", "disk_1", "s1");

        assertRefused(400, "image", "Unable to delete the underlying rbd image rbd/disk_1 - Image has snapshots",
                () -> disks.deleteDisk("rbd", "disk_1", false));
        assertTrue(storedDisks().containsKey("rbd/disk_1"));
        disks.deleteDisk("rbd", "disk_1", true); // detaching is fine
        assertEquals(Map.of(), storedDisks());
    }

    @Test
    public void aMissingImageDoesNotStopTheDelete() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "1G"));
        embedded.delete("rbd", "disk_1");

        assertEquals("disk map deletion successful", disks.deleteDisk("rbd", "disk_1", false).message());
        assertEquals(Map.of(), storedDisks());
    }

    @Test
    public void anImageThatCannotBeDeletedIsReportedWithTheDiskRemoved() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "1G"));
        images = misbehaving("delete", args -> {
            throw new RbdException(RbdException.CONFLICT, "image", "Image rbd/disk_1 is still busy");
        }, null);

        GatewayException e = assertThrows(GatewayException.class, () -> disks.deleteDisk("rbd", "disk_1", false));

        assertEquals(409, e.status());
        assertEquals("disk map deletion: rbd/disk_1 was removed from the configuration, but its rbd image was not"
                + " deleted - Image rbd/disk_1 is still busy", e.getMessage());
        assertEquals(Map.of(), storedDisks());
        assertEquals(List.of("disk_1"), pool("rbd"));
    }

    // ----- snapshots

    @Test
    public void snapshotsAreRbdOnlyAndCommitNothing() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "16M"));
        long epoch = epoch();

        ChangeResult created = disks.createSnapshot("rbd", "disk_1", "before-upgrade");
        assertEquals(new ChangeResult("disk snapshot snapshot created", epoch, List.of()), created);
        assertEquals(List.of("before-upgrade"),
                embedded.snapshots("rbd", "disk_1").stream().map(s -> s.name()).collect(Collectors.toList()));

        embedded.resize("rbd", "disk_1", 2 * SNAP_SIZE);
        ChangeResult rolledBack = disks.rollbackSnapshot("rbd", "disk_1", "before-upgrade");
        assertEquals(new ChangeResult("disk snapshot rolled back to snapshot", epoch, List.of()), rolledBack);
        assertEquals(SNAP_SIZE, embedded.info("rbd", "disk_1").sizeBytes());

        ChangeResult deleted = disks.deleteSnapshot("rbd", "disk_1", "before-upgrade");
        assertEquals(new ChangeResult("disk snapshot snapshot deleted", epoch, List.of()), deleted);
        assertEquals(List.of(), embedded.snapshots("rbd", "disk_1"));
        assertEquals(epoch, epoch());
    }

    @Test
    public void snapshotRefusals() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "16M"));
        disks.createSnapshot("rbd", "disk_1", "s1");

        assertRefused(400, "snapshot", "snapshot name is invalid: 'a@b' (it must not be empty nor contain '/' or '@')",
                () -> disks.createSnapshot("rbd", "disk_1", "a@b"));
        assertRefused(400, "snapshot", "snapshot name is invalid: '' (it must not be empty nor contain '/' or '@')",
                () -> disks.rollbackSnapshot("rbd", "disk_1", ""));
        assertRefused(404, "", "rbd image rbd/nope not found", () -> disks.createSnapshot("rbd", "nope", "s1"));
        assertRefused(400, "snapshot", "snapshot s1 already exists", () -> disks.createSnapshot("rbd", "disk_1", "s1"));
        assertRefused(404, "snapshot", "snapshot s2 does not exist", () -> disks.deleteSnapshot("rbd", "disk_1", "s2"));
        assertRefused(404, "snapshot", "snapshot s2 does not exist",
                () -> disks.rollbackSnapshot("rbd", "disk_1", "s2"));
    }

    @Test
    public void rollbackIsRefusedWhileAClientWithTheDiskIsLoggedInHere() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "16M"));
        disks.createSnapshot("rbd", "disk_1", "s1");
        embedded.resize("rbd", "disk_1", 2 * SNAP_SIZE);
        mapToClient("rbd/disk_1");
        Path info = data.resolve("configfs/target/iscsi/" + TARGET + "/tpgt_1/acls/" + CLIENT + "/info");
        Files.createDirectories(info.getParent());
        Files.writeString(info, "InitiatorName: " + CLIENT + "\nInitiatorAlias: \n"
                + "LIO Session ID: 1   ISID: 0x80 31 88 70 00 00  TSIH: 1  SessionType: Normal\n"
                + "Session State: TARG_SESS_STATE_LOGGED_IN\n"
                + "CID: 0  Connection State: TARG_CONN_STATE_LOGGED_IN\n"
                + "   Address 10.0.2.2 TCP  StatSN: 0x44ce2bc8\n");

        assertRefused(409, "", "Unable to roll back rbd/disk_1: LUN disk_1 in-use - " + CLIENT + " is logged in to "
                + TARGET, () -> disks.rollbackSnapshot("rbd", "disk_1", "s1"));
        assertEquals(2 * SNAP_SIZE, embedded.info("rbd", "disk_1").sizeBytes());

        Files.writeString(info, "No active iSCSI Session for Initiator Endpoint: " + CLIENT + "\n");
        disks.rollbackSnapshot("rbd", "disk_1", "s1");
        assertEquals(SNAP_SIZE, embedded.info("rbd", "disk_1").sizeBytes());
    }

    @Test
    public void rollbackIsRefusedWhileSessionsRunOnATargetWithoutAcls() throws Exception {
        disks.createDisks(DiskRequest.of("rbd", "disk_1", "16M"));
        disks.createSnapshot("rbd", "disk_1", "s1");
        commit(ConfigChange.createTarget(TARGET), ConfigChange.putTargetDisk(TARGET, "rbd/disk_1", 0),
                ConfigChange.setAclEnabled(TARGET, false));
        Path sessions = data.resolve("configfs/target/iscsi/" + TARGET
                + "/fabric_statistics/iscsi_instance/sessions");
        Files.createDirectories(sessions.getParent());
        Files.writeString(sessions, "2\n");

        assertRefused(409, "", "Unable to roll back rbd/disk_1: LUN disk_1 in-use - 2 session(s) on " + TARGET,
                () -> disks.rollbackSnapshot("rbd", "disk_1", "s1"));
        Files.writeString(sessions, "0\n");
        assertEquals("disk snapshot rolled back to snapshot", disks.rollbackSnapshot("rbd", "disk_1", "s1").message());
    }
}
