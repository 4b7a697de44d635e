package io.cephiscsi.ceph.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.cephiscsi.ceph.ObjectWatch;
import io.cephiscsi.ceph.RadosObjects;

/** Locks, atomic writes and watch/notify between two RADOS clients on the real test cluster. */
public class RadosObjectsTest {

    private RadosConnection first;
    private RadosConnection second;
    private final String oid = "radosobjectstest-" + System.nanoTime();

    private static RadosConnection connect() {
        return TestCluster.connect(TestCluster.conf(), 20);
    }

    @Before
    public void connectTwoClients() {
        first = connect();
        second = connect();
    }

    @After
    public void cleanUp() {
        first.withIoCtx("rbd", io -> {
            io.remove(oid);
            return null;
        });
        first.close();
        second.close();
    }

    @Test
    public void theLockExcludesAnotherClientUntilUnlockedOrItsLeaseEnds() throws Exception {
        assertTrue(first.withIoCtx("rbd", io -> RadosObjects.tryLockExclusive(io, oid, "lock", "config", "test",
                Duration.ofSeconds(30))));
        assertFalse("held by the first client", second.withIoCtx("rbd",
                io -> RadosObjects.tryLockExclusive(io, oid, "lock", "config", "test", Duration.ofSeconds(30))));
        first.withIoCtx("rbd", io -> {
            RadosObjects.unlock(io, oid, "lock", "config");
            return null;
        });
        assertTrue(second.withIoCtx("rbd", io -> RadosObjects.tryLockExclusive(io, oid, "lock", "config", "test",
                Duration.ofSeconds(1))));
        // the second client "crashes" without unlocking: its lease frees the lock
        Thread.sleep(1500);
        assertTrue("lease expired", first.withIoCtx("rbd", io -> RadosObjects.tryLockExclusive(io, oid, "lock",
                "config", "test", Duration.ofSeconds(30))));
    }

    @Test
    public void aWriteCanReleaseTheLockAtomicallyAndFailsWhenTheLockIsGone() throws Exception {
        assertTrue(first.withIoCtx("rbd", io -> RadosObjects.tryLockExclusive(io, oid, "lock", "config", "test",
                Duration.ofSeconds(30))));
        first.withIoCtx("rbd", io -> RadosObjects.writeFullWithXattr(io, oid, "one".getBytes(StandardCharsets.UTF_8),
                "epoch", "1", 0, null, "lock", "config"));
        // written, and the lock is free: another client takes it at once
        assertTrue(second.withIoCtx("rbd", io -> RadosObjects.tryLockExclusive(io, oid, "lock", "config", "test",
                Duration.ofSeconds(1))));
        assertEquals("1", first.withIoCtx("rbd", io -> io.getExtendedAttribute(oid, "epoch")));
        // the first client no longer holds the lock: its write must not happen
        io.cephiscsi.ceph.CephException notHeld = org.junit.Assert.assertThrows(io.cephiscsi.ceph.CephException.class,
                () -> first.withIoCtx("rbd", io -> RadosObjects.writeFullWithXattr(io, oid,
                        "two".getBytes(StandardCharsets.UTF_8), "epoch", "2", 0, null, "lock", "config")));
        assertTrue(notHeld.getMessage(), notHeld.errno() < 0);
        assertEquals("1", first.withIoCtx("rbd", io -> io.getExtendedAttribute(oid, "epoch")));
    }

    @Test
    public void contentAndXattrAreWrittenTogether() {
        byte[] content = "{\"epoch\": 7}".getBytes(StandardCharsets.UTF_8);
        first.withIoCtx("rbd", io -> {
            RadosObjects.writeFullWithXattr(io, oid, content, "epoch", "7", 0);
            return null;
        });
        String xattr = second.withIoCtx("rbd", io -> io.getExtendedAttribute(oid, "epoch"));
        byte[] read = new byte[64];
        int length = second.withIoCtx("rbd", io -> io.read(oid, read.length, 0, read));
        assertEquals("7", xattr);
        assertEquals("{\"epoch\": 7}", new String(read, 0, length, StandardCharsets.UTF_8));

        // a writer that read an older version cannot overwrite a change it did not see
        RadosObjects.Content seen = first.withIoCtx("rbd", io -> RadosObjects.readWithVersion(io, oid));
        assertEquals("{\"epoch\": 7}", new String(seen.data(), StandardCharsets.UTF_8));
        second.withIoCtx("rbd", io -> {
            RadosObjects.writeFullWithXattr(io, oid, "{\"epoch\": 8}".getBytes(StandardCharsets.UTF_8), "epoch", "8",
                    seen.version());
            return null;
        });
        io.cephiscsi.ceph.CephException stale = org.junit.Assert.assertThrows(io.cephiscsi.ceph.CephException.class,
                () -> first.withIoCtx("rbd", io -> {
                    RadosObjects.writeFullWithXattr(io, oid, "{\"epoch\": 8}".getBytes(StandardCharsets.UTF_8),
                            "epoch", "8", seen.version());
                    return null;
                }));
        assertTrue(stale.getMessage(), stale.errno() == -75 || stale.errno() == -34);
        assertEquals("8", second.withIoCtx("rbd", io -> io.getExtendedAttribute(oid, "epoch")));
    }

    @Test
    public void aWatcherLearnsOfANotifyAtOnce() throws Exception {
        first.withIoCtx("rbd", io -> {
            io.writeFull(oid, new byte[] {1}, 1);
            return null;
        });
        CountDownLatch notified = new CountDownLatch(1);
        try (ObjectWatch watch = second.watch("rbd", oid, notified::countDown)) {
            assertTrue(watch.active());
            long start = System.nanoTime();
            first.withIoCtx("rbd", io -> {
                RadosObjects.notify(io, oid, Duration.ofSeconds(5));
                return null;
            });
            assertTrue("notified", notified.await(1, TimeUnit.SECONDS));
            System.out.printf("notify round trip: %.1f ms%n", (System.nanoTime() - start) / 1e6);
        }
    }
}
