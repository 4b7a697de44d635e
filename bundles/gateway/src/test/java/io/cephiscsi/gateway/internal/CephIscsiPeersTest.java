package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Before;
import org.junit.Test;

import com.sun.net.httpserver.HttpExchange;

import io.cephiscsi.gateway.DiskRequest;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.model.GatewaySettings;

/**
 * A target being migrated from ceph-iscsi: one of its gateways still runs upstream's API, played by the fixture's
 * HTTP server on 127.0.0.1 answering as upstream's API does (no {@code _status}: its catch-all 500 naming the 404;
 * {@code _ping}: "pong").
 * Such a gateway applies a change only when its own API fans it out, so a change made here is refused, naming it,
 * and leaves the configuration and the pool as they were; the tree shows it as upstream's gwcli would.
 */
public class CephIscsiPeersTest extends TargetOperationsFixture {

    private int pingStatus = 200;
    private boolean appliance;
    private DiskOperations disks;
    private TargetOperations targets;
    private PeerLiveness liveness;

    @Before
    public void upstreamPeer() {
        peer.createContext("/api/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/_ping")) {
                answer(exchange, pingStatus, "{\"message\":\"pong\"}");
            } else if (path.equals("/api/_status") && appliance) {
                answer(exchange, 200, "{\"gateway\":\"" + GW2 + "\",\"applied_epoch\":1,\"problems\":[]}");
            } else { // what ceph-iscsi 3.5's rbd-target-api answers for a route it has not (seen in the QEMU lab)
                answer(exchange, 500, "{\"message\":\"Unhandled exception: 404 Not Found: The requested URL was not "
                        + "found on the server. If you entered the URL manually please check your spelling and try "
                        + "again.\"}\n");
            }
        });
        operations.createTarget(IQN, Map.of());
        operations.addGateway(IQN, LOCAL, List.of("10.0.0.1"), true);
        operations.addGateway(IQN, GW2, List.of("127.0.0.1"), true);

        GatewaySettings settings = settings(1);
        PeerClient client = new PeerClient(settings, List.of(), Duration.ofSeconds(2));
        liveness = new PeerLiveness(() -> client, Duration.ofSeconds(2), Duration.ZERO);
        ChangeCommitter committer = new ChangeCommitter(() -> store, () -> LOCAL, (epoch, wait) -> true,
                () -> client, Duration.ofMillis(200),
                config -> liveness.liveCephIscsiGateways(ChangeCommitter.portalGateways(config), LOCAL));
        AdminContext context = new AdminContext(GatewayAdminReadTest.settings(settings), () -> LOCAL,
                new ConfigQueries(() -> store), () -> images, () -> null, new LocalHost(), committer);
        disks = new DiskOperations(context);
        targets = new TargetOperations(context);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static DiskRequest diskRequest(String image) {
        return new DiskRequest("rbd", image, Optional.of("1G"), 1, DiskRequest.DEFAULT_BACKSTORE, Optional.empty(),
                true, Map.of());
    }

    private void refusedNamingGw2(Runnable change) {
        long epoch = config().epoch();
        GatewayException refused = assertThrows(GatewayException.class, change::run);
        assertEquals(503, refused.status());
        assertEquals("nothing changed: gateway " + GW2 + " runs ceph-iscsi, which applies a change to its LIO only "
                + "when its own API makes it; make this change through the API of " + GW2 + " (its gwcli or the "
                + "Dashboard), or finish migrating it to ceph-iscsi-karaf", refused.getMessage());
        assertEquals("nothing committed", epoch, config().epoch());
    }

    @Test
    public void aChangeIsRefusedWhileAGatewayRunsCephIscsiAndChangesNothing() {
        refusedNamingGw2(() -> disks.createDisks(diskRequest("mixed_1")));
        assertFalse("no image left behind", images.list("rbd").contains("mixed_1"));
        refusedNamingGw2(() -> targets.createTarget(OTHER, Map.of()));

        pingStatus = 503; // upstream's answer while its iSCSI port is down: its API still runs
        refusedNamingGw2(() -> disks.createDisks(diskRequest("mixed_1")));
        assertEquals("shown DOWN, as upstream's gwcli shows it", PeerLiveness.State.DOWN,
                liveness.states(ChangeCommitter.portalGateways(config()), LOCAL).get(GW2));
    }

    @Test
    public void upstreamsGwcliStateIsShownAndAChangeGoesThroughOnceThePeerIsAnAppliance() {
        assertEquals(Map.of(LOCAL, PeerLiveness.State.UP, GW2, PeerLiveness.State.UP),
                liveness.states(ChangeCommitter.portalGateways(config()), LOCAL));

        appliance = true; // gw2 migrated
        long epoch = config().epoch();
        disks.createDisks(diskRequest("mixed_2"));
        assertEquals(epoch + 1, config().epoch());
        assertTrue(config().disks().containsKey("rbd/mixed_2"));
    }

    @Test
    public void aGatewayThatIsDownDoesNotBlockChanges() {
        peer.stop(0); // down: whatever it runs, it rebuilds its LIO from the configuration when it starts
        disks.createDisks(diskRequest("mixed_3"));
        assertTrue(config().disks().containsKey("rbd/mixed_3"));
    }
}
