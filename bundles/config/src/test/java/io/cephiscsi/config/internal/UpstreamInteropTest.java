package io.cephiscsi.config.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.ceph.RadosObjects;
import io.cephiscsi.ceph.internal.RadosConnection;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.MigrationContext;

/** Our store and upstream's own Config class on one object: each reads what the other commits; one lock. */
public class UpstreamInteropTest {

    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:interop";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final String oid = "gateway.conf.interop-" + System.nanoTime();
    private final RadosConnection client = TestCeph.newClient();
    private final RadosConfigStore ours = new RadosConfigStore(client, "rbd", oid, Duration.ofSeconds(30), "test",
            Clock.systemUTC(), MigrationContext::defaults);

    @After
    public void cleanUp() {
        ours.close();
        client.withIoCtx("rbd", io -> {
            io.remove(oid);
            return null;
        });
        client.close();
    }

    @Test
    public void eachReadsWhatTheOtherCommitsAndNothingIsLost() throws Exception {
        UpstreamPython upstream = new UpstreamPython(folder.getRoot().toPath(), oid);
        upstream.run("add-target", TARGET);
        upstream.run("add-clients", TARGET, "iqn.1994-05.com.example:upstream-a", "2");

        // what upstream committed, we read identically, byte for byte
        GatewayConfig read = ours.refresh();
        byte[] stored = client.withIoCtx("rbd", io -> RadosObjects.readWithVersion(io, oid).data());
        assertArrayEquals(stored, read.toJson());
        assertEquals(3, read.epoch());
        assertEquals(Set.of("iqn.1994-05.com.example:upstream-a0", "iqn.1994-05.com.example:upstream-a1"),
                read.targets().get(TARGET).clients().keySet());

        // what we commit, upstream reads and commits on top of
        ours.update(ConfigTransaction.of(Changes.addClient(TARGET, "iqn.1994-05.com.example:ours")));
        upstream.run("add-clients", TARGET, "iqn.1994-05.com.example:upstream-b", "1");
        JsonNode dumped = new ObjectMapper().readTree(upstream.run("dump"));
        assertEquals(5, dumped.path("epoch").asInt());
        assertTrue(dumped.path("targets").path(TARGET).path("clients").has("iqn.1994-05.com.example:ours"));

        GatewayConfig last = ours.refresh();
        assertEquals(5, last.epoch());
        assertEquals(Set.of("iqn.1994-05.com.example:upstream-a0", "iqn.1994-05.com.example:upstream-a1",
                "iqn.1994-05.com.example:ours", "iqn.1994-05.com.example:upstream-b0"),
                last.targets().get(TARGET).clients().keySet());
    }

    @Test
    public void upstreamWaitsForOurLock() throws Exception {
        UpstreamPython upstream = new UpstreamPython(folder.getRoot().toPath(), oid);
        upstream.run("add-target", TARGET);
        assertTrue(client.withIoCtx("rbd", io -> RadosObjects.tryLockExclusive(io, oid, "lock", "config",
                "ceph-iscsi-karaf test", Duration.ofSeconds(30))));
        long start = System.nanoTime();
        Process commit = upstream.start("add-clients", TARGET, "iqn.1994-05.com.example:waiting", "1");
        Thread.sleep(2500);
        assertTrue("upstream is still waiting for the lock", commit.isAlive());
        client.withIoCtx("rbd", io -> {
            RadosObjects.unlock(io, oid, "lock", "config");
            return null;
        });
        assertTrue(commit.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, commit.exitValue());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 2500);
        GatewayConfig after = ours.refresh();
        assertTrue(after.toString(), after.targets().get(TARGET).clients().containsKey("iqn.1994-05.com.example:waiting0"));
    }
}
