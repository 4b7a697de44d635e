package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>A peer without {@code _status} (see {@link #isCephIscsi}) is a ceph-iscsi gateway (upstream's {@code rbd-target-api}, in a cluster
 * being migrated): it is asked {@code GET /api/_ping} as upstream's gwcli asks it (200 up, anything else down), and
 * remembered as such: it only applies a change through upstream's own fan-out calls, never by itself.
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

    /**
     * One answer: the peer's state, and whether its API answered as a ceph-iscsi gateway's (no {@code _status}),
     * whatever its {@code _ping} said (503 while its iSCSI port is down, 403 when this gateway is not in its
     * {@code trusted_ip_list}): its API runs.
     */
    private record Answer(State state, boolean cephIscsi) {
    }

    private record Seen(String address, Answer answer, long at) {
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
        answers(gateways, local).forEach((name, answer) -> states.put(name, answer.state()));
        return states;
    }

    /**
     * The gateways among {@code gateways} whose API answers as a ceph-iscsi gateway's (upstream's, no
     * {@code _status}): they would not apply a change committed by this one until they restart.
     */
    List<String> liveCephIscsiGateways(Map<String, String> gateways, String local) {
        List<String> live = new ArrayList<>();
        answers(gateways, local).forEach((name, answer) -> {
            if (answer.cephIscsi()) {
                live.add(name);
            }
        });
        return live;
    }

    private Map<String, Answer> answers(Map<String, String> gateways, String local) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        Map<String, CompletableFuture<Answer>> asked = new LinkedHashMap<>();
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
                answers.put(name, new Answer(State.UP, false));
            } else if (client == null) {
                answers.put(name, UNKNOWN);
            } else if (last != null && last.address().equals(address) && now - last.at() < remember.toNanos()) {
                answers.put(name, last.answer());
            } else {
                answers.put(name, UNKNOWN); // its place in the order; the answer follows
                asked.put(name, ask(client, name, address));
            }
        }
        long deadline = now + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(200);
        asked.forEach((name, pending) -> {
            Answer answer = await(pending, deadline);
            // put answers the answer before atomically: of two probes that see the same change, one reports it
            Seen before = seen.put(name, new Seen(gateways.get(name), answer, System.nanoTime()));
            if (before == null || before.answer().state() != answer.state()) {
                transitions.changed(name, gateways.get(name), before == null ? null : before.answer().state(),
                        answer.state());
            }
            if (answer.cephIscsi() && (before == null || !before.answer().cephIscsi())) {
                LOG.warn("gateway {} ({}) runs ceph-iscsi (its API has no /api/_status): changes are refused here "
                        + "while it is up, make them through its API or finish migrating it", name,
                        gateways.get(name));
            }
            answers.put(name, answer);
        });
        return answers;
    }

    private static final Answer UNKNOWN = new Answer(State.UNKNOWN, false);
    private static final Answer DOWN = new Answer(State.DOWN, false);

    /** Asks one peer on a thread of its own, so that every peer's timeout runs at the same time. */
    private CompletableFuture<Answer> ask(PeerClient client, String name, String address) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                PeerClient.Reply status = client.get(address, "/_status", timeout);
                if (isCephIscsi(status)) {
                    // upstream's API: up when its _ping says so, as upstream's gwcli decides
                    boolean up = client.get(address, "/_ping", timeout).status() == 200;
                    answer.complete(new Answer(up ? State.UP : State.DOWN, true));
                } else {
                    answer.complete(status.status() == 200 ? new Answer(State.UP, false) : DOWN);
                }
            } catch (IOException | RuntimeException e) {
                answer.complete(DOWN);
            }
        }, "gateway liveness " + name);
        thread.setDaemon(true);
        thread.start();
        return answer;
    }

    /**
     * Whether a reply to {@code GET /api/_status} comes from upstream's API, which has no such route: its Flask app
     * answers 404, wrapped by its catch-all error handler into a 500 whose message names the 404 (as ceph-iscsi
     * 3.5's rbd-target-api answers on a real gateway).
     */
    static boolean isCephIscsi(PeerClient.Reply reply) {
        return reply.status() == 404
                || reply.status() == 500 && reply.message().startsWith("Unhandled exception: 404 Not Found");
    }

    private static Answer await(CompletableFuture<Answer> answer, long deadline) {
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return DOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DOWN;
        }
    }
}
