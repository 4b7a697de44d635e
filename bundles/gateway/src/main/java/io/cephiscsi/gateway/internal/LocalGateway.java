package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.lio.ApplyResult;
import io.cephiscsi.lio.DesiredLio;
import io.cephiscsi.lio.LioEngine;
import io.cephiscsi.lio.LioPlan;
import io.cephiscsi.lio.LioState;
import io.cephiscsi.model.ChapCipher;
import io.cephiscsi.model.ChapCipherException;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.TargetConfig;
import io.cephiscsi.rbd.ImageId;
import io.cephiscsi.rbd.ImageService;
import io.cephiscsi.model.GatewaySettings;

/**
 * This gateway's LIO, kept equal to what the shared configuration says for it: restored at start, reconciled to
 * every new epoch, one reconcile at a time, newest epoch first. Encrypted CHAP passwords are decrypted with the
 * gateway's key pair ({@link ChapCipher}); one that cannot be is logged with its IQN and its CHAP left as it is. Stopping the bundle leaves LIO as it is, so
 * initiators keep their sessions across updates and restarts.
 */
@Component(immediate = true, service = LocalGateway.class)
public class LocalGateway {

    private static final Logger LOG = LoggerFactory.getLogger(LocalGateway.class);

    private final String name;
    private final GatewaySettings settings;
    private final ConfigStore store;
    /** How often LIO is compared with the desired state even when no epoch changed it (drift, e.g. targetcli). */
    static final Duration FULL_RECONCILE_EVERY = Duration.ofSeconds(60);

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lio-reconcile");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<GatewayConfig> pending = new AtomicReference<>();
    private final AutoCloseable subscription;
    private LioEngine engine; // on the worker thread only
    private volatile long appliedEpoch = -1;
    private final Object epochReached = new Object();
    private volatile int lastOperations = -1;
    private volatile String problem; // why the last reconcile failed; null after one that succeeded
    private final Map<ImageId, Long> knownSizes = new HashMap<>(); // on the worker thread only
    private final Set<ImageId> prefetched = new HashSet<>(); // on the worker thread only
    // on the worker thread only: each mapped image's disk entry when its size was last used (a changed one is re-read)
    private Map<ImageId, DiskConfig> sizedEntries = new HashMap<>();
    private LioState lastDesired; // on the worker thread only: what LIO was last made equal to
    // on the worker thread only: each target's desired LIO from the last epoch, rebuilt only when it changed
    private final DesiredLio.Memo memo = new DesiredLio.Memo();
    // on the worker thread only: stored (encrypted) CHAP password → plain; RSA decryption costs ~ms per password
    private Map<String, String> plainPasswords = new HashMap<>();
    private GatewayConfig lastConfig; // on the worker thread only
    private long lastFullNanos;
    private final Duration fullEvery;

    /** Image sizes for backstores ({@code dev_size}: new ones, and ones that grow); null in tests that need none. */
    private final ImageService images;

    @Activate
    public LocalGateway(@Reference GatewaySettings settings, @Reference ConfigStore store,
                        @Reference ImageService images) {
        this(settings, store, settings.gatewayName().orElseGet(new LocalHost()::fqdn), images);
    }

    LocalGateway(GatewaySettings settings, ConfigStore store, String name) {
        this(settings, store, name, null);
    }

    LocalGateway(GatewaySettings settings, ConfigStore store, String name, ImageService images) {
        this(settings, store, name, images, FULL_RECONCILE_EVERY);
    }

    LocalGateway(GatewaySettings settings, ConfigStore store, String name, ImageService images, Duration fullEvery) {
        this.fullEvery = fullEvery;
        this.images = images;
        this.settings = settings;
        this.store = store;
        this.name = name;
        this.subscription = store.subscribe(this::offer);
        worker.execute(this::restore);
        long every = fullEvery.toMillis();
        worker.scheduleWithFixedDelay(this::fullReconcile, every, every, TimeUnit.MILLISECONDS);
    }

    /** The epoch this gateway's LIO was last made equal to; -1 before the first reconcile. */
    long appliedEpoch() {
        return appliedEpoch;
    }

    /**
     * How long a gateway asked for an epoch it has not read yet waits for the commit's notice before it reads the
     * configuration itself (a notice lost while the watch reconnects would otherwise cost up to the 1 s poll).
     */
    static final Duration NOTICE_GRACE = Duration.ofMillis(100);

    /** Whether LIO reached {@code epoch} (or a later one) within {@code wait}. */
    boolean awaitEpoch(long epoch, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Duration grace = wait.compareTo(NOTICE_GRACE) < 0 ? wait : NOTICE_GRACE;
        if (waitFor(epoch, System.nanoTime() + grace.toNanos())) {
            return true;
        }
        try {
            if (store.current().epoch() < epoch) {
                store.refresh(); // published to this gateway's reconcile like a notified read
            }
        } catch (RuntimeException e) {
            LOG.debug("gateway.conf not readable while waiting for epoch {}: {}", epoch, e.getMessage());
        }
        return waitFor(epoch, deadline);
    }

    /**
     * Whether LIO is at {@code config} (or a later epoch this gateway has) with the sizes of its mapped images read
     * again, within {@code wait}: for a peer that committed without a notice, or grew an image without a commit
     * (upstream's gateways). Runs on the reconcile thread, after any reconcile under way.
     */
    boolean syncTo(GatewayConfig config, Duration wait) throws InterruptedException {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                try {
                    done.complete(syncNow(config));
                } catch (RuntimeException e) {
                    done.complete(false);
                }
            });
            return done.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException | ExecutionException
                 | TimeoutException e) {
            return false;
        }
    }

    /** on the worker thread: reconciles the newest configuration known if it, or an image size, is new to LIO */
    private boolean syncNow(GatewayConfig config) {
        GatewayConfig newest = config;
        GatewayConfig queued = pending.getAndSet(null);
        if (queued != null && queued.epoch() > newest.epoch()) {
            newest = queued;
        }
        if (lastConfig != null && lastConfig.epoch() > newest.epoch()) {
            newest = lastConfig;
        }
        boolean grown = refreshSizes(mapped(newest).keySet());
        if (grown || newest.epoch() != appliedEpoch || problem != null) {
            reconcile(newest, false);
        }
        return appliedEpoch >= config.epoch() && problem == null;
    }

    private boolean waitFor(long epoch, long deadline) throws InterruptedException {
        synchronized (epochReached) {
            while (appliedEpoch < epoch) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(epochReached, left);
            }
            return true;
        }
    }

    private void reached(long epoch) {
        synchronized (epochReached) {
            appliedEpoch = epoch;
            epochReached.notifyAll();
        }
    }

    /** How many configfs operations the last successful reconcile made; 0 when LIO already matched. */
    int lastOperations() {
        return lastOperations;
    }

    /** Why this gateway's LIO could not be brought to the last epoch, until a reconcile succeeds. */
    java.util.Optional<String> problem() {
        return java.util.Optional.ofNullable(problem);
    }

    private void restore() {
        try {
            offer(store.current());
        } catch (RuntimeException e) {
            // the store announces the configuration once it can be read; we reconcile then
            LOG.warn("LIO restore waits for the shared configuration: {}", e.getMessage());
        }
    }

    /** Keeps only the newest configuration waiting; one reconcile runs at a time. */
    private void offer(GatewayConfig config) {
        GatewayConfig previous = pending.getAndSet(config);
        if (previous == null) {
            worker.execute(this::reconcileNewest);
        }
    }

    private void reconcileNewest() {
        GatewayConfig config = pending.getAndSet(null);
        if (config == null || config.epoch() == appliedEpoch) {
            return;
        }
        reconcile(config, false);
    }

    /** Compares LIO with the desired state of the newest configuration, whatever changed or not. */
    private void fullReconcile() {
        if (lastConfig != null && pending.get() == null) {
            reconcile(lastConfig, true);
        }
    }

    /**
     * Brings LIO to {@code config}. A new epoch is planned from what this gateway last wrote (configfs is not read:
     * at thousands of objects that read is most of a change's latency); LIO itself is read and compared at start,
     * when {@code full} is asked, and when the last comparison is older than {@code fullEvery}, which finds drift
     * (e.g. targetcli) and recovers from an apply that stopped. When this gateway's desired LIO is the one it was
     * last made equal to (a change that does not concern it, e.g. a new disk not mapped yet), nothing is planned.
     */
    private void reconcile(GatewayConfig config, boolean full) {
        try {
            if (engine == null) {
                engine = new LioEngine(LioRoot.of(settings));
            }
            long start = System.nanoTime();
            boolean compare = full || lastDesired == null || start - lastFullNanos >= fullEvery.toNanos();
            Map<ImageId, Long> sizes = imageSizes(config, compare);
            long sized = System.nanoTime();
            LioState desired = desired(config, sizes);
            GatewayConfig previous = lastConfig;
            lastConfig = config;
            if (!compare && desired.equals(lastDesired) && onlyEpochChanged(previous, config)
                    && refreshSizes(mapped(config).keySet())) {
                // a commit that changed nothing but the epoch: a resize in the second of its disk's last stamp
                desired = desired(config, sizes);
            }
            if (!compare && desired.equals(lastDesired)) {
                lastOperations = 0;
                reached(config.epoch());
                worker.execute(this::prefetchSizes);
                LOG.debug("LIO of gateway {} is at epoch {} (nothing of it changed)", name, config.epoch());
                return;
            }
            long derived = System.nanoTime();
            LioPlan plan = compare ? engine.plan(desired) : engine.planChange(desired);
            long planned = System.nanoTime();
            ApplyResult result = engine.apply(plan);
            result.orThrow();
            logGrown(plan);
            lastDesired = desired;
            if (compare) {
                lastFullNanos = start;
            }
            lastOperations = result.applied();
            problem = null;
            reached(config.epoch());
            worker.execute(this::prefetchSizes);
            if (!full || result.applied() > 0) {
                long end = System.nanoTime();
                LOG.info("LIO of gateway {} is at epoch {} ({} operations, {} ms: image sizes {}, desired state {}, "
                                + "plan {}{}, apply {})", name, config.epoch(), result.applied(), ms(end - start),
                        ms(sized - start), ms(derived - sized), ms(planned - derived),
                        compare ? " reading LIO" : "", ms(end - planned));
            }
        } catch (RuntimeException | IOException e) {
            lastDesired = null; // compare with LIO again next time
            memo.clear();
            problem = "LIO could not reach epoch " + config.epoch() + ": " + e.getMessage();
            // the next epoch, or the next start, converges from wherever this stopped
            LOG.error("LIO of gateway {} could not reach epoch {}: {}", name, config.epoch(), e.getMessage());
        }
    }

    /** this gateway's desired LIO for {@code config} with the image sizes known */
    private LioState desired(GatewayConfig config, Map<ImageId, Long> sizes) {
        ChapCipher chap = ChapCipher.of(settings);
        Map<String, String> decrypted = new HashMap<>();
        LioState desired = DesiredLio.of(config, name, new DesiredLio.Options(settings,
                disk -> {
                    Long size = sizes.get(new ImageId(disk.pool(), disk.image()));
                    return size == null ? -1 : size;
                }, stored -> decrypted.computeIfAbsent(stored, s -> {
                    String known = plainPasswords.get(s);
                    return known != null ? known : chap.decrypt("password", s);
                }), LocalGateway::undecryptable), memo);
        plainPasswords = decrypted; // only those still in use
        return desired;
    }

    /**
     * Whether {@code config} is a later epoch with the same disks and targets as {@code previous}. A resize commits
     * the disk's {@code updated} stamp, which has whole seconds: a resize in the second of the stamp before changes
     * nothing else. Asked only when an epoch leaves this gateway's desired LIO as it was (a deep comparison: ~1.5 ms
     * at 1,000 disks and 512 hosts).
     */
    private static boolean onlyEpochChanged(GatewayConfig previous, GatewayConfig config) {
        return previous != null && previous.epoch() != config.epoch() && previous.disks().equals(config.disks())
                && previous.targets().equals(config.targets());
    }

    /** names each backstore a plan grew (a resize), as upstream's "Resizing ... in LIO" */
    private void logGrown(LioPlan plan) {
        for (io.cephiscsi.lio.LioOp op : plan.ops()) {
            if (op.kind() == io.cephiscsi.lio.LioOp.Kind.WRITE && op.path().endsWith("/attrib/dev_size")) {
                String so = op.path().substring(0, op.path().length() - "/attrib/dev_size".length());
                LOG.info("LIO of gateway {}: {} resized to {} bytes", name, so.substring(so.lastIndexOf('/') + 1),
                        op.value());
            }
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** upstream halts the gateway here; only this CHAP is left as LIO has it, never a password in the log */
    private static void undecryptable(String iqn, RuntimeException error) {
        String reason = error instanceof ChapCipherException e ? e.getMessage() + " (" + e.reason() + ")"
                : error.getMessage();
        LOG.error("Unable to decode password for {}. CHAP error: {}; its CHAP in LIO is left unchanged", iqn, reason);
    }

    /**
     * Sizes of the images of every disk a target maps: a new backstore's {@code dev_size}, and the size an existing
     * one grows to (a resize). A size once known is kept (on the reconcile thread only) and only images not seen yet
     * are looked up, in one bulk call, except: a resize commits the disk's {@code updated} stamp, so a disk whose
     * entry changed has its image read again when the change reaches this gateway (a resize in the second of the
     * stamp before changes nothing but the epoch: {@link #onlyEpochChanged}); and when LIO is read and compared
     * ({@code all}: the restore, the periodic full reconcile) every mapped image is read again, so an
     * {@code rbd resize} made outside the gateways reaches LIO then. Disks that leave the configuration leave the
     * cache, so a re-created image is looked up again.
     */
    private Map<ImageId, Long> imageSizes(GatewayConfig config, boolean all) {
        Map<ImageId, DiskConfig> entries = mapped(config);
        entries.forEach((id, disk) -> {
            DiskConfig before = sizedEntries.get(id);
            if (before != null && before != disk && !before.equals(disk)) {
                knownSizes.remove(id); // changed (e.g. resized): read again
            }
        });
        sizedEntries = entries;
        knownSizes.keySet().retainAll(images(config));
        if (all) {
            refreshSizes(entries.keySet()); // every mapped image read: a lookup after it would only ask again
        } else {
            lookUpSizes(entries.keySet());
        }
        return knownSizes;
    }

    /** reads the sizes of {@code wanted} again (on failure the known ones stay); whether one of them changed */
    private boolean refreshSizes(Set<ImageId> wanted) {
        ImageService service = images;
        if (service == null || wanted.isEmpty()) {
            return false;
        }
        try {
            boolean changed = false;
            for (Map.Entry<ImageId, Long> e : service.sizes(wanted).entrySet()) {
                changed |= !e.getValue().equals(knownSizes.put(e.getKey(), e.getValue()));
            }
            return changed;
        } catch (RuntimeException e) {
            LOG.warn("image sizes unavailable, backstores keep the sizes known: {}", e.getMessage());
            return false;
        }
    }

    /** the images of the disks the targets map, with their disk entries */
    private static Map<ImageId, DiskConfig> mapped(GatewayConfig config) {
        Map<ImageId, DiskConfig> mapped = new HashMap<>();
        for (TargetConfig target : config.targets().values()) {
            for (String diskId : target.disks().keySet()) {
                DiskConfig disk = config.disks().get(diskId);
                if (disk != null) {
                    mapped.put(new ImageId(disk.pool(), disk.image()), disk);
                }
            }
        }
        return mapped;
    }

    private static Set<ImageId> images(GatewayConfig config) {
        Set<ImageId> all = new HashSet<>();
        config.disks().values().forEach(disk -> all.add(new ImageId(disk.pool(), disk.image())));
        return all;
    }

    private void lookUpSizes(Set<ImageId> wanted) {
        Set<ImageId> unknown = new HashSet<>(wanted);
        unknown.removeAll(knownSizes.keySet());
        ImageService service = images;
        if (service != null && !unknown.isEmpty()) {
            try {
                knownSizes.putAll(service.sizes(unknown));
            } catch (RuntimeException e) {
                LOG.warn("image sizes unavailable, new backstores get none: {}", e.getMessage());
            }
        }
    }

    /**
     * After an epoch is in LIO: the sizes of disks not mapped yet, so that mapping one (usually the next request
     * after creating it) does not wait for an image lookup. Runs on the reconcile thread, behind any newer epoch;
     * each image is tried once (a missing one is not looked up again at every epoch).
     */
    private void prefetchSizes() {
        GatewayConfig config = lastConfig;
        if (config == null || pending.get() != null) {
            return;
        }
        Set<ImageId> fresh = images(config);
        prefetched.retainAll(fresh);
        fresh.removeAll(prefetched);
        fresh.removeAll(knownSizes.keySet());
        prefetched.addAll(fresh);
        lookUpSizes(fresh);
    }

    @Deactivate
    void stop() throws Exception {
        subscription.close();
        worker.shutdownNow(); // LIO stays as it is
    }
}
