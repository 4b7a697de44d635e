package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.sun.net.httpserver.HttpServer;

import io.cephiscsi.gateway.internal.PeerLiveness.State;
import io.cephiscsi.model.GatewaySettings;

/**
 * Gateways' liveness for the tree, asked with the real peer client over HTTP on the loopback: a peer's API on
 * 127.0.0.1 answers {@code _status}, nothing listens on 127.0.0.2, and 127.0.0.3 accepts connections but never
 * answers (all on the one API port, as gateways share it).
 */
public class PeerLivenessTest {

    private HttpServer peer;
    private ServerSocket silent;
    private final AtomicInteger asked = new AtomicInteger();
    private PeerClient client;

    @Before
    public void setUp() throws Exception {
        startPeer(0);
        int port = peer.getAddress().getPort();
        silent = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.3"));
        GatewaySettings settings = GatewaySettings.of(Map.of(), Map.of("gateway_name", "gw1", "api_secure", false,
                "api_port", port, "api_password", "peerpassword1"), p -> false);
        client = new PeerClient(settings, List.of(), Duration.ofSeconds(5));
    }

    private void startPeer(int port) throws Exception {
        peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        peer.createContext("/api/_status", exchange -> {
            asked.incrementAndGet();
            byte[] body = "{\"name\":\"gw2\",\"applied_epoch\":3}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        peer.start();
    }

    @After
    public void tearDown() throws Exception {
        peer.stop(0);
        silent.close();
    }

    private static Map<String, String> gateways(String... nameAndAddress) {
        Map<String, String> gateways = new LinkedHashMap<>();
        for (int i = 0; i < nameAndAddress.length; i += 2) {
            gateways.put(nameAndAddress[i], nameAndAddress[i + 1]);
        }
        return gateways;
    }

    @Test
    public void thisGatewayIsUpAPeerThatAnswersIsUpOneThatDoesNotIsDown() {
        PeerLiveness liveness = new PeerLiveness(() -> client, Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertEquals(Map.of("gw1", State.UP, "gw2", State.UP, "gw3", State.DOWN),
                liveness.states(gateways("gw1", "127.0.0.9", "gw2", "127.0.0.1", "gw3", "127.0.0.2"), "gw1"));
        assertEquals("this gateway is not asked", 1, asked.get());
    }

    @Test
    public void aLoneGatewayIsUpWithoutAPeerClient() {
        AtomicInteger built = new AtomicInteger();
        PeerLiveness liveness = new PeerLiveness(() -> {
            built.incrementAndGet();
            return client;
        }, Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertEquals(Map.of("gw1", State.UP), liveness.states(gateways("gw1", "127.0.0.9"), "gw1"));
        assertEquals("no client is built for no peer", 0, built.get());
        assertEquals(Map.of("gw1", State.UP, "gw2", State.UP),
                liveness.states(gateways("gw1", "127.0.0.9", "gw2", "127.0.0.1"), "gw1"));
        assertEquals(1, built.get());
    }

    @Test
    public void anAnswerIsRememberedBriefly() {
        PeerLiveness liveness = new PeerLiveness(() -> client, Duration.ofSeconds(2), Duration.ofSeconds(30));
        Map<String, String> gateways = gateways("gw1", "127.0.0.9", "gw2", "127.0.0.1");
        assertEquals(State.UP, liveness.states(gateways, "gw1").get("gw2"));
        peer.stop(0);
        assertEquals("remembered: nobody asked", State.UP, liveness.states(gateways, "gw1").get("gw2"));
        assertEquals(1, asked.get());
        // a new address is asked at once; so is every peer when nothing is remembered
        assertEquals(State.DOWN, liveness.states(gateways("gw2", "127.0.0.2"), "gw1").get("gw2"));
        PeerLiveness forgetful = new PeerLiveness(() -> client, Duration.ofSeconds(2), Duration.ZERO);
        assertEquals(State.DOWN, forgetful.states(gateways, "gw1").get("gw2"));
    }

    @Test
    public void silentPeersCostOneShortTimeoutTogether() {
        PeerLiveness liveness = new PeerLiveness(() -> client, Duration.ofMillis(500), Duration.ofSeconds(30));
        long started = System.nanoTime();
        Map<String, State> states = liveness.states(gateways("gw2", "127.0.0.3", "gw3", "127.0.0.3", "gw4",
                "127.0.0.1"), "gw1");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(Map.of("gw2", State.DOWN, "gw3", State.DOWN, "gw4", State.UP), states);
        assertTrue("asked at the same time, within the timeout: " + millis + " ms", millis < 950);
    }

    @Test
    public void aPeerGoingDownAndComingBackIsReportedOncePerChange() throws Exception {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        PeerLiveness liveness = new PeerLiveness(() -> client, Duration.ofSeconds(2), Duration.ZERO,
                (gateway, address, before, now) -> events.add(PeerLiveness.describe(gateway, address, before, now)));
        Map<String, String> gateways = gateways("gw1", "127.0.0.9", "gw2", "127.0.0.1", "gw3", "127.0.0.2");
        int port = peer.getAddress().getPort();
        for (int i = 0; i < 3; i++) { // every probe asks (nothing remembered); only the first answers are events
            liveness.states(gateways, "gw1");
        }
        assertEquals(List.of("gateway gw2 (127.0.0.1) is UP: its API answers",
                "gateway gw3 (127.0.0.2) is DOWN: its API does not answer"), events);
        peer.stop(0);
        for (int i = 0; i < 3; i++) {
            assertEquals(State.DOWN, liveness.states(gateways, "gw1").get("gw2"));
        }
        startPeer(port);
        for (int i = 0; i < 3; i++) {
            assertEquals(State.UP, liveness.states(gateways, "gw1").get("gw2"));
        }
        assertEquals("asked on every probe while it listens", 6, asked.get());
        assertEquals(List.of("gateway gw2 (127.0.0.1) is UP: its API answers",
                "gateway gw3 (127.0.0.2) is DOWN: its API does not answer",
                "gateway gw2 (127.0.0.1) is DOWN: its API does not answer (it was UP)",
                "gateway gw2 (127.0.0.1) is UP again: its API answers (it was DOWN)"), events);
    }

    @Test
    public void withoutAPeerClientPeersAreUnknown() {
        PeerLiveness liveness = new PeerLiveness(() -> null, Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertEquals(Map.of("gw1", State.UP, "gw2", State.UNKNOWN),
                liveness.states(gateways("gw1", "127.0.0.9", "gw2", "127.0.0.1"), "gw1"));
        assertEquals(0, asked.get());
    }
}
