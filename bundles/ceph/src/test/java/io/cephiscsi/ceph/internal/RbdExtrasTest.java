package io.cephiscsi.ceph.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.ceph.rados.IoCTX;
import com.ceph.rados.Rados;
import com.ceph.rbd.Rbd;
import com.ceph.rbd.RbdImage;

import io.cephiscsi.ceph.RadosReads;
import io.cephiscsi.ceph.RbdExtras;

/** The JNA calls rados-java lacks, against the project's real test cluster (CEPH_ISCSI_TEST_CONF). */
public class RbdExtrasTest {


    @Test
    public void featuresSizeAndLockHoldersOfAnImage() throws Exception {
        RadosConnection ceph = TestCluster.connect(TestCluster.conf(), 20);
        Rados other = new Rados("ceph", "client.admin", 0);
        other.confReadFile(new File(TestCluster.conf()));
        other.connect();
        IoCTX otherIo = other.ioCtxCreate("rbd");
        String name = "rbdextrastest-" + System.nanoTime();
        try {
            ceph.withIoCtx("rbd", io -> {
                try {
                    new Rbd(io).create(name, 4L << 20, 61L, 0);
                    RbdImage image = new Rbd(io).openReadOnly(name);
                    try {
                        assertEquals(61L, RbdExtras.features(image));
                        assertEquals(4L << 20, RbdExtras.size(image));
                        assertEquals(List.of(), RbdExtras.lockOwners(image));
                        assertFalse(RbdExtras.isExclusiveLockOwner(image));
                    } finally {
                        image.close();
                    }
                } catch (com.ceph.rbd.RbdException e) {
                    throw new AssertionError(e);
                }
                return null;
            });

            RbdImage held = new Rbd(otherIo).open(name);
            RbdExtras.acquireExclusiveLock(held);
            assertTrue(RbdExtras.isExclusiveLockOwner(held));
            String holder = "client." + other.getInstanceId();
            ceph.withIoCtx("rbd", io -> {
                try {
                    RbdImage image = new Rbd(io).openReadOnly(name);
                    try {
                        assertEquals(List.of(holder), RbdExtras.lockOwners(image));
                    } finally {
                        image.close();
                    }
                } catch (com.ceph.rbd.RbdException e) {
                    throw new AssertionError(e);
                }
                // the header object keeps the size as an omap value and the lock as an xattr: one read has both
                ByteBuffer entry = ByteBuffer.wrap(RadosReads.read(io, "rbd_directory", "", "name_" + name, 10, false)
                        .omap().get("name_" + name)).order(ByteOrder.LITTLE_ENDIAN);
                String id = new String(entry.array(), 4, entry.getInt()); // a length-prefixed string
                RadosReads.ObjectData header = RadosReads.read(io, "rbd_header." + id, "", "", 100, true);
                assertEquals(4L << 20, ByteBuffer.wrap(header.omap().get("size")).order(ByteOrder.LITTLE_ENDIAN)
                        .getLong());
                assertTrue(header.xattrs().keySet().toString(), header.xattrs().containsKey("lock.rbd_lock"));
                assertFalse(header.more());
                return null;
            });
            RbdExtras.releaseLock(held);
            assertFalse(RbdExtras.isExclusiveLockOwner(held));
            held.close();
        } finally {
            ceph.withIoCtx("rbd", io -> {
                try {
                    new Rbd(io).remove(name);
                } catch (com.ceph.rbd.RbdException e) {
                    throw new AssertionError(e);
                }
                return null;
            });
            other.ioCtxDestroy(otherIo);
            other.shutDown();
            ceph.close();
        }
    }

    @Test
    public void aMissingObjectIsENOENT() {
        RadosConnection ceph = TestCluster.connect(TestCluster.conf(), 20);
        try {
            int errno = ceph.withIoCtx("rbd", io -> {
                try {
                    RadosReads.read(io, "no-such-object-" + System.nanoTime(), "", "", 10, true);
                    return 0;
                } catch (com.ceph.rados.exceptions.RadosException e) {
                    return e.getReturnValue();
                }
            });
            assertEquals(-2, errno);
        } finally {
            ceph.close();
        }
    }

    @Test
    public void oneOmapValueOfManyObjectsAtOnceWithNoneForAMissingObjectOrKey() throws Exception {
        RadosConnection ceph = TestCluster.connect(TestCluster.conf(), 20);
        String image = "rbdextrastest-" + System.nanoTime();
        String plain = "radosreadstest-plain-" + System.nanoTime();
        String missing = "radosreadstest-missing-" + System.nanoTime();
        try {
            Map<String, java.util.Optional<byte[]>> values = ceph.withIoCtx("rbd", io -> {
                try {
                    new Rbd(io).create(image, 6L << 20, 61L, 0);
                } catch (com.ceph.rbd.RbdException e) {
                    throw new AssertionError(e);
                }
                io.write(plain, "no omap here");
                ByteBuffer entry = ByteBuffer.wrap(RadosReads.read(io, "rbd_directory", "", "name_" + image, 10, false)
                        .omap().get("name_" + image)).order(ByteOrder.LITTLE_ENDIAN);
                String header = "rbd_header." + new String(entry.array(), 4, entry.getInt());
                List<String> oids = new java.util.ArrayList<>(List.of(missing, header, plain));
                for (int i = 0; i < 200; i++) { // many in flight at once, the same header each time
                    oids.add(header);
                }
                Map<String, java.util.Optional<byte[]>> read = RadosReads.omapValueOfEach(io, oids, "size");
                assertEquals(List.of(missing, header, plain), List.copyOf(read.keySet()));
                assertEquals(6L << 20, ByteBuffer.wrap(read.get(header).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN)
                        .getLong());
                return read;
            });
            assertTrue(values.get(missing).isEmpty());
            assertTrue(values.get(plain).isEmpty());
        } finally {
            ceph.withIoCtx("rbd", io -> {
                try {
                    new Rbd(io).remove(image);
                    io.remove(plain);
                } catch (com.ceph.rbd.RbdException e) {
                    throw new AssertionError(e);
                }
                return null;
            });
            ceph.close();
        }
    }
}
