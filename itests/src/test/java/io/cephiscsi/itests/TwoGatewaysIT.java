package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Two appliances on one machine, the way two gateway nodes run: each its own distribution and JVM, API on
 * 127.0.0.1 and 127.0.0.2, LIO on its own folder root, one shared configuration object in the test Ceph cluster.
 * Changes go to either gateway's API; each gateway's LIO must end up as upstream lays it out for that gateway.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING) // the upstream flow first: it counts gw2's DOWN events from the start
public class TwoGatewaysIT {

    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:two";
    private static final String CLIENT = "iqn.1994-05.com.example:client1";
    // fresh image names each run: the test cluster keeps its pools (and a create keeps an existing image's size)
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String DISK_1 = "two_disk_1_" + RUN;
    private static final String DISK_2 = "two_disk_2_" + RUN;
    private static final String RESIZED = "two_resize_" + RUN;

    private static GatewayProcess gw1;
    private static GatewayProcess gw2;

    @BeforeClass
    public static void startBoth() throws Exception {
        Path parent = Files.createDirectories(Path.of("target/two-gateways"));
        String password = "pw-" + UUID.randomUUID();
        int apiPort = GatewayProcess.freePort();
        Map<String, String> shared = Map.of("backend", "ceph", "ceph_conf", TestCluster.conf(),
                "cluster_client_name", "client.admin", "pool", "iscsi",
                "gateway_conf", "gateway.conf.two-" + UUID.randomUUID(), "api_secure", "false",
                "minimum_gateways", "1");
        gw1 = GatewayProcess.install(parent, "gw1", "127.0.0.1", apiPort, password, shared);
        gw2 = GatewayProcess.install(parent, "gw2", "127.0.0.2", apiPort, password, shared);
        gw1.authorizeSshKey(); // gw1's tree over its console
        gw1.start();
        gw2.start();
    }

    @AfterClass
    public static void stopBoth() throws Exception {
        if (gw1 != null) {
            gw1.close();
        }
        if (gw2 != null) {
            gw2.close();
        }
    }

    @Test
    public void theUpstreamFlowBuildsEachGatewaysLioAndAStoppedGatewayCatchesUp() throws Exception {
        gw1.ok("PUT", "/api/target/" + TARGET, Map.of());
        gw1.ok("PUT", "/api/gateway/" + TARGET + "/gw1", Map.of("ip_address", "127.0.0.1"));
        // two appliances on one machine differ in api_host, which upstream's settings hash covers: skipchecks
        // (the peer checks themselves are tested against a real HTTP peer in TargetOperationsTest)
        gw1.ok("PUT", "/api/gateway/" + TARGET + "/gw2", Map.of("ip_address", "127.0.0.2", "skipchecks", "true"));
        gw2.ok("PUT", "/api/disk/iscsi/" + DISK_1, Map.of("mode", "create", "size", "64M"));
        gw2.ok("PUT", "/api/targetlun/" + TARGET, Map.of("disk", "iscsi/" + DISK_1));
        gw1.ok("PUT", "/api/client/" + TARGET + "/" + CLIENT, Map.of());
        gw1.ok("PUT", "/api/clientauth/" + TARGET + "/" + CLIENT, Map.of("username", "client1user",
                "password", "client1secret", "mutual_username", "", "mutual_password", ""));
        GatewayProcess.Reply last = gw2.ok("PUT", "/api/clientlun/" + TARGET + "/" + CLIENT,
                Map.of("disk", "iscsi/" + DISK_1));
        long epoch = ((Number) last.json().get("epoch")).longValue();

        // both gateways serve the target: TPG 1 is gw1's portal, TPG 2 gw2's, each enabled only where it is local
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            Path target = awaitPath(gw, "target/iscsi/" + TARGET);
            Path own = target.resolve(gw == gw1 ? "tpgt_1" : "tpgt_2");
            Path other = target.resolve(gw == gw1 ? "tpgt_2" : "tpgt_1");
            awaitContent(own.resolve("enable"), "1");
            assertEquals("0", read(other.resolve("enable")));
            assertTrue(gw.name() + " portal", Files.isDirectory(own.resolve("np/" + gw.apiHost() + ":3260")));
            assertTrue(gw.name() + " ACL", Files.isDirectory(own.resolve("acls/" + CLIENT)));
            assertTrue(gw.name() + " mapped LUN 0", Files.isDirectory(own.resolve("acls/" + CLIENT + "/lun_0")));
            assertEquals("client1user", read(own.resolve("acls/" + CLIENT + "/auth/userid")));
        }
        // one owner: its TPG is active/optimized on both gateways, the other TPG non-optimized (implicit ALUA)
        Map<String, Object> disk = gw1.ok("GET", "/api/disk/iscsi/" + DISK_1, Map.of()).json();
        String owner = (String) disk.get("owner");
        assertTrue("owner " + owner, owner.equals("gw1") || owner.equals("gw2"));
        int ownerTag = owner.equals("gw1") ? 1 : 2;
        int otherTag = 3 - ownerTag;
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            Path alua = awaitPath(gw, "target/core/user_0/iscsi." + DISK_1 + "/alua");
            assertEquals(gw.name(), Integer.toString(ownerTag), read(alua.resolve("ao/tg_pt_gp_id")));
            assertEquals(gw.name(), "0", read(alua.resolve("ao/alua_access_state")));
            assertEquals(gw.name(), Integer.toString(otherTag), read(alua.resolve("ano" + otherTag + "/tg_pt_gp_id")));
            assertEquals(gw.name(), "1", read(alua.resolve("ano" + otherTag + "/alua_access_state")));
            Path tpgs = gw.configfs().resolve("target/iscsi/" + TARGET);
            assertTrue(read(tpgs.resolve("tpgt_" + ownerTag + "/lun/lun_0/alua_tg_pt_gp")).contains("ao"));
            assertTrue(read(tpgs.resolve("tpgt_" + otherTag + "/lun/lun_0/alua_tg_pt_gp")).contains("ano" + otherTag));
        }

        // stop gw2, change the configuration on gw1, start gw2: it converges by itself
        gw2.stop();
        // gw1's tree shows gw2 down, and gw1's log (log:tail) has the event
        String down = "gateway gw2 (127.0.0.2) is DOWN: its API does not answer";
        gw1.awaitSsh();
        awaitTreeEvent(gw1, down, 0);
        gw1.ok("PUT", "/api/disk/iscsi/" + DISK_2, Map.of("mode", "create", "size", "32M"));
        GatewayProcess.Reply mapped = gw1.ok("PUT", "/api/targetlun/" + TARGET, Map.of("disk", "iscsi/" + DISK_2));
        assertTrue("gw2 named as catching up: " + mapped.body(),
                String.valueOf(mapped.json().get("catching_up")).contains("gw2"));
        assertTrue(((Number) mapped.json().get("epoch")).longValue() > epoch);
        gw2.start();
        Path gw2Lun1 = awaitPath(gw2, "target/iscsi/" + TARGET + "/tpgt_2/lun/lun_1");
        assertTrue(Files.isDirectory(gw2Lun1));
        assertFalse(gw2.get("/api/config").body().isEmpty());
        // ... and gw2 back up, once
        String log = Files.readString(gw1.log());
        awaitTreeEvent(gw1, "gateway gw2 (127.0.0.2) is UP again: its API answers (it was DOWN)", log.indexOf(down));
        log = Files.readString(gw1.log());
        assertEquals("the DOWN event logged once: " + log, log.indexOf(down), log.lastIndexOf(down));
    }

    /**
     * A resize through either gateway's API grows the LUN in both gateways' LIO ({@code attrib/dev_size}, what
     * TCMU passes to tcmu-runner and the initiators then read); a shrink is refused and changes nothing; an image
     * grown with {@code rbd resize} while a gateway is down has its backstore grown when that gateway starts.
     */
    @Test
    public void twoGatewaysFollowAResizeAndAStoppedOneTheImageSizeAtStart() throws Exception {
        String target = TARGET + "-resize";
        String disk = "iscsi/" + RESIZED; // a fresh image: the test cluster keeps its pools between runs
        long mib = 1L << 20;
        gw1.ok("PUT", "/api/target/" + target, Map.of());
        gw1.ok("PUT", "/api/gateway/" + target + "/gw1", Map.of("ip_address", "127.0.0.1"));
        gw1.ok("PUT", "/api/gateway/" + target + "/gw2", Map.of("ip_address", "127.0.0.2", "skipchecks", "true"));
        gw1.ok("PUT", "/api/disk/" + disk, Map.of("mode", "create", "size", "32M"));
        gw1.ok("PUT", "/api/targetlun/" + target, Map.of("disk", disk));
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            awaitDevSize(gw, 32 * mib);
        }

        GatewayProcess.Reply resized = gw2.ok("PUT", "/api/disk/" + disk, Map.of("mode", "resize", "size", "64M"));
        assertEquals("both gateways confirmed the epoch: " + resized.body(), null,
                resized.json().get("catching_up"));
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            assertEquals(gw.name() + ": in LIO when the reply came", 64 * mib, devSize(gw));
        }

        GatewayProcess.Reply shrink = gw1.put("/api/disk/" + disk, Map.of("mode", "resize", "size", "16M"));
        assertEquals(shrink.body(), 400, shrink.status());
        assertTrue(shrink.body(), shrink.body().contains("resize value must be larger than the current size (64M/"
                + 64 * mib + ")"));
        assertEquals(64 * mib, devSize(gw1));

        gw2.stop();
        Process rbd = new ProcessBuilder("rbd", "-c", TestCluster.conf(), "resize", disk, "--size", "96M")
                .redirectErrorStream(true).start();
        String out = new String(rbd.getInputStream().readAllBytes());
        assertTrue("rbd resize: " + out, rbd.waitFor(60, TimeUnit.SECONDS) && rbd.exitValue() == 0);
        gw2.start();
        awaitDevSize(gw2, 96 * mib);
    }

    /** {@code attrib/dev_size} of the resize test's backstore in {@code gw}'s LIO; -1 while there is none */
    private static long devSize(GatewayProcess gw) throws Exception {
        Path core = gw.configfs().resolve("target/core");
        if (!Files.isDirectory(core)) {
            return -1;
        }
        try (Stream<Path> hbas = Files.list(core)) {
            for (Path hba : hbas.filter(h -> h.getFileName().toString().startsWith("user_")).toList()) {
                Path size = hba.resolve("iscsi." + RESIZED + "/attrib/dev_size");
                if (Files.exists(size)) {
                    return Long.parseLong(read(size));
                }
            }
        }
        return -1;
    }

    private static void awaitDevSize(GatewayProcess gw, long bytes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (devSize(gw) != bytes && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(gw.name(), bytes, devSize(gw));
    }

    /** Shows the tree on {@code gw} (which asks the peers) until its log has {@code event} after {@code from}. */
    private static void awaitTreeEvent(GatewayProcess gw, String event, int from) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertEquals(0, gw.ssh("gwcli ls /").status());
            if (Files.readString(gw.log()).indexOf(event, Math.max(0, from)) >= 0) {
                return;
            }
            Thread.sleep(2000);
        }
        throw new AssertionError(gw.name() + " logged no '" + event + "': " + Files.readString(gw.log()));
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file).trim();
    }

    private static Path awaitPath(GatewayProcess gw, String relative) throws Exception {
        Path path = gw.configfs().resolve(relative);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(path) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (!Files.exists(path)) {
            try (Stream<Path> all = Files.walk(gw.configfs(), 4)) {
                throw new AssertionError(gw.name() + ": no " + relative + "; has " + all.toList());
            }
        }
        return path;
    }

    private static void awaitContent(Path file, String content) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && read(file).equals(content)) {
                return;
            }
            Thread.sleep(100);
        }
        assertEquals(file.toString(), content, Files.exists(file) ? read(file) : "<missing>");
    }
}
