package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.config.ConfigUnavailableException;
import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.PortalConfig;
import io.cephiscsi.model.TargetConfig;

/**
 * Commits a change once and then waits, briefly, for the gateways that serve a target to report that epoch in their
 * LIO (this one in process, the others through {@code GET /api/_status}). Gateways that do not confirm in time are
 * named in the reply; they reconcile by themselves when they see the epoch, or at their next start.
 */
final class ChangeCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeCommitter.class);

    private final Supplier<ConfigStore> store;
    private final Supplier<String> localName;
    private final EpochWait localEpoch;

    /** waits until this gateway's LIO is at an epoch; false when it is not within the wait */
    @FunctionalInterface
    interface EpochWait {
        boolean await(long epoch, Duration wait) throws InterruptedException;
    }
    /** The live gateways of a configuration that run ceph-iscsi (upstream), which cannot follow a change made here. */
    @FunctionalInterface
    interface CephIscsiGateways {
        List<String> live(GatewayConfig config);
    }

    private final Supplier<PeerClient> peers;
    private final Duration wait;
    private final CephIscsiGateways cephIscsiGateways;

    /**
     * @param localEpoch waits for this gateway's LIO to reach an epoch (false at once when it has no LIO)
     * @param peers      gives null when no peer can be called (e.g. settings without an API password)
     */
    ChangeCommitter(Supplier<ConfigStore> store, Supplier<String> localName, EpochWait localEpoch, Supplier<PeerClient> peers,
                    Duration wait) {
        this(store, localName, localEpoch, peers, wait, config -> List.of());
    }

    /** @param cephIscsiGateways while it names any, every change is refused (they would not apply it) */
    ChangeCommitter(Supplier<ConfigStore> store, Supplier<String> localName, EpochWait localEpoch, Supplier<PeerClient> peers,
                    Duration wait, CephIscsiGateways cephIscsiGateways) {
        this.cephIscsiGateways = cephIscsiGateways;
        this.store = store;
        this.localName = localName;
        this.localEpoch = localEpoch;
        this.peers = peers;
        this.wait = wait;
    }

    ChangeResult commit(String message, ConfigChange... changes) {
        return commit(message, ConfigTransaction.of(changes));
    }

    /**
     * @throws io.cephiscsi.model.ConfigException when the transaction does not fit the current configuration
     * @throws GatewayException 503 when the configuration cannot be written now, or while a ceph-iscsi gateway of
     *                          it runs (it applies a change only when its own API makes it: see {@link PeerLiveness})
     */
    ChangeResult commit(String message, ConfigTransaction transaction) {
        ConfigStore current = available();
        refuseWhileCephIscsiRuns(current);
        long start = System.nanoTime();
        GatewayConfig committed = update(current, transaction);
        long written = System.nanoTime();
        return committed(message, committed, start, written, awaitGateways(committed));
    }

    /**
     * A change a ceph-iscsi gateway's fan-out call has this gateway commit itself, as upstream's gateways do (its
     * part of a target delete): made while ceph-iscsi gateways run, since the change is theirs, and waiting for this
     * gateway's LIO only, since each gateway of the call makes and applies its own part.
     */
    ChangeResult commitForCephIscsi(String message, ConfigTransaction transaction) throws InterruptedException {
        ConfigStore current = available();
        long start = System.nanoTime();
        GatewayConfig committed = update(current, transaction);
        long written = System.nanoTime();
        List<String> catchingUp = localEpoch.await(committed.epoch(), wait) ? List.of() : List.of(localName.get());
        return committed(message, committed, start, written, catchingUp);
    }

    private ConfigStore available() {
        ConfigStore current = store.get();
        if (current == null) {
            throw new GatewayException(503, "the shared configuration is not available (see gwcli info and the log)");
        }
        return current;
    }

    private static GatewayConfig update(ConfigStore current, ConfigTransaction transaction) {
        try {
            return current.update(transaction);
        } catch (ConfigUnavailableException e) {
            throw new GatewayException(e.status(), e.getMessage(), e);
        }
    }

    private static ChangeResult committed(String message, GatewayConfig committed, long start, long written,
                                          List<String> catchingUp) {
        long end = System.nanoTime();
        LOG.info("epoch {} committed in {} ms ({}); gateways' LIO at it {} ms later{}", committed.epoch(),
                (written - start) / 1_000_000, message, (end - written) / 1_000_000,
                catchingUp.isEmpty() ? "" : ", catching up: " + catchingUp);
        return new ChangeResult(message, committed.epoch(), catchingUp);
    }

    /**
     * Refuses a change while a gateway of the configuration runs ceph-iscsi: it applies a change to its LIO only when
     * its own API makes it, so one committed here would reach it only at its restart. Operations that change RBD
     * before they commit call it first, so that a refusal leaves nothing changed.
     *
     * @throws GatewayException 503 naming the gateways
     */
    void refuseWhileCephIscsiRuns() {
        ConfigStore current = store.get();
        if (current != null) {
            refuseWhileCephIscsiRuns(current);
        }
    }

    private void refuseWhileCephIscsiRuns(ConfigStore current) {
        List<String> cephIscsi = cephIscsiGateways.live(current.current());
        if (!cephIscsi.isEmpty()) {
            String named = String.join(", ", cephIscsi);
            boolean one = cephIscsi.size() == 1;
            throw new GatewayException(503, "nothing changed: gateway " + named + (one ? " runs" : " run")
                    + " ceph-iscsi, which applies a change to its LIO only when its own API makes it; make this "
                    + "change through the API of " + named + " (its gwcli or the Dashboard), or finish migrating "
                    + (one ? "it" : "them") + " to ceph-iscsi-karaf");
        }
    }

    /** The gateways serving any target, with the first portal IP each is reached at, by name. */
    static Map<String, String> portalGateways(GatewayConfig config) {
        Map<String, String> gateways = new TreeMap<>();
        for (TargetConfig target : config.targets().values()) {
            for (Map.Entry<String, PortalConfig> portal : target.portals().entrySet()) {
                List<String> ips = portal.getValue().portalIpAddresses();
                gateways.putIfAbsent(portal.getKey(), ips.isEmpty() ? portal.getKey() : ips.get(0));
            }
        }
        return gateways;
    }

    /**
     * Waits for every portal gateway at once: this one in process, each peer with one long-polling
     * {@code GET /api/_status?epoch=N&wait_ms=M} (its reply comes when its LIO is at the epoch); a peer that answers
     * early without the epoch (an older appliance) is asked again every 20 ms. Down peers fail fast (connect).
     */
    private List<String> awaitGateways(GatewayConfig committed) {
        long epoch = committed.epoch();
        long deadline = System.nanoTime() + wait.toNanos();
        PeerClient client = null; // built only when there is a peer: a lone gateway never needs an HTTP client
        Map<String, CompletableFuture<Boolean>> answers = new TreeMap<>();
        String local = null;
        for (Map.Entry<String, String> gateway : portalGateways(committed).entrySet()) {
            if (gateway.getKey().equals(localName.get())) {
                local = gateway.getKey();
            } else {
                if (client == null) {
                    client = peers.get();
                }
                PeerClient peerClient = client;
                answers.put(gateway.getKey(), peerClient == null ? CompletableFuture.completedFuture(false)
                        : CompletableFuture.supplyAsync(() -> peerReached(peerClient, gateway.getValue(), epoch,
                        deadline), peerWaits));
            }
        }
        List<String> catchingUp = new ArrayList<>();
        boolean interrupted = false;
        try {
            if (local != null
                    && !localEpoch.await(epoch, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                catchingUp.add(local);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            catchingUp.add(local);
        }
        for (Map.Entry<String, CompletableFuture<Boolean>> peer : answers.entrySet()) {
            boolean reached = false;
            if (!interrupted) {
                try {
                    long left = Math.max(0, deadline - System.nanoTime()) + GRACE.toNanos();
                    reached = peer.getValue().get(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | TimeoutException e) {
                    // a wait that failed or overran: named like any other gateway that did not confirm
                }
            }
            if (!reached) {
                peer.getValue().cancel(true);
                catchingUp.add(peer.getKey());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        catchingUp.sort(null);
        return catchingUp;
    }

    /** how long past the deadline a peer's reply may still be read (its own wait ends at the deadline) */
    private static final Duration GRACE = Duration.ofMillis(250);

    /** waits on peers run here: a few at a time, threads that end when idle */
    private final ExecutorService peerWaits = new ThreadPoolExecutor(0, 16, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "peer-epoch-wait");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    /** true once the peer reports {@code epoch}; false when it does not before the deadline or cannot be reached */
    private static boolean peerReached(PeerClient client, String address, long epoch, long deadline) {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long asked = System.nanoTime();
            long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
            PeerClient.Reply reply;
            try {
                // the peer holds the reply until its LIO is at the epoch or waitMillis passed
                reply = client.get(address, "/_status?epoch=" + epoch + "&wait_ms=" + waitMillis,
                        Duration.ofNanos(left).plus(GRACE));
            } catch (IOException e) {
                return false; // down: asking again would only add timeouts
            }
            Object applied = reply.body().get("applied_epoch");
            if (reply.status() == 200 && applied instanceof Number n && n.longValue() >= epoch) {
                return true;
            }
            if (reply.status() != 200) {
                return false;
            }
            if (System.nanoTime() - asked < TimeUnit.MILLISECONDS.toNanos(waitMillis) / 2) {
                try {
                    Thread.sleep(20); // it answered at once: a peer that does not wait
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
