package io.cephiscsi.config.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.cephiscsi.ceph.RadosObjects;
import io.cephiscsi.ceph.internal.RadosConnection;
import io.cephiscsi.config.ConfigUnavailableException;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.MigrationContext;

/** The RADOS store on the real test cluster; each test uses an object of its own in pool rbd. */
public class RadosConfigStoreTest {

    static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:test";

    private final String oid = "gateway.conf.test-" + System.nanoTime();
    private final List<RadosConnection> clients = new ArrayList<>();
    private final List<RadosConfigStore> stores = new ArrayList<>();

    /** A store as one gateway has it: its own RADOS client. */
    RadosConfigStore gateway(Duration lockWait) {
        RadosConnection client = TestCeph.newClient();
        clients.add(client);
        RadosConfigStore store = new RadosConfigStore(client, "rbd", oid, lockWait, "test", Clock.systemUTC(),
                MigrationContext::defaults);
        stores.add(store);
        return store;
    }

    RadosConnection raw() {
        RadosConnection client = TestCeph.newClient();
        clients.add(client);
        return client;
    }

    @Before
    public void noObjectYet() {
        assertTrue(raw().withIoCtx("rbd", io -> io.listObjects().length >= 0));
    }

    @After
    public void removeObject() {
        stores.forEach(RadosConfigStore::close);
        RadosConnection client = raw();
        try {
            client.withIoCtx("rbd", io -> {
                io.remove(oid);
                return null;
            });
        } catch (RuntimeException ignored) {
            // the test may not have created it
        }
        clients.forEach(RadosConnection::close);
    }

    private String xattrEpoch() {
        return raw().withIoCtx("rbd", io -> io.getExtendedAttribute(oid, "epoch"));
    }

    private byte[] content() {
        return raw().withIoCtx("rbd", io -> RadosObjects.readWithVersion(io, oid).data());
    }

    @Test
    public void anAbsentObjectIsSeededWithEpochZero() {
        GatewayConfig config = gateway(Duration.ofSeconds(5)).refresh();
        assertEquals(0, config.epoch());
        assertEquals(11, config.version());
        assertEquals("0", xattrEpoch());
        assertArrayEquals(config.toJson(), content());
    }

    @Test
    public void aCommitRaisesTheEpochByOneSetsTheXattrAndAnotherGatewayReadsIt() {
        RadosConfigStore first = gateway(Duration.ofSeconds(5));
        GatewayConfig committed = first.update(ConfigTransaction.of(Changes.addTarget(TARGET)));
        assertEquals(1, committed.epoch());
        assertEquals("1", xattrEpoch());
        GatewayConfig seen = gateway(Duration.ofSeconds(5)).refresh();
        assertEquals(committed, seen);
        assertTrue(seen.targets().containsKey(TARGET));
    }

    @Test
    public void fourWritersOnDistinctClientsOfOneTargetLoseNothing() throws Exception {
        gateway(Duration.ofSeconds(20)).update(ConfigTransaction.of(Changes.addTarget(TARGET)));
        int writers = 4;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            RadosConfigStore store = gateway(Duration.ofSeconds(60));
            int writer = w;
            results.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    store.update(ConfigTransaction.of(Changes.addClient(TARGET,
                            "iqn.1994-05.com.example:w" + writer + "-" + i)));
                }
                return null;
            }));
        }
        for (Future<?> result : results) {
            result.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        GatewayConfig last = gateway(Duration.ofSeconds(5)).refresh();
        assertEquals(writers * each, last.targets().get(TARGET).clients().size());
        assertEquals(1 + writers * each, last.epoch());
        assertEquals(Long.toString(last.epoch()), xattrEpoch());
    }

    @Test
    public void concurrentCallersOfOneGatewayAreCommittedTogetherAndABadOneFailsAlone() throws Exception {
        RadosConfigStore store = gateway(Duration.ofSeconds(20));
        store.update(ConfigTransaction.of(Changes.addTarget(TARGET)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<GatewayConfig>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String client = "iqn.1994-05.com.example:g" + i;
            // every tenth asks for a target that does not exist: it fails, its neighbours in the batch do not
            String target = i % 10 == 0 ? TARGET + "-missing" : TARGET;
            results.add(pool.submit(() -> store.update(ConfigTransaction.of(Changes.addClient(target, client)))));
        }
        int failed = 0;
        for (Future<GatewayConfig> result : results) {
            try {
                result.get(2, TimeUnit.MINUTES);
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause().toString(), e.getCause() instanceof io.cephiscsi.model.ConfigException);
                failed++;
            }
        }
        pool.shutdown();
        GatewayConfig last = gateway(Duration.ofSeconds(5)).refresh();
        assertEquals(20, failed);
        assertEquals(180, last.targets().get(TARGET).clients().size());
        assertTrue("commits: " + last.epoch(), last.epoch() >= 2 && last.epoch() <= 181);
        assertEquals(Long.toString(last.epoch()), xattrEpoch());
    }

    @Test
    public void aCorruptObjectIsNeverOverwrittenAndNamesTheProblem() {
        byte[] garbage = "{\"version\": 11, \"epoch\": 3, \"targets\": [".getBytes(StandardCharsets.UTF_8);
        raw().withIoCtx("rbd", io -> {
            RadosObjects.writeFullWithXattr(io, oid, garbage, "epoch", "3", 0);
            return null;
        });
        RadosConfigStore store = gateway(Duration.ofSeconds(5));
        ConfigUnavailableException read = assertThrows(ConfigUnavailableException.class, store::refresh);
        assertTrue(read.getMessage(), read.getMessage().startsWith("rbd/" + oid + " cannot be used: "));
        assertThrows(ConfigUnavailableException.class,
                () -> store.update(ConfigTransaction.of(Changes.addTarget(TARGET))));
        assertArrayEquals(garbage, content());
        assertEquals("3", xattrEpoch());
    }

    @Test
    public void anOlderSchemaIsMigratedAndCommittedOnce() throws Exception {
        byte[] v10;
        try (var in = getClass().getResourceAsStream("/gateway-conf-v10.json")) {
            v10 = in.readAllBytes();
        }
        long epoch = GatewayConfig.parse(v10).epoch(); // as read, before migration
        raw().withIoCtx("rbd", io -> {
            RadosObjects.writeFullWithXattr(io, oid, v10, "epoch", Long.toString(epoch), 0);
            return null;
        });
        GatewayConfig migrated = gateway(Duration.ofSeconds(5)).refresh();
        assertEquals(11, migrated.version());
        assertEquals(epoch + 1, migrated.epoch());
        assertArrayEquals(migrated.toJson(), content());
        // a second gateway finds nothing left to migrate
        assertEquals(migrated.epoch(), gateway(Duration.ofSeconds(5)).refresh().epoch());
    }

    @Test
    public void aNewerSchemaIsNotTouched() {
        byte[] future = "{\"version\": 12, \"epoch\": 5}".getBytes(StandardCharsets.UTF_8);
        raw().withIoCtx("rbd", io -> {
            RadosObjects.writeFullWithXattr(io, oid, future, "epoch", "5", 0);
            return null;
        });
        ConfigUnavailableException error = assertThrows(ConfigUnavailableException.class,
                () -> gateway(Duration.ofSeconds(5)).update(ConfigTransaction.of(Changes.addTarget(TARGET))));
        assertTrue(error.getMessage(), error.getMessage().contains("12"));
        assertArrayEquals(future, content());
    }

    @Test
    public void aLockHeldTooLongGivesUpstreamsTimeoutAndChangesNothing() {
        RadosConfigStore store = gateway(Duration.ofSeconds(1));
        store.refresh();
        RadosConnection other = raw();
        assertTrue(other.withIoCtx("rbd", io -> RadosObjects.tryLockExclusive(io, oid, "lock", "config", "upstream",
                Duration.ofSeconds(30))));
        ConfigUnavailableException error = assertThrows(ConfigUnavailableException.class,
                () -> store.update(ConfigTransaction.of(Changes.addTarget(TARGET))));
        assertEquals("Timed out (1s) waiting for excl lock on " + oid + " object", error.getMessage());
        assertEquals("0", xattrEpoch());
        other.withIoCtx("rbd", io -> {
            RadosObjects.unlock(io, oid, "lock", "config");
            return null;
        });
    }

    @Test
    public void aCrashedHoldersLeaseEndsAndTheCommitGoesThrough() {
        RadosConfigStore store = gateway(Duration.ofSeconds(10));
        store.refresh();
        // a holder that takes the lock with a 2 s lease and never unlocks
        assertTrue(raw().withIoCtx("rbd", io -> RadosObjects.tryLockExclusive(io, oid, "lock", "config", "crashed",
                Duration.ofSeconds(2))));
        long start = System.nanoTime();
        GatewayConfig committed = store.update(ConfigTransaction.of(Changes.addTarget(TARGET)));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(1, committed.epoch());
        assertTrue("waited " + waited + " ms", waited >= 1500 && waited < 6000);
    }

    @Test
    public void anotherGatewayLearnsOfACommitWithinOneSecond() throws Exception {
        RadosConfigStore writer = gateway(Duration.ofSeconds(5));
        writer.refresh();
        RadosConfigStore reader = gateway(Duration.ofSeconds(5));
        CountDownLatch seen = new CountDownLatch(1);
        reader.subscribe(config -> {
            if (config.epoch() == 1) {
                seen.countDown();
            }
        });
        reader.startWatching();
        Thread.sleep(1500); // the watch is up
        long start = System.nanoTime();
        writer.update(ConfigTransaction.of(Changes.addTarget(TARGET)));
        assertTrue("seen within 1 s", seen.await(1, TimeUnit.SECONDS));
        System.out.printf("another gateway saw epoch 1 after %.1f ms%n", (System.nanoTime() - start) / 1e6);
    }
}
