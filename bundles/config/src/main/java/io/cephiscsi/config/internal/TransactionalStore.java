package io.cephiscsi.config.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.config.ConfigUnavailableException;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.ConfigFormatException;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.MigrationContext;
import io.cephiscsi.model.PausePoint;

/**
 * The commit algorithm both stores share: lock, re-read, re-apply the transaction item by item to the fresh copy,
 * epoch + 1, one write, unlock, announce. A backend supplies raw reads and writes, its lock and its announcement.
 */
abstract class TransactionalStore implements ConfigStore {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalStore.class);

    /** The stored document as read, and the version a guarded write must still find. */
    record Snapshot(byte[] data, long version) {

        boolean empty() {
            return data.length == 0;
        }
    }

    /**
     * What a write must still find for it to happen: the object version of the read it is based on (a read made
     * under the lock), or the epoch of the copy this store wrote or read last (the lock itself changes the object
     * version, the epoch only a commit changes). Zero / negative: no check.
     */
    record Guard(long version, long epoch) {

        static Guard none() {
            return new Guard(0, -1);
        }

        static Guard atVersion(long version) {
            return new Guard(version, -1);
        }

        static Guard atEpoch(long epoch) {
            return new Guard(0, epoch);
        }
    }

    /** Thrown by {@link #write} when the document changed since it was read: the commit is tried again. */
    static final class ChangedMeanwhile extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static final int ATTEMPTS = 3;

    private final Clock clock;
    // one writer per JVM at a time; the backend lock then excludes other processes and gateways
    private final ReentrantLock writers = new ReentrantLock(true);
    private final List<Consumer<GatewayConfig>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gateway-conf-events");
        thread.setDaemon(true);
        return thread;
    });
    private volatile GatewayConfig latest;
    private final Object refreshes = new Object(); // held while a read is made and published
    private volatile long commitsPublished; // written under synchronized (this): this store's own commits published
    private volatile String problem; // why the document cannot be read or used now; null when it can
    private final List<Pending> queue = new ArrayList<>();
    private GatewayConfig cached; // guarded by writers: the copy this store wrote or read last
    private boolean wrote; // guarded by writers: whether the last commit wrote anything

    private final Supplier<MigrationContext> migration;

    TransactionalStore(Clock clock, Supplier<MigrationContext> migration) {
        this.clock = clock;
        this.migration = migration;
    }

    /** The stored document; an empty snapshot when the object or file does not exist or is empty. */
    abstract Snapshot read();

    /**
     * Writes the document and its epoch, failing with {@link ChangedMeanwhile} when the stored document no longer
     * passes {@code guard}. Returns whether the backend checked the guard (only then may the next commit start from
     * this store's own copy). With {@code releasesLock} the backend may release the lock with the write;
     * {@link #unlock} then has nothing left to do.
     */
    abstract boolean write(byte[] json, long epoch, Guard guard, boolean releasesLock);

    /** Takes the lock shared with the other writers, or fails with {@link ConfigUnavailableException}. */
    abstract void lock();

    abstract void unlock();

    /** Tells the other gateways that {@code epoch} is committed; must not block the committer. */
    abstract void announce(long epoch);

    /** What the store is, for messages: e.g. {@code rbd/gateway.conf}. */
    abstract String describe();

    @Override
    public GatewayConfig current() {
        GatewayConfig config = latest;
        return config != null ? config : refresh();
    }

    @Override
    public GatewayConfig refresh() {
        // one read at a time (the watch thread, a gateway asked for an epoch it has not read): reads are published
        // in the order they were made, so an older one cannot follow a newer one
        synchronized (refreshes) {
            return readAndPublish();
        }
    }

    private GatewayConfig readAndPublish() {
        long commitsBefore = commitsPublished;
        Snapshot snapshot;
        long start = System.nanoTime();
        try {
            snapshot = read();
        } catch (ConfigUnavailableException e) {
            reportProblem(e.getMessage());
            throw e;
        }
        long read = System.nanoTime();
        GatewayConfig config = snapshot.empty() ? null : parse(snapshot);
        if (config != null && config.epoch() > knownEpoch() && knownEpoch() >= 0) {
            // another gateway's commit: what it costs this one before its LIO can follow
            LOG.info("gateway.conf epoch {} read from {} ({} KB: read {} ms, parse {} ms)", config.epoch(),
                    describe(), snapshot.data().length / 1024, (read - start) / 1_000_000,
                    (System.nanoTime() - read) / 1_000_000);
        }
        if (config == null || config.migrated()) {
            // seeding an empty document, or committing a schema migration, happens once, under the lock
            return update(ConfigTransaction.of());
        }
        if (snapshot.version() > 0 && writers.tryLock()) {
            try {
                cached = config; // the next commit can start from it
            } finally {
                writers.unlock();
            }
        }
        clearProblem();
        publish(config, commitsBefore);
        return config;
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Records why the document cannot be read or used now; logged once per distinct reason. */
    final void reportProblem(String reason) {
        if (!reason.equals(problem)) {
            LOG.warn("{}: {}", describe(), reason);
        }
        problem = reason;
    }

    private void clearProblem() {
        if (problem != null) {
            LOG.info("{} is readable and usable again", describe());
            problem = null;
        }
    }

    @Override
    public GatewayConfig update(ConfigTransaction transaction) {
        Pending mine = new Pending(transaction);
        synchronized (queue) {
            queue.add(mine);
        }
        // group commit: whoever holds the writers' lock commits every transaction queued by then, each applied
        // in turn to the fresh copy; a transaction that does not fit fails alone
        writers.lock();
        try {
            if (!mine.done()) {
                List<Pending> batch;
                synchronized (queue) {
                    batch = new ArrayList<>(queue);
                    queue.clear();
                }
                commitBatch(batch);
            }
        } finally {
            writers.unlock();
        }
        return mine.outcome();
    }

    private void commitBatch(List<Pending> batch) {
        GatewayConfig committed = null;
        try {
            for (int attempt = 1; committed == null; attempt++) {
                lock();
                try {
                    PausePoint.reach("lock-held"); // fault tests only: OFF unless armed
                    committed = commitLocked(batch);
                } catch (ChangedMeanwhile e) {
                    if (attempt == ATTEMPTS) {
                        throw new ConfigUnavailableException(describe() + " kept changing under the lock (a writer"
                                + " that ignores the lock?); nothing was written", e);
                    }
                } finally {
                    unlock();
                }
            }
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.failIfOpen(e));
            return;
        }
        PausePoint.reach("committed"); // fault tests only: written, not yet published to this gateway's reconcile
        clearProblem();
        publish(committed);
        if (wrote) {
            announce(committed.epoch());
            // counts only: a change's values may hold CHAP secrets. The gateway logs each API change with its
            // reply and timings; the store's own line says so only for what no request asked for (seed, migration)
            int changes = batch.stream().mapToInt(p -> p.transaction().changes().size()).sum();
            if (changes == 0) {
                LOG.info("gateway.conf epoch {} committed to {} (seeded or migrated)", committed.epoch(), describe());
            } else {
                LOG.debug("gateway.conf epoch {} committed to {} ({} transaction(s), {} change(s))",
                        committed.epoch(), describe(), batch.size(), changes);
            }
        }
        for (Pending pending : batch) {
            pending.succeedIfOpen(committed);
        }
    }

    /**
     * Applies the batch to the current document, under the lock. The copy this store wrote last is used without
     * reading it again; the version guard on the write tells when someone else changed it meanwhile.
     */
    private GatewayConfig commitLocked(List<Pending> batch) {
        GatewayConfig known = cached;
        if (known != null && knownEpoch() != known.epoch()) {
            known = null; // another gateway's commit was announced since: a fresh read saves a doomed write
        }
        // else the guard of the write finds a commit not announced yet (an upstream writer, a notify on its way)
        if (known != null) {
            try {
                return applyAndWrite(batch, known, Guard.atEpoch(known.epoch()), true);
            } catch (ChangedMeanwhile | ConfigException stale) {
                cached = null; // decide on the fresh copy
                batch.forEach(Pending::reopen);
            }
        }
        Snapshot snapshot = read();
        if (snapshot.empty()) {
            // upstream seeds an empty object with epoch 0 before any change is applied
            GatewayConfig seed = GatewayConfig.seed(clock.instant());
            boolean guarded = write(seed.toJson(), seed.epoch(), Guard.atVersion(snapshot.version()), false);
            cached = guarded ? seed : null;
            wrote = true;
            if (batch.stream().allMatch(pending -> pending.transaction().changes().isEmpty())) {
                return seed;
            }
            snapshot = read();
        }
        return applyAndWrite(batch, parse(snapshot), Guard.atVersion(snapshot.version()), false);
    }

    /**
     * @param mayBeStale {@code fresh} is this store's own last copy: a change that does not fit it is decided again
     *                   on a fresh read, so it throws instead of failing its caller
     */
    private GatewayConfig applyAndWrite(List<Pending> batch, GatewayConfig fresh, Guard guard, boolean mayBeStale) {
        Instant now = clock.instant();
        GatewayConfig next = fresh;
        boolean changed = fresh.migrated();
        for (Pending pending : batch) {
            if (pending.transaction().changes().isEmpty()) {
                continue; // a seed or migration request: nothing of its own to apply
            }
            try {
                next = pending.transaction().applyTo(next, now);
                changed = true;
            } catch (ConfigException e) {
                if (mayBeStale) {
                    throw e;
                }
                pending.fail(e);
            }
        }
        if (!changed) {
            wrote = false;
            return fresh; // nothing fitted, or seeded/migrated by another gateway meanwhile: nothing to commit
        }
        next = next.withEpoch(fresh.epoch() + 1, now);
        boolean guarded = write(next.toJson(), next.epoch(), guard, true);
        cached = guarded ? next : null;
        wrote = true;
        return next;
    }

    private GatewayConfig parse(Snapshot snapshot) {
        try {
            return GatewayConfig.parse(snapshot.data(), migration.get());
        } catch (ConfigFormatException e) {
            // never overwritten or "repaired": the gateway keeps its last good copy and stays read-only
            String reason = describe() + " cannot be used: " + e.getMessage()
                    + "; it is left as it is and this gateway stays read-only until it is fixed";
            reportProblem(reason);
            throw new ConfigUnavailableException(reason, e);
        }
    }

    /** Records a configuration this store committed, and tells the subscribers. */
    final void publish(GatewayConfig config) {
        publish(config, -1);
    }

    /**
     * Records {@code config} unless this gateway has it already, and tells the subscribers.
     *
     * @param readSince for a configuration read (not committed here): how many of this store's commits were
     *                  published when the read began. A read that began before one of them and gives an older epoch
     *                  is dropped: published, it would take this gateway back (a request right after a commit found
     *                  its own change missing, LIO was reconciled to the older epoch). An older epoch read with no
     *                  commit of ours in between (the object replaced by an older one) is published as before.
     */
    private void publish(GatewayConfig config, long readSince) {
        synchronized (this) {
            GatewayConfig known = latest;
            if (readSince < 0) {
                commitsPublished++;
            } else if (readSince != commitsPublished && known != null && config.epoch() < known.epoch()) {
                LOG.debug("gateway.conf epoch {} read while epoch {} was committed here: not published",
                        config.epoch(), known.epoch());
                return;
            }
            if (known != null && known.epoch() == config.epoch() && known.equals(config)) {
                return;
            }
            latest = config;
        }
        for (Consumer<GatewayConfig> listener : listeners) {
            events.execute(() -> {
                try {
                    listener.accept(config);
                } catch (RuntimeException e) {
                    LOG.warn("A gateway.conf subscriber failed on epoch {}", config.epoch(), e);
                }
            });
        }
    }

    /** The epoch this gateway has, or -1 before the first read. */
    final long knownEpoch() {
        GatewayConfig config = latest;
        return config == null ? -1 : config.epoch();
    }

    @Override
    public AutoCloseable subscribe(Consumer<GatewayConfig> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void close() {
        events.shutdown();
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
