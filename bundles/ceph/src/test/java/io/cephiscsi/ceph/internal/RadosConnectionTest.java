package io.cephiscsi.ceph.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.cephiscsi.ceph.CephException;
import io.cephiscsi.ceph.ClusterHealth;

/** Against the project's real test cluster (itests/run-all-tests.sh starts it and sets CEPH_ISCSI_TEST_CONF). */
public class RadosConnectionTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();



    @Test
    public void readsHealthOkAndAnswersMonCommands() throws Exception {
        RadosConnection ceph = TestCluster.connect(TestCluster.conf(), 20);
        try {
            ClusterHealth health = ceph.health();
            for (int i = 0; i < 120 && !"HEALTH_OK".equals(health.status()); i++) {
                Thread.sleep(500); // a fresh cluster's mgr may still be reporting its first PG states
                health = ceph.health();
            }
            assertEquals("checks: " + health.checks(), "HEALTH_OK", health.status());
            String pools = ceph.monCommand("{\"prefix\": \"osd pool ls\", \"format\": \"json\"}");
            assertTrue(pools, pools.contains("\"rbd\"") && pools.contains("\"iscsi\""));
            assertEquals("ceph", ceph.name());
        } finally {
            ceph.close();
        }
    }

    @Test
    public void objectsRoundTripThroughAnIoContextAndAMissingPoolIsNamed() {
        RadosConnection ceph = TestCluster.connect(TestCluster.conf(), 20);
        try {
            String name = "radosconnectiontest-" + System.nanoTime();
            byte[] data = "hello".getBytes();
            ceph.withIoCtx("rbd", io -> {
                io.writeFull(name, data, data.length);
                return null;
            });
            byte[] read = new byte[16];
            int length = ceph.withIoCtx("rbd", io -> io.read(name, read.length, 0, read));
            assertEquals("hello", new String(read, 0, length));
            ceph.withIoCtx("rbd", io -> {
                io.remove(name);
                return null;
            });
            CephException missing = assertThrows(CephException.class, () -> ceph.withIoCtx("nopool", io -> null));
            assertEquals("pool 'nopool' does not exist", missing.getMessage());
        } finally {
            ceph.close();
        }
    }

    @Test
    public void aMissingConfIsNamed() {
        RadosConnection ceph = TestCluster.connect("/nonexistent/ceph.conf", 5);
        CephException error = assertThrows(CephException.class, ceph::health);
        assertTrue(error.getMessage(), error.getMessage().contains("/nonexistent/ceph.conf"));
        assertEquals(-2, error.errno());
    }

    @Test
    public void anUnreachableClusterFailsWithinTimeOutAndTheNextCallReconnects() throws Exception {
        String real = Files.readString(Path.of(TestCluster.conf()));
        Path conf = folder.getRoot().toPath().resolve("ceph.conf");
        // the same cluster, but its monitor address replaced by a port nothing listens on
        Files.writeString(conf, real.replaceAll("(?m)^mon host = .*$", "mon host = [v2:127.0.0.1:9,v1:127.0.0.1:7]"));
        RadosConnection ceph = TestCluster.connect(conf.toString(), 3);
        try {
            long start = System.nanoTime();
            CephException error = assertThrows(CephException.class, ceph::health);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(error.getMessage(), error.getMessage().startsWith("cannot connect to Ceph cluster 'ceph'"));
            assertTrue("gave up after " + seconds + " s", seconds < 15);

            Files.writeString(conf, real); // the cluster is reachable again
            assertTrue(ceph.health().status().startsWith("HEALTH_"));
        } finally {
            ceph.close();
        }
    }

    /**
     * A call that fails with a lost session drops the shared handle (the next call reconnects) while another call
     * is still running on it: that call must finish on the handle it started with, which shuts down only then
     * (shut down under it, librados frees what it is using). The OSD is frozen (SIGSTOP) for one time_out (2 s).
     */
    @Test
    public void aHandleDroppedAfterATimeoutStaysUsableForTheCallsStillRunningOnIt() throws Exception {
        String osdPid = TestCluster.pid("osd.0");
        RadosConnection ceph = TestCluster.connect(TestCluster.conf(), 2);
        String name = "radosconnectiontest-" + System.nanoTime();
        byte[] data = "still here".getBytes();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<String> running = runner.submit(() -> ceph.withIoCtx("rbd", io -> {
                inside.countDown();
                try {
                    proceed.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                io.writeFull(name, data, data.length);
                byte[] read = new byte[32];
                String text = new String(read, 0, io.read(name, read.length, 0, read));
                io.remove(name);
                return text;
            }));
            assertTrue(inside.await(30, TimeUnit.SECONDS));
            TestCluster.signal("STOP", osdPid);
            try {
                CephException lost = assertThrows(CephException.class,
                        () -> ceph.withIoCtx("rbd", io -> io.stat(name + "-other")));
                assertEquals(lost.getMessage(), -110, lost.errno());
            } finally {
                TestCluster.signal("CONT", osdPid);
            }
            proceed.countDown();
            assertEquals("still here", running.get(60, TimeUnit.SECONDS));
            assertTrue(ceph.health().status().startsWith("HEALTH_")); // reconnected
        } finally {
            TestCluster.signal("CONT", osdPid);
            proceed.countDown();
            runner.shutdownNow();
            ceph.close();
        }
    }
}
