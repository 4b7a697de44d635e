package io.cephiscsi.config.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.cephiscsi.config.ConfigUnavailableException;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.MigrationContext;

/** The embedded default's file store: the same semantics as in RADOS. */
public class FileConfigStoreTest {

    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:file";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private FileConfigStore store(Path file) {
        return new FileConfigStore(file, Duration.ofSeconds(30), Clock.systemUTC(), MigrationContext::defaults);
    }

    @Test
    public void seedsCommitsAndReplacesTheFileAtomically() throws Exception {
        Path file = folder.getRoot().toPath().resolve("gateway.conf");
        FileConfigStore store = store(file);
        assertEquals(0, store.refresh().epoch());
        GatewayConfig committed = store.update(ConfigTransaction.of(Changes.addTarget(TARGET)));
        assertEquals(1, committed.epoch());
        assertArrayEquals(committed.toJson(), Files.readAllBytes(file));
        assertFalse("no temp file left", Files.exists(file.resolveSibling("gateway.conf.tmp")));
        assertEquals(committed, store(file).refresh());
    }

    @Test
    public void fourWritersLoseNothing() throws Exception {
        Path file = folder.getRoot().toPath().resolve("gateway.conf");
        store(file).update(ConfigTransaction.of(Changes.addTarget(TARGET)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> results = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            FileConfigStore writer = store(file); // separate stores: the file lock alone keeps them apart
            int id = w;
            results.add(pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    writer.update(ConfigTransaction.of(Changes.addClient(TARGET, "iqn.1994-05.com.example:f" + id
                            + "-" + i)));
                }
                return null;
            }));
        }
        for (Future<?> result : results) {
            result.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        GatewayConfig last = store(file).refresh();
        assertEquals(400, last.targets().get(TARGET).clients().size());
        assertEquals(401, last.epoch());
    }

    @Test
    public void aCorruptFileIsLeftAsItIs() throws Exception {
        Path file = folder.getRoot().toPath().resolve("gateway.conf");
        byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);
        Files.write(file, garbage);
        FileConfigStore store = store(file);
        ConfigUnavailableException error = assertThrows(ConfigUnavailableException.class,
                () -> store.update(ConfigTransaction.of(Changes.addTarget(TARGET))));
        assertTrue(error.getMessage(), error.getMessage().startsWith(file + " cannot be used: "));
        assertArrayEquals(garbage, Files.readAllBytes(file));
    }

    @Test
    public void theProblemIsNamedWhileItLastsAndTheLastGoodCopyStays() throws Exception {
        Path file = folder.getRoot().toPath().resolve("gateway.conf");
        FileConfigStore store = store(file);
        GatewayConfig good = store.update(ConfigTransaction.of(Changes.addTarget(TARGET)));
        assertFalse(store.problem().isPresent());
        byte[] whole = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThrows(ConfigUnavailableException.class, store::refresh);
        assertTrue(store.problem().orElse("<none>"), store.problem().orElse("").startsWith(file + " cannot be used: "));
        assertEquals("readers keep the last good copy", good, store.current());

        Files.write(file, whole); // repaired
        store.refresh();
        assertFalse(store.problem().isPresent());
    }

    /**
     * A read that began before this store's own commit and ends after it (a change notice or poll racing a commit)
     * must not take the gateway back: seen in ScaleBenchmark, where a request right after "target created" was
     * answered 404 "Target ... does not exist", and the subscribers (LIO) were handed the older epoch last.
     */
    @Test
    public void aReadOlderThanOurOwnCommitDoesNotTakeTheGatewayBack() throws Exception {
        Path file = folder.getRoot().toPath().resolve("gateway.conf");
        store(file).update(ConfigTransaction.of(Changes.addTarget(TARGET)));
        java.util.concurrent.CountDownLatch readDone = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch committed = new java.util.concurrent.CountDownLatch(1);
        FileConfigStore store = new FileConfigStore(file, Duration.ofSeconds(30), Clock.systemUTC(),
                MigrationContext::defaults) {
            @Override
            Snapshot read() {
                Snapshot snapshot = super.read();
                if (Thread.currentThread().getName().equals("slow-reader")) {
                    readDone.countDown();
                    try {
                        committed.await(); // the commit happens after this read and is published before it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return snapshot;
            }
        };
        assertEquals(1, store.current().epoch());
        List<GatewayConfig> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.subscribe(seen::add);
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "slow-reader"));
        try {
            Future<GatewayConfig> stale = reader.submit(store::refresh);
            assertTrue(readDone.await(30, TimeUnit.SECONDS));
            GatewayConfig mine = store.update(ConfigTransaction.of(Changes.addClient(TARGET,
                    "iqn.1994-05.com.example:after")));
            committed.countDown();
            assertEquals("the racing read saw the older epoch", 1, stale.get(30, TimeUnit.SECONDS).epoch());
            assertEquals(2, mine.epoch());
            assertEquals("readers still see the commit", mine, store.current());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200); // a stale notice, if any, would be queued behind the commit's
            assertEquals("subscribers are told of the commit last", 2, seen.get(seen.size() - 1).epoch());
            store.refresh(); // a read with no commit in between is published as before
            assertEquals(mine, store.current());
        } finally {
            reader.shutdownNow();
        }
    }
}
