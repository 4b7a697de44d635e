package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which gateways answer, for gwcli's tree ({@code UP}/{@code DOWN} as upstream's gwcli shows them): this gateway is
 * up; each other one is asked {@code GET /api/_status} at its first portal IP, all at once, each within a short
 * timeout, and its answer is remembered for a little while, so that a tree shown again at once asks nobody and a
 * gateway that is down costs one timeout per {@code remember}. Without a peer client (no API password: no peer can
 * be asked) the others are {@code UNKNOWN}.
 *
 * <p>A peer's change of state is an event, logged once when an answer shows it (not on every probe): the first
 * answer of each peer, then every change between {@code UP} and {@code DOWN} ({@code log:tail} shows them).
 */
final class PeerLiveness {

    private static final Logger LOG = LoggerFactory.getLogger(PeerLiveness.class);

    enum State { UP, DOWN, UNKNOWN }

    /** Told each time a peer's answer differs from the one before (or is its first). */
    interface Transitions {
        /** @param before null at the peer's first answer */
        void changed(String gateway, String address, State before, State now);
    }

    private record Seen(String address, State state, long at) {
    }

    private final Supplier<PeerClient> peers;
    private final Duration timeout;
    private final Duration remember;
    private final Transitions transitions;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    /** @param peers gives null when no peer can be asked */
    PeerLiveness(Supplier<PeerClient> peers, Duration timeout, Duration remember) {
        this(peers, timeout, remember, PeerLiveness::log);
    }

    PeerLiveness(Supplier<PeerClient> peers, Duration timeout, Duration remember, Transitions transitions) {
        this.peers = peers;
        this.timeout = timeout;
        this.remember = remember;
        this.transitions = transitions;
    }

    /** The log line of a peer's change of state. */
    static String describe(String gateway, String address, State before, State now) {
        if (now == State.UP) {
            return before == null ? "gateway " + gateway + " (" + address + ") is UP: its API answers"
                    : "gateway " + gateway + " (" + address + ") is UP again: its API answers (it was " + before + ")";
        }
        return "gateway " + gateway + " (" + address + ") is " + now + ": its API does not answer"
                + (before == null ? "" : " (it was " + before + ")");
    }

    private static void log(String gateway, String address, State before, State now) {
        if (now == State.UP) {
            LOG.info(describe(gateway, address, before, now));
        } else {
            LOG.warn(describe(gateway, address, before, now));
        }
    }

    /**
     * @param gateways each gateway's name and the address it is reached at
     * @param local    this gateway's name
     * @return each gateway's state, by name, in the order given
     */
    Map<String, State> states(Map<String, String> gateways, String local) {
        Map<String, State> states = new LinkedHashMap<>();
        Map<String, CompletableFuture<State>> asked = new LinkedHashMap<>();
        PeerClient client = null; // built only when there is a peer: a lone gateway never needs an HTTP client
        boolean clientAsked = false;
        long now = System.nanoTime();
        for (Map.Entry<String, String> gateway : gateways.entrySet()) {
            String name = gateway.getKey();
            String address = gateway.getValue();
            Seen last = seen.get(name);
            if (!name.equals(local) && !clientAsked) {
                client = peers.get();
                clientAsked = true;
            }
            if (name.equals(local)) {
                states.put(name, State.UP);
            } else if (client == null) {
                states.put(name, State.UNKNOWN);
            } else if (last != null && last.address().equals(address) && now - last.at() < remember.toNanos()) {
                states.put(name, last.state());
            } else {
                states.put(name, State.UNKNOWN); // its place in the order; the answer follows
                asked.put(name, ask(client, name, address));
            }
        }
        long deadline = now + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(200);
        asked.forEach((name, answer) -> {
            State state = await(answer, deadline);
            // put answers the answer before atomically: of two probes that see the same change, one reports it
            Seen before = seen.put(name, new Seen(gateways.get(name), state, System.nanoTime()));
            if (before == null || before.state() != state) {
                transitions.changed(name, gateways.get(name), before == null ? null : before.state(), state);
            }
            states.put(name, state);
        });
        return states;
    }

    /** Asks one peer on a thread of its own, so that every peer's timeout runs at the same time. */
    private CompletableFuture<State> ask(PeerClient client, String name, String address) {
        CompletableFuture<State> answer = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                answer.complete(client.get(address, "/_status", timeout).status() == 200 ? State.UP : State.DOWN);
            } catch (IOException | RuntimeException e) {
                answer.complete(State.DOWN);
            }
        }, "gateway liveness " + name);
        thread.setDaemon(true);
        thread.start();
        return answer;
    }

    private static State await(CompletableFuture<State> answer, long deadline) {
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return State.DOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return State.DOWN;
        }
    }
}
