package io.cephiscsi.config.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cephiscsi.ceph.CephCluster;
import io.cephiscsi.ceph.CephException;
import io.cephiscsi.ceph.ObjectWatch;
import io.cephiscsi.ceph.RadosObjects;
import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.config.ConfigUnavailableException;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.MigrationContext;

/**
 * {@code gateway.conf} in RADOS, shared with upstream's gateways: the exclusive lock {@code lock} with cookie
 * {@code config} (so both kinds exclude each other), taken with a lease so a crashed holder frees it; writes guarded
 * by the object version read under the lock; the {@code epoch} xattr set with the content. Other gateways learn of a
 * commit by a RADOS notify at once, and by polling the {@code epoch} xattr every second (upstream does not notify);
 * either way the object is read only when that xattr shows an epoch this gateway does not have.
 */
@Component(service = ConfigStore.class)
public class RadosConfigStore extends TransactionalStore {

    private static final Logger LOG = LoggerFactory.getLogger(RadosConfigStore.class);
    static final String LOCK_NAME = "lock";
    static final String LOCK_COOKIE = "config";
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofSeconds(1);

    private final CephCluster ceph;
    private final String pool;
    private final String oid;
    private final Duration lockWait;
    private final String holder;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gateway-conf-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ObjectWatch watch;
    private volatile int lastSize = 64 * 1024;
    private boolean lockReleased; // guarded by the writers' lock: the last write released the RADOS lock

    @Activate
    public RadosConfigStore(@Reference(target = "(backend=ceph)") GatewaySettings settings,
            @Reference CephCluster ceph) {
        this(ceph, settings.pool(), settings.gatewayConf(), Duration.ofSeconds(settings.timeOut()),
                "ceph-iscsi-karaf " + settings.gatewayName().orElse(""), Clock.systemUTC(),
                LocalMigrationContext.of(settings, Clock.systemUTC()));
        startWatching();
    }

    RadosConfigStore(CephCluster ceph, String pool, String oid, Duration lockWait, String holder, Clock clock,
            Supplier<MigrationContext> migration) {
        super(clock, migration);
        this.ceph = ceph;
        this.pool = pool;
        this.oid = oid;
        this.lockWait = lockWait;
        this.holder = holder;
    }

    /** From now on, learn of every commit within a second (at once when the committer notifies). */
    void startWatching() {
        timer.scheduleWithFixedDelay(this::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    Snapshot read() {
        try {
            RadosObjects.Content content = ceph.withIoCtx(pool, io -> {
                try {
                    return RadosObjects.readWithVersion(io, oid, lastSize);
                } catch (com.ceph.rados.exceptions.RadosException e) {
                    if (e.getReturnValue() == -2) {
                        return new RadosObjects.Content(new byte[0], 0); // not created yet: seeded under the lock
                    }
                    throw e;
                }
            });
            lastSize = content.data().length;
            return new Snapshot(content.data(), content.version());
        } catch (CephException e) {
            throw unavailable("cannot read " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    boolean write(byte[] json, long epoch, Guard guard, boolean releasesLock) {
        try {
            // releasing the lock in the same operation: one round trip less inside the lock, and no write at all
            // if the lease ran out and another writer holds the lock now
            ceph.withIoCtx(pool, io -> RadosObjects.writeFullWithXattr(io, oid, json, "epoch", Long.toString(epoch),
                    guard.version(), guard.epoch() >= 0 ? Long.toString(guard.epoch()) : null,
                    releasesLock ? LOCK_NAME : null, LOCK_COOKIE));
            lockReleased = releasesLock;
            return true;
        } catch (CephException e) {
            if (e.errno() == -75 || e.errno() == -34 || e.errno() == -125 || (releasesLock && e.errno() == -2)) {
                throw new ChangedMeanwhile(); // changed by another writer, or our lease ran out: decide again
            }
            throw unavailable("cannot write " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    void lock() {
        long deadline = System.nanoTime() + lockWait.toNanos();
        while (true) {
            boolean locked;
            try {
                locked = ceph.withIoCtx(pool, io -> RadosObjects.tryLockExclusive(io, oid, LOCK_NAME, LOCK_COOKIE,
                        holder, LEASE));
            } catch (CephException e) {
                throw unavailable("cannot lock " + describe() + ": " + e.getMessage(), e);
            }
            if (locked) {
                return;
            }
            if (System.nanoTime() > deadline) {
                // upstream's words, so its users recognise the situation
                throw unavailable("Timed out (" + lockWait.toSeconds() + "s) waiting for excl lock on " + oid
                        + " object", null);
            }
            // a commit holds the lock for a few milliseconds: try again then, at a random moment (polling faster
            // only loads the OSD that the holder is waiting on)
            sleep(2 + ThreadLocalRandom.current().nextLong(5));
        }
    }

    @Override
    void unlock() {
        if (lockReleased) {
            lockReleased = false;
            return;
        }
        try {
            ceph.withIoCtx(pool, io -> {
                RadosObjects.unlock(io, oid, LOCK_NAME, LOCK_COOKIE);
                return null;
            });
        } catch (CephException e) {
            // the lease frees it in the end; the commit itself is done or was refused
            LOG.warn("Could not unlock {}: {}", describe(), e.getMessage());
        }
    }

    @Override
    void announce(long epoch) {
        timer.execute(() -> {
            try {
                ceph.withIoCtx(pool, io -> {
                    RadosObjects.notify(io, oid, Duration.ofSeconds(2));
                    return null;
                });
            } catch (CephException e) {
                LOG.debug("Notify of epoch {} on {} incomplete: {}", epoch, describe(), e.getMessage());
            }
        });
    }

    @Override
    String describe() {
        return pool + "/" + oid;
    }

    /**
     * Once a second and at each notice: keep the watch up, and compare the epoch xattr with ours (upstream writers
     * do not notify).
     */
    private void poll() {
        try {
            if (watch == null || !watch.active()) {
                if (watch != null) {
                    watch.close();
                }
                refresh(); // creates and seeds the object when needed, so it can be watched
                // a notice reads the epoch xattr first: the committer is notified of its own commit too, and
                // reading and parsing the whole object again there would only take CPU from the reconciles
                watch = ceph.watch(pool, oid, () -> timer.execute(this::poll));
            }
            String epoch = ceph.withIoCtx(pool, io -> io.getExtendedAttribute(oid, "epoch"));
            if (Long.parseLong(epoch.trim()) != knownEpoch() || problem().isPresent()) {
                refresh(); // while there is a problem: until a read shows it is gone
            }
        } catch (CephException e) {
            reportProblem("cannot read " + describe() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.debug("gateway.conf poll: {}", e.getMessage());
        }
    }

    @Deactivate
    @Override
    void close() {
        timer.shutdownNow();
        if (watch != null) {
            watch.close();
        }
        super.close();
    }

    private static ConfigUnavailableException unavailable(String message, Throwable cause) {
        return new ConfigUnavailableException(message, cause);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the gateway.conf lock", e);
        }
    }
}
