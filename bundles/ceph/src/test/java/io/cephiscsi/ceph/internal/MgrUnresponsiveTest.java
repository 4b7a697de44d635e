package io.cephiscsi.ceph.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/**
 * A mgr that stops answering (SIGSTOP of the test cluster's ceph-mgr, continued before the test ends): librados
 * 16.2 crashes the JVM (SIGSEGV) after a mgr command it gave up on, so {@code mgrCommand} must wait, on a client of
 * its own, and the shared connection must keep working meanwhile. The time_out here is 2 s.
 */
public class MgrUnresponsiveTest {

    private static final String STATUS = "{\"prefix\": \"service status\", \"format\": \"json\"}";

    @Test
    public void aCommandWaitsForAStoppedMgrWithoutCrashingAndAClosedConnectionLetsItFinish() throws Exception {
        String mgrPid = TestCluster.pid("mgr.x");
        RadosConnection ceph = TestCluster.connect(TestCluster.conf(), 2);
        try {
            ceph.mgrCommand(STATUS);
            TestCluster.signal("STOP", mgrPid);
            CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> ceph.mgrCommand(STATUS));
            Thread.sleep(3000); // longer than time_out
            assertTrue("still waiting for the mgr", !waiting.isDone());
            assertEquals("HEALTH_OK", ceph.health().status()); // the shared client is not disturbed
            TestCluster.signal("CONT", mgrPid);
            assertTrue(waiting.get(60, TimeUnit.SECONDS).startsWith("{"));

            TestCluster.signal("STOP", mgrPid);
            CompletableFuture<String> pending = CompletableFuture.supplyAsync(() -> ceph.mgrCommand(STATUS));
            Thread.sleep(500);
            ceph.close(); // the mgr client goes once the pending command returns
            TestCluster.signal("CONT", mgrPid);
            assertTrue(pending.get(60, TimeUnit.SECONDS).startsWith("{"));
        } finally {
            TestCluster.signal("CONT", mgrPid);
            ceph.close();
        }
    }
}
