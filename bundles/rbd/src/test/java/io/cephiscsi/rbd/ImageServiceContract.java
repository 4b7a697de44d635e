package io.cephiscsi.rbd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.After;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;

/**
 * What every {@link ImageService} must do, written once: the Ceph and the embedded implementations both run it.
 * Images are tiny (a few MiB, nothing written): the test cluster's memstore OSD keeps data in RAM.
 */
public abstract class ImageServiceContract {

    protected static final long MIB = 1L << 20;

    private final List<ImageId> created = new ArrayList<>();

    protected abstract ImageService images();

    /** A replicated pool of the implementation. */
    protected String pool() {
        return "rbd";
    }

    /** A fresh image name, removed (with its snapshots) after the test. */
    protected String newName() {
        String name = getClass().getSimpleName().toLowerCase().replace("test", "") + "-" + System.nanoTime();
        created.add(new ImageId(pool(), name));
        return name;
    }

    @After
    public void removeCreatedImages() {
        for (ImageId id : created) {
            try {
                if (images().exists(id.pool(), id.image())) {
                    for (SnapshotInfo snapshot : images().snapshots(id.pool(), id.image())) {
                        images().deleteSnapshot(id.pool(), id.image(), snapshot.name());
                    }
                    images().delete(id.pool(), id.image());
                }
            } catch (RbdException e) {
                System.err.println("cleanup of " + id + " failed: " + e.getMessage());
            }
        }
    }

    protected static RbdException refused(int status, String field, String message, ThrowingRunnable call) {
        RbdException error = assertThrows(RbdException.class, call);
        assertEquals(message, error.getMessage());
        assertEquals("status of: " + message, status, error.status());
        assertEquals("field of: " + message, field, error.field());
        return error;
    }

    @Test
    public void poolsHaveDistinctPositiveIdsAndAMissingPoolIs404() {
        long rbd = images().poolId("rbd");
        long iscsi = images().poolId("iscsi");
        assertTrue(rbd > 0 && iscsi > 0 && rbd != iscsi);
        assertEquals(rbd, images().poolId("rbd"));
        RbdException missing = assertThrows(RbdException.class, () -> images().poolId("nosuchpool"));
        assertEquals("pool", missing.field());
    }

    @Test
    public void createsAnImageWithUpstreamsFeatures() {
        String name = newName();
        assertFalse(images().exists(pool(), name));
        ImageInfo info = images().create(pool(), name, "8M");
        assertEquals(new ImageId(pool(), name), info.id());
        assertEquals(8 * MIB, info.sizeBytes());
        assertEquals(ImageFeature.DEFAULT, info.features());
        assertEquals(List.of(), info.snapshots());
        assertEquals(Optional.empty(), info.lockOwner());
        assertEquals("8M", info.sizeHuman());
        assertTrue(images().exists(pool(), name));
        assertTrue(images().list(pool()).contains(name));
        assertEquals(info, images().info(pool(), name));
    }

    @Test
    public void attachesAnExistingImageAndRefusesAMissingOne() {
        String name = newName();
        images().create(pool(), name, 4 * MIB);
        assertEquals(4 * MIB, images().attach(pool(), name).sizeBytes());
        String missing = newName();
        refused(404, "image", "Image " + pool() + "/" + missing + " does not exist",
                () -> images().attach(pool(), missing));
        refused(404, "image", "Image " + pool() + "/" + missing + " does not exist",
                () -> images().info(pool(), missing));
    }

    @Test
    public void refusesToCreateAnExistingImageAndLeavesItAsItWas() {
        String name = newName();
        images().create(pool(), name, "4M");
        refused(409, "image", "Image " + pool() + "/" + name + " already exists",
                () -> images().create(pool(), name, "8M"));
        assertEquals(4 * MIB, images().info(pool(), name).sizeBytes());
    }

    @Test
    public void growsButNeverShrinks() {
        String name = newName();
        images().create(pool(), name, "4M");
        assertEquals(6 * MIB, images().resize(pool(), name, "6M").sizeBytes());
        refused(400, "size", "resize value must be larger than the current size (6M/6291456)",
                () -> images().resize(pool(), name, "5M"));
        refused(400, "size", "resize value must be larger than the current size (6M/6291456)",
                () -> images().resize(pool(), name, "6M"));
        refused(400, "size", "Invalid size '1.5G': decimals are not supported, use a smaller unit (e.g. 1536M, not 1.5G)",
                () -> images().resize(pool(), name, "1.5G"));
        assertEquals(6 * MIB, images().info(pool(), name).sizeBytes());
        String missing = newName();
        refused(404, "image", "Image " + pool() + "/" + missing + " does not exist",
                () -> images().resize(pool(), missing, "8M"));
    }

    @Test
    public void deletesAnImage() {
        String name = newName();
        images().create(pool(), name, "4M");
        images().delete(pool(), name);
        assertFalse(images().exists(pool(), name));
        assertFalse(images().list(pool()).contains(name));
        refused(404, "image", "Image " + pool() + "/" + name + " does not exist", () -> images().delete(pool(), name));
    }

    @Test
    public void refusesToDeleteAnImageWithSnapshots() {
        String name = newName();
        images().create(pool(), name, "4M");
        images().createSnapshot(pool(), name, "before");
        refused(400, "image", "Unable to delete the underlying rbd image " + pool() + "/" + name
                + " - Image has snapshots (before)", () -> images().delete(pool(), name));
        assertTrue(images().exists(pool(), name));
        images().deleteSnapshot(pool(), name, "before");
        images().delete(pool(), name);
        assertFalse(images().exists(pool(), name));
    }

    @Test
    public void snapshotsAreCreatedListedWithSizesRolledBackAndDeleted() {
        String name = newName();
        images().create(pool(), name, "4M");
        images().createSnapshot(pool(), name, "first");
        images().resize(pool(), name, "8M");
        images().createSnapshot(pool(), name, "second");
        assertEquals(List.of(new SnapshotInfo("first", 4 * MIB), new SnapshotInfo("second", 8 * MIB)),
                images().snapshots(pool(), name));
        assertEquals(List.of(new SnapshotInfo("first", 4 * MIB), new SnapshotInfo("second", 8 * MIB)),
                images().info(pool(), name).snapshots());
        assertEquals("first (4M)", images().snapshots(pool(), name).get(0).toString());

        images().rollbackSnapshot(pool(), name, "first");
        assertEquals(4 * MIB, images().info(pool(), name).sizeBytes());

        images().deleteSnapshot(pool(), name, "first");
        assertEquals(List.of(new SnapshotInfo("second", 8 * MIB)), images().snapshots(pool(), name));
    }

    @Test
    public void snapshotNamesAndDuplicatesAreRefused() {
        String name = newName();
        images().create(pool(), name, "4M");
        for (String bad : List.of("a/b", "a@b", "")) {
            refused(400, "snapshot", "snapshot name is invalid: '" + bad
                    + "' (it must not be empty nor contain '/' or '@')", () -> images().createSnapshot(pool(), name, bad));
        }
        images().createSnapshot(pool(), name, "snap.1");
        refused(400, "snapshot", "snapshot snap.1 already exists", () -> images().createSnapshot(pool(), name, "snap.1"));
        refused(404, "snapshot", "snapshot nope does not exist", () -> images().rollbackSnapshot(pool(), name, "nope"));
        refused(404, "snapshot", "snapshot nope does not exist", () -> images().deleteSnapshot(pool(), name, "nope"));
        assertEquals(List.of(new SnapshotInfo("snap.1", 4 * MIB)), images().snapshots(pool(), name));
    }

    @Test
    public void badSizesAreRefusedEachWithItsOwnMessageAndNothingIsCreated() {
        Map<String, String> sizes = Map.of(
                "1.5G", "Invalid size '1.5G': decimals are not supported, use a smaller unit (e.g. 1536M, not 1.5G)",
                "-1", "Invalid size '-1': a size cannot be negative",
                "0", "Invalid size '0': a size must be greater than zero",
                "10X", "Invalid size '10X': unknown unit 'X', use M, G or T",
                "G", "Invalid size 'G': the number is missing before the unit, e.g. 10G",
                "1000001G", "Invalid size '1000001G': larger than the largest image, 1000000G",
                "18446744073709551616T", "Invalid size '18446744073709551616T': larger than the largest image, 1000000G");
        for (Map.Entry<String, String> size : sizes.entrySet()) {
            String name = newName();
            refused(400, "size", size.getValue(), () -> images().create(pool(), name, size.getKey()));
            assertFalse(size.getKey(), images().exists(pool(), name));
        }
        String name = newName();
        refused(400, "size", "Invalid size -1 bytes: must be between 1 and 1073741824000000 (1000000G)",
                () -> images().create(pool(), name, -1L));
        assertFalse(images().exists(pool(), name));
    }

    @Test
    public void badNamesAreRefusedAndNothingIsCreated() {
        for (String bad : List.of("a/b", "a b", "a@b", "ä", "..", "")) {
            refused(400, "image", "Invalid image name '" + bad + "' (use alphanumeric, '_', '.', or '-' characters)",
                    () -> images().create(pool(), bad, "4M"));
        }
        String name = newName();
        refused(400, "pool", "Invalid pool name 'r b' (use alphanumeric, '_', '.', or '-' characters)",
                () -> images().create("r b", name, "4M"));
        assertFalse(images().list(pool()).stream().anyMatch(image -> image.contains(" ") || image.contains("@")));
    }

    @Test
    public void aMissingPoolIsRefusedAndNothingIsCreated() {
        String name = newName();
        refused(400, "pool", "Invalid pool (nosuchpool). Must already exist and be replicated",
                () -> images().create("nosuchpool", name, "4M"));
        refused(400, "pool", "Invalid pool (nosuchpool). Must already exist and be replicated",
                () -> images().attach("nosuchpool", name));
        refused(404, "pool", "Pool 'nosuchpool' does not exist", () -> images().list("nosuchpool"));
    }

    @Test
    public void infosOfManyImagesLeaveOutTheMissingOnes() {
        String a = newName();
        String b = newName();
        String missing = newName();
        images().create(pool(), a, "4M");
        images().create(pool(), b, "5M");
        images().createSnapshot(pool(), b, "s");
        Map<ImageId, ImageInfo> infos = images().infos(List.of(new ImageId(pool(), a), new ImageId(pool(), missing),
                new ImageId(pool(), b)));
        assertEquals(List.of(new ImageId(pool(), a), new ImageId(pool(), b)), List.copyOf(infos.keySet()));
        assertEquals(4 * MIB, infos.get(new ImageId(pool(), a)).sizeBytes());
        assertEquals(5 * MIB, infos.get(new ImageId(pool(), b)).sizeBytes());
        assertEquals(List.of(new SnapshotInfo("s", 5 * MIB)), infos.get(new ImageId(pool(), b)).snapshots());
        assertEquals(ImageFeature.DEFAULT, infos.get(new ImageId(pool(), b)).features());
    }

    @Test
    public void sizesOfManyImagesAreTheCurrentOnesAndLeaveOutTheMissingOnes() {
        String a = newName();
        String b = newName();
        String missing = newName();
        images().create(pool(), a, "4M");
        images().create(pool(), b, "5M");
        images().resize(pool(), b, "7M");
        Map<ImageId, Long> sizes = images().sizes(List.of(new ImageId(pool(), a), new ImageId(pool(), missing),
                new ImageId(pool(), b)));
        assertEquals(Map.of(new ImageId(pool(), a), 4 * MIB, new ImageId(pool(), b), 7 * MIB), sizes);
        assertEquals(Map.of(), images().sizes(List.of(new ImageId(pool(), missing))));
        // an image made again under its name, then one made since: what a listing right after each shows
        images().delete(pool(), a);
        images().create(pool(), a, "9M");
        assertEquals(Map.of(new ImageId(pool(), a), 9 * MIB, new ImageId(pool(), b), 7 * MIB),
                images().sizes(List.of(new ImageId(pool(), a), new ImageId(pool(), b))));
        String c = newName();
        images().create(pool(), c, "3M");
        assertEquals(Map.of(new ImageId(pool(), a), 9 * MIB, new ImageId(pool(), b), 7 * MIB, new ImageId(pool(), c),
                3 * MIB), images().sizes(List.of(new ImageId(pool(), a), new ImageId(pool(), b), new ImageId(pool(), c))));
        images().delete(pool(), b);
        assertEquals(Map.of(new ImageId(pool(), a), 9 * MIB), images().sizes(List.of(new ImageId(pool(), a),
                new ImageId(pool(), b))));
    }
}
