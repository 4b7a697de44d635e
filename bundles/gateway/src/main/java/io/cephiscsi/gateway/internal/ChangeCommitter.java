package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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

    private final Supplier<ConfigStore> store;
    private final Supplier<String> localName;
    private final LongSupplier localEpoch;
    private final Supplier<PeerClient> peers;
    private final Duration wait;

    /**
     * @param localEpoch the epoch this gateway's LIO is at, -1 when it has none (no LocalGateway)
     * @param peers      gives null when no peer can be called (e.g. settings without an API password)
     */
    ChangeCommitter(Supplier<ConfigStore> store, Supplier<String> localName, LongSupplier localEpoch, Supplier<PeerClient> peers,
                    Duration wait) {
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
     * @throws GatewayException 503 when the configuration cannot be written now
     */
    ChangeResult commit(String message, ConfigTransaction transaction) {
        ConfigStore current = store.get();
        if (current == null) {
            throw new GatewayException(503, "the shared configuration is not available (see gwcli info and the log)");
        }
        GatewayConfig committed;
        try {
            committed = current.update(transaction);
        } catch (ConfigUnavailableException e) {
            throw new GatewayException(e.status(), e.getMessage(), e);
        }
        return new ChangeResult(message, committed.epoch(), awaitGateways(committed));
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

    private List<String> awaitGateways(GatewayConfig committed) {
        Map<String, String> pending = portalGateways(committed);
        List<String> unreachable = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        PeerClient client = peers.get();
        while (!pending.isEmpty()) {
            pending.entrySet().removeIf(gateway -> {
                try {
                    return reached(gateway.getKey(), gateway.getValue(), committed.epoch(), client, deadline);
                } catch (IOException e) {
                    unreachable.add(gateway.getKey()); // down: asking again would only add timeouts
                    return true;
                }
            });
            if (pending.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> catchingUp = new ArrayList<>(pending.keySet());
        catchingUp.addAll(unreachable);
        catchingUp.sort(null);
        return catchingUp;
    }

    private boolean reached(String gateway, String address, long epoch, PeerClient client, long deadline)
            throws IOException {
        if (gateway.equals(localName.get())) {
            return localEpoch.getAsLong() >= epoch;
        }
        if (client == null) {
            return false;
        }
        // a peer that is down must not hold the reply longer than the wait itself
        long left = Math.max(deadline - System.nanoTime(), Duration.ofMillis(100).toNanos());
        PeerClient.Reply reply = client.get(address, "/_status", Duration.ofNanos(Math.min(left,
                Duration.ofSeconds(1).toNanos())));
        Object applied = reply.body().get("applied_epoch");
        return reply.status() == 200 && applied instanceof Number n && n.longValue() >= epoch;
    }
}
