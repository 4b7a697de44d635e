package io.cephiscsi.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.ceph.internal.LibRados;
import io.cephiscsi.ceph.internal.RadosHandle;

/**
 * A disk's device status as upstream's watcher keeps it, end to end: the appliance on the test Ceph polls the
 * service map every second; this test plays tcmu-runner, registering one {@code tcmu-runner} daemon per gateway and
 * disk through librados's own service-map calls with the metadata and status tcmu-runner's rbd handler reports, and
 * checks what an admin sees in {@code GET /api/disk/...} and in gwcli's {@code ls} and {@code info} over SSH.
 */
public class DeviceStatusIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = "devstatus_" + Long.toHexString(System.nanoTime());
    private static final String DISK = "rbd/" + IMAGE;
    private static final String GATEWAY_CONF = "gateway.conf.devstatus-" + UUID.randomUUID();
    /** tcmu-runner's names for itself: the node names of the gateways it runs on. */
    private static final String NODE_1 = "ds-gw-1.example.com";
    private static final String NODE_2 = "ds-gw-2.example.com";

    private static GatewayProcess gw;

    @BeforeClass
    public static void start() throws Exception {
        Path parent = Files.createDirectories(Path.of("target/device-status"));
        gw = GatewayProcess.install(parent, "ds-gw-1", "127.0.0.1", GatewayProcess.freePort(),
                "pw-" + UUID.randomUUID(), Map.of("backend", "ceph", "ceph_conf", TestCluster.conf(),
                        "cluster_client_name", "client.admin", "pool", "rbd", "gateway_conf", GATEWAY_CONF,
                        "api_secure", "false", "minimum_gateways", "1",
                        // upstream's settings, at their quickest: a poll a second, Online again after 2 quiet polls
                        "status_check_interval", "1", "stable_state_reset_count", "1",
                        "lock_lost_cnt_threshhold", "3"));
        gw.authorizeSshKey();
        gw.start();
        gw.awaitSsh();
        gw.ok("PUT", "/api/disk/" + DISK, Map.of("mode", "create", "size", "64M", "pool", "rbd"));
    }

    @AfterClass
    public static void stop() throws Exception {
        try {
            if (gw != null) {
                gw.request("DELETE", "/api/disk/" + DISK, Map.of());
                gw.close();
            }
        } finally {
            new ProcessBuilder("rados", "-c", TestCluster.conf(), "-p", "rbd", "rm", GATEWAY_CONF).start()
                    .waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    public void tcmuRunnersReportsBecomeTheDisksStatusInTheApiAndInGwcli() throws Exception {
        // no tcmu-runner reports on the disk: upstream's answer
        assertEquals(Map.of("state", "Unknown"), JSON.convertValue(status(), Map.class));
        assertThat(gwcli("ls /disks"), containsString("[" + DISK + " (Unknown, 64M)]"));

        long registered = System.nanoTime();
        try (TcmuRunner runner1 = TcmuRunner.register(NODE_1, "rbd", IMAGE)) {
            runner1.report(true, 0, 0, 0);
            // the mgr may list the daemon with an empty status before its first report arrives (upstream shows it so)
            JsonNode online = awaitStatus("Online with counters", s -> reported(s, NODE_1));
            long onlineMillis = (System.nanoTime() - registered) / 1_000_000;
            assertEquals("Online", online.path("state").asText());
            assertEquals(NODE_1, online.path("lock_owner").asText());
            assertEquals(JSON.readTree("{\"" + NODE_1 + "\":{\"cmd_timed_out_cnt\":0,\"conn_lost_cnt\":0,"
                    + "\"lock_lost_cnt\":0}}"), online.path("gateways"));
            assertThat(gwcli("ls /disks"), containsString("[" + DISK + " (Online, 64M)]"));
            String info = gwcli("/disks/" + DISK + " info");
            assertThat(info, containsString("Lock Owner            .. " + NODE_1 + "\n"));
            assertThat(info, containsString("State                 .. Online\n"));

            // the gateway lost its connection to the cluster once: degraded, then Online after quiet polls
            long start = System.nanoTime();
            runner1.report(true, 0, 1, 0);
            awaitStatus("degraded", s -> s.path("state").asText().equals("Degraded - cluster access failure"));
            long degradedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, status().path("gateways").path(NODE_1).path("conn_lost_cnt").asInt());
            assertThat(gwcli("ls /disks"), containsString("[" + DISK + " (Degraded - cluster access failure, 64M)]"));
            awaitStatus("Online again", s -> s.path("state").asText().equals("Online"));
            System.out.printf("DeviceStatusIT: Online %d ms after registering, degraded %d ms after the report, "
                    + "Online again after %d ms%n", onlineMillis, degradedMillis,
                    (System.nanoTime() - start) / 1_000_000);

            // a second gateway takes the lock; the first loses it three times within a poll: excessive failovers
            try (TcmuRunner runner2 = TcmuRunner.register(NODE_2, "rbd", IMAGE)) {
                runner2.report(false, 0, 0, 0);
                awaitStatus("second gateway", s -> reported(s, NODE_2));
                runner2.report(true, 0, 0, 0);
                runner1.report(false, 3, 1, 0);
                JsonNode failovers = awaitStatus("excessive failovers",
                        s -> s.path("state").asText().equals("Degraded - excessive failovers"));
                assertEquals(3, failovers.path("gateways").path(NODE_1).path("lock_lost_cnt").asInt());
                assertEquals(NODE_2, awaitStatus("lock moved", s -> s.path("lock_owner").asText().equals(NODE_2))
                        .path("lock_owner").asText());
                assertThat(gwcli("/disks/" + DISK + " info"), containsString("Lock Owner            .. " + NODE_2));
            }
        }
        // every tcmu-runner of the disk is gone from the service map: unknown again
        long gone = System.nanoTime();
        awaitStatus("Unknown again", s -> s.path("state").asText().equals("Unknown"));
        System.out.printf("DeviceStatusIT: Unknown %d ms after the daemons shut down%n",
                (System.nanoTime() - gone) / 1_000_000);
        assertThat(gwcli("ls /disks"), containsString("[" + DISK + " (Unknown, 64M)]"));
    }

    private static JsonNode status() throws Exception {
        return JSON.readTree(gw.ok("GET", "/api/disk/" + DISK, Map.of()).body()).path("status");
    }

    /** Whether {@code gateway}'s first report (its counters) reached the status, not only its registration. */
    private static boolean reported(JsonNode status, String gateway) {
        return status.path("gateways").path(gateway).has("lock_lost_cnt");
    }

    /** The disk's status once it satisfies {@code condition}: the mgr and the watcher need a few seconds. */
    private static JsonNode awaitStatus(String what, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = status();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("status not " + what + " within 60 s; last: " + last);
    }

    private static String gwcli(String command) throws Exception {
        GatewayProcess.Reply reply = gw.ssh("gwcli " + command);
        assertEquals("gwcli " + command + " said:\n" + reply.body(), 0, reply.status());
        return reply.body();
    }

    /** What tcmu-runner's rbd handler does for one device: its own client, registered as a service daemon. */
    private static final class TcmuRunner implements AutoCloseable {

        private final RadosHandle client = new RadosHandle("ceph", "client.admin");

        static TcmuRunner register(String node, String pool, String image) throws Exception {
            TcmuRunner runner = new TcmuRunner();
            runner.client.confReadFile(new File(TestCluster.conf()));
            runner.client.connect();
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("pool_name", pool);
            metadata.put("image_name", image);
            metadata.put("image_id", Long.toHexString(System.nanoTime()));
            int result = LibRados.INSTANCE.rados_service_register(runner.client.pointer(), "tcmu-runner",
                    node + ":" + pool + "/" + image, LibRados.dict(metadata));
            assertEquals("rados_service_register", 0, result);
            return runner;
        }

        /** The status tcmu-runner reports after every event: the lock and all three counters. */
        void report(boolean lockOwner, long lockLost, long connLost, long cmdTimedOut) {
            Map<String, String> status = new LinkedHashMap<>();
            status.put("lock_owner", Boolean.toString(lockOwner));
            status.put("lock_lost_cnt", Long.toString(lockLost));
            status.put("conn_lost_cnt", Long.toString(connLost));
            status.put("cmd_timed_out_cnt", Long.toString(cmdTimedOut));
            assertEquals("rados_service_update_status", 0,
                    LibRados.INSTANCE.rados_service_update_status(client.pointer(), LibRados.dict(status)));
        }

        @Override
        public void close() {
            client.shutDown();
        }
    }
}
