package io.cephiscsi.rbd.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.ceph.rados.IoCTX;
import com.ceph.rados.Rados;
import com.ceph.rbd.Rbd;
import com.ceph.rbd.RbdImage;

import io.cephiscsi.ceph.RbdExtras;
import io.cephiscsi.ceph.internal.RadosConnection;
import io.cephiscsi.rbd.ImageFeature;
import io.cephiscsi.rbd.ImageInfo;
import io.cephiscsi.rbd.ImageService;
import io.cephiscsi.rbd.ImageServiceContract;

/** The shared contract against the real test cluster, plus what only Ceph has: other clients, locks, EC pools. */
public class CephImageServiceTest extends ImageServiceContract {

    /** Short, so that the busy-delete test waits seconds, not upstream's default 30. */
    private static final int TIME_OUT = 3;
    private static final String EC_POOL = "rbdtest-ec";

    private static RadosConnection ceph;
    private static CephImageService images;

    @BeforeClass
    public static void connect() {
        ceph = TestCeph.connection(20);
        images = new CephImageService(ceph, TIME_OUT, 1, 4);
    }

    @AfterClass
    public static void disconnect() {
        if (images != null) {
            images.close();
        }
        if (ceph != null) {
            ceph.monCommand("{\"prefix\": \"osd pool rm\", \"pool\": \"" + EC_POOL + "\", \"pool2\": \"" + EC_POOL
                    + "\", \"yes_i_really_really_mean_it\": true}");
            ceph.close();
        }
    }

    @Override
    protected ImageService images() {
        return images;
    }

    /** The image as another gateway holds it: open, with the exclusive lock taken. */
    private static final class Holder implements AutoCloseable {
        final Rados rados;
        final IoCTX io;
        final RbdImage image;

        Holder(String pool, String name) throws Exception {
            rados = TestCeph.otherClient();
            io = rados.ioCtxCreate(pool);
            image = new Rbd(io).open(name);
            RbdExtras.acquireExclusiveLock(image);
        }

        String clientName() throws Exception {
            return "client." + rados.getInstanceId();
        }

        @Override
        public void close() throws Exception {
            image.close();
            rados.ioCtxDestroy(io);
            rados.shutDown();
        }
    }

    @Test
    public void featuresAreUpstreamsAsLibrbdReportsThem() throws Exception {
        String name = newName();
        images.create(pool(), name, "4M");
        long features = ceph.withIoCtx(pool(), io -> {
            try (RbdImage image = new Rbd(io).openReadOnly(name)) {
                return RbdExtras.features(image);
            } catch (com.ceph.rbd.RbdException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(61, features);
        assertEquals(ImageFeature.DEFAULT, features);
    }

    @Test
    public void theLockOwnerIsTheOtherClientHoldingTheImage() throws Exception {
        String name = newName();
        images.create(pool(), name, "4M");
        try (Holder holder = new Holder(pool(), name)) {
            ImageInfo info = images.info(pool(), name);
            assertEquals(Optional.of(holder.clientName()), info.lockOwner());
            // reading info took no lock: the holder still owns it
            assertTrue(RbdExtras.isExclusiveLockOwner(holder.image));
            assertEquals(Optional.of(holder.clientName()),
                    images.infos(java.util.List.of(info.id())).get(info.id()).lockOwner());
        }
        assertEquals(Optional.empty(), images.info(pool(), name).lockOwner());
    }

    @Test
    public void aDeleteWaitsUpToTimeOutForAnotherClientThenGivesUp() throws Exception {
        String name = newName();
        images.create(pool(), name, "4M");
        try (Holder holder = new Holder(pool(), name)) {
            long start = System.nanoTime();
            refused(409, "image", "Unable to delete the underlying rbd image " + pool() + "/" + name
                    + " - Image is still in use by another client after 3 s (time_out)",
                    () -> images.delete(pool(), name));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue("waited " + waited + " ms", waited >= 2000 && waited < 10_000);
            assertTrue(images.exists(pool(), name));
        }
    }

    @Test
    public void aDeleteSucceedsOnceTheOtherClientLetsGoWithinTimeOut() throws Exception {
        String name = newName();
        images.create(pool(), name, "4M");
        Holder holder = new Holder(pool(), name);
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(1200);
                holder.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        images.delete(pool(), name);
        release.join();
        assertFalse(images.exists(pool(), name));
    }

    @Test
    public void anErasureCodedPoolIsRefusedAndNothingIsCreated() {
        ceph.monCommand("{\"prefix\": \"osd erasure-code-profile set\", \"name\": \"rbdtest-k2m1\", "
                + "\"profile\": [\"k=2\", \"m=1\", \"crush-failure-domain=osd\"]}");
        ceph.monCommand("{\"prefix\": \"osd pool create\", \"pool\": \"" + EC_POOL + "\", \"pg_num\": 1, "
                + "\"pool_type\": \"erasure\", \"erasure_code_profile\": \"rbdtest-k2m1\"}");
        String name = newName();
        refused(400, "pool", "Invalid pool (" + EC_POOL + "). Must already exist and be replicated",
                () -> images.create(EC_POOL, name, "4M"));
        refused(400, "pool", "Invalid pool (" + EC_POOL + "). Must already exist and be replicated",
                () -> images.attach(EC_POOL, name));
        assertFalse(images.exists(pool(), name));
    }

    @Test
    public void aResizeOfAnImageHeldByAnotherClientGoesThroughTheOwner() throws Exception {
        String name = newName();
        images.create(pool(), name, "4M");
        try (Holder holder = new Holder(pool(), name)) {
            assertEquals(8 * MIB, images.resize(pool(), name, "8M").sizeBytes());
        }
    }

    @Test
    public void theHeaderReadsOfListingsGiveWhatLibrbdGives() throws Exception {
        String name = newName();
        images.create(pool(), name, "4M");
        images.createSnapshot(pool(), name, "one");
        images.resize(pool(), name, "6M");
        images.createSnapshot(pool(), name, "two");
        try (Holder holder = new Holder(pool(), name)) {
            ImageInfo fromLibrbd = images.info(pool(), name);
            Optional<ImageInfo> fromHeader = ceph.withIoCtx(pool(), io -> ImageHeaders.read(io, fromLibrbd.id(),
                    ImageHeaders.directory(io).get(name)));
            assertEquals(Optional.of(fromLibrbd), fromHeader);
            assertEquals(Optional.of(holder.clientName()), fromHeader.get().lockOwner());
            assertEquals(2, fromHeader.get().snapshots().size());
        }
    }

    @Test
    public void theLockHolderDecodesFromClsLocksEncoding() {
        // `rados getxattr rbd_header.<id> lock.rbd_lock` of an image locked with `rbd lock add <image> mycookie`
        byte[] xattr = java.util.HexFormat.of().parseHex("010159000000010000000101150000"
                + "00086b1000000000000008000000" + "6d79636f6f6b6965" + "01012f00000000000000000000000000"
                + "0101011c00000001000000f606fd0f10000000020000007f000001000000000000000000000000010000000000");
        assertEquals(Optional.of("client.4203"), ImageHeaders.lockHolder(xattr));
        assertEquals(Optional.empty(), ImageHeaders.lockHolder(null));
    }

    @Test
    public void aRollbackBringsBackTheContentOfTheSnapshot() {
        String name = newName();
        images.create(pool(), name, "4M");
        write(name, 3L << 20, "before");
        images.createSnapshot(pool(), name, "s");
        write(name, 3L << 20, "after!");
        images.rollbackSnapshot(pool(), name, "s");
        assertEquals("before", ceph.withIoCtx(pool(), io -> {
            try (RbdImage image = new Rbd(io).openReadOnly(name)) {
                byte[] buffer = new byte[6];
                image.read(3L << 20, buffer, buffer.length);
                return new String(buffer);
            } catch (com.ceph.rbd.RbdException e) {
                throw new AssertionError(e);
            }
        }));
    }

    private static void write(String name, long offset, String text) {
        ceph.withIoCtx("rbd", io -> {
            try (RbdImage image = new Rbd(io).open(name)) {
                image.write(text.getBytes(), offset);
            } catch (com.ceph.rbd.RbdException e) {
                throw new AssertionError(e);
            }
            return null;
        });
    }

    @Test
    public void theIscsiPoolWorksToo() {
        String name = "cephimageservice-iscsi-" + System.nanoTime();
        images.create("iscsi", name, "4M");
        assertTrue(images.list("iscsi").contains(name));
        images.delete("iscsi", name);
        assertFalse(images.exists("iscsi", name));
    }
}
