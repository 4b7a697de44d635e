package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.lio.DesiredLio;
import io.cephiscsi.lio.EmulatedConfigfs;
import io.cephiscsi.lio.LioEngine;
import io.cephiscsi.lio.LioPlan;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;

/**
 * Faults on real parts (issue 10): two appliances (API on 127.0.0.1 and 127.0.0.2, LIO on folder roots) on a Ceph
 * of this class's own ({@code itests/ceph/mini-cluster.sh}, no mgr), whose monitor and OSD it stops and starts
 * ({@code itests/ceph/ceph-daemon.sh}). The appliances run with the fault-injection pause points enabled
 * ({@code -Dcephiscsi.test.pauseDir}, see {@code io.cephiscsi.model.PausePoint}); they pause only where a test arms
 * them. The tests run in name order; each leaves both gateways running and converged.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class FaultsIT {

    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:faults";
    private static final String POOL = "iscsi";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path cluster;
    private static String conf;
    private static String oid;
    private static GatewayProcess gw1;
    private static GatewayProcess gw2;
    private static final List<String> durations = new ArrayList<>();

    @BeforeClass
    public static void startCephAndBothGateways() throws Exception {
        long start = System.nanoTime();
        Path parent = Files.createDirectories(Path.of("target/faults").toAbsolutePath());
        cluster = Files.createTempDirectory(parent, "ceph-");
        String out = run(List.of(script("mini-cluster.sh"), "-n", cluster.toString()), 180);
        conf = cluster.resolve("ceph.conf").toString();
        assertTrue(out, out.contains("CEPH_CONF=" + conf));
        // memstore keeps its data over an OSD restart only through a clean umount (ceph-daemon.sh sets it too)
        run(List.of("ceph", "-c", conf, "config", "set", "osd", "osd_fast_shutdown", "false"), 60);
        oid = "gateway.conf.faults-" + UUID.randomUUID();
        String password = "pw-" + UUID.randomUUID();
        int apiPort = GatewayProcess.freePort();
        Map<String, String> shared = Map.of("backend", "ceph", "ceph_conf", conf,
                "cluster_client_name", "client.admin", "pool", POOL, "gateway_conf", oid, "api_secure", "false",
                "minimum_gateways", "1",
                // the lock wait (and librados' op timeouts) outlast the 30 s lease by a margin, so a change
                // waiting on a dead holder's lock gets it when the lease ends even on a loaded machine
                "time_out", "40");
        gw1 = GatewayProcess.install(parent, "gw1", "127.0.0.1", apiPort, password, shared);
        gw2 = GatewayProcess.install(parent, "gw2", "127.0.0.2", apiPort, password, shared);
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            Files.createDirectories(pauseDir(gw));
            gw.environment("EXTRA_JAVA_OPTS", "-Dcephiscsi.test.pauseDir=" + pauseDir(gw));
            gw.authorizeSshKey();
        }
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> startQuietly(gw2));
        gw1.start();
        second.join();
        gw1.ok("PUT", "/api/target/" + TARGET, Map.of());
        gw1.ok("PUT", "/api/gateway/" + TARGET + "/gw1", Map.of("ip_address", "127.0.0.1"));
        gw1.ok("PUT", "/api/gateway/" + TARGET + "/gw2", Map.of("ip_address", "127.0.0.2", "skipchecks", "true"));
        gw1.ok("PUT", "/api/disk/" + POOL + "/fault_disk_0", Map.of("mode", "create", "size", "16M"));
        gw1.ok("PUT", "/api/targetlun/" + TARGET, Map.of("disk", POOL + "/fault_disk_0"));
        awaitConverged();
        durations.add("setup (Ceph, two appliances, target): " + millis(start) + " ms");
    }

    @AfterClass
    public static void stopAll() throws Exception {
        for (GatewayProcess gw : new GatewayProcess[] {gw1, gw2}) {
            if (gw != null) {
                if (Files.isDirectory(pauseDir(gw))) {
                    try (var files = Files.list(pauseDir(gw))) {
                        files.forEach(f -> f.toFile().delete()); // never leave a thread paused
                    }
                }
                gw.close();
            }
        }
        if (cluster != null) {
            run(List.of(script("stop-mini-cluster.sh"), "-p", cluster.toString()), 120);
        }
        durations.forEach(line -> System.out.println("FaultsIT " + line));
    }

    /**
     * kill -9 of an appliance holding the config lock, after its commit before its reconcile, and halfway through
     * an LIO apply: the object stays valid JSON of a known epoch, the lock frees itself with its lease, the gateway
     * converges on restart.
     */
    @Test
    public void a_killMinus9AtEachStepOfAChange() throws Exception {
        long start = System.nanoTime();

        // 1. holding the lock: nothing written, the lock held until its 30 s lease ends
        long before = storedEpoch();
        arm(gw1, "lock-held");
        CompletableFuture<?> lost = async(() -> gw1.put("/api/client/" + TARGET + "/" + client("lock"), Map.of()));
        awaitReached(gw1, "lock-held");
        List<?> lockers = lockers();
        assertEquals("gw1 holds the lock: " + lockers, 1, lockers.size());
        assertTrue(String.valueOf(lockers), String.valueOf(lockers).contains("gw1"));
        kill9(gw1);
        long killedAt = System.nanoTime();
        disarm(gw1, "lock-held");
        assertEquals(before, storedEpoch());
        assertFalse(storedText().contains(client("lock")));
        assertEquals("still leased after the kill", 1, lockers().size());
        // a change on the other gateway waits for the lease, then commits; the killed one restarts meanwhile
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> startQuietly(gw1));
        GatewayProcess.Reply next = gw2.ok("PUT", "/api/client/" + TARGET + "/" + client("after-lock"), Map.of());
        long waited = millis(killedAt);
        assertEquals(before + 1, epochOf(next));
        assertTrue("the lock came free within its 30 s lease (+ margin), waited " + waited + " ms", waited < 40_000);
        assertEquals(0, lockers().size());
        restart.join();
        lost.handle((r, e) -> null).join();
        assertConverged();
        durations.add("kill -9 holding the lock (lease wait " + waited + " ms)");

        // 2. gw2 after its commit, before its reconcile: the epoch is written, the lock released with the write
        before = storedEpoch();
        arm(gw2, "committed");
        lost = async(() -> gw2.put("/api/client/" + TARGET + "/" + client("committed"), Map.of()));
        awaitReached(gw2, "committed");
        kill9(gw2);
        disarm(gw2, "committed");
        assertEquals(before + 1, storedEpoch());
        assertTrue(storedText().contains(client("committed")));
        assertEquals("the write released the lock", 0, lockers().size());
        awaitApplied(gw1, before + 1);
        lost.handle((r, e) -> null).join();
        restart = CompletableFuture.runAsync(() -> startQuietly(gw2)); // while gw1 is killed in step 3

        // 3. gw1 halfway through an LIO apply of its own change: its LIO half done, the config whole
        before = storedEpoch();
        arm(gw1, "mid-apply");
        lost = async(() -> gw1.put("/api/clientlun/" + TARGET + "/" + client("committed"),
                Map.of("disk", POOL + "/fault_disk_0")));
        awaitReached(gw1, "mid-apply");
        kill9(gw1);
        disarm(gw1, "mid-apply");
        assertEquals(before + 1, storedEpoch());
        assertTrue(storedText().contains("fault_disk_0"));
        assertEquals(0, lockers().size());
        lost.handle((r, e) -> null).join();
        startQuietly(gw1);
        restart.join();
        assertConverged();
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            assertTrue(gw.name(), Files.isDirectory(gw.configfs().resolve("target/iscsi/" + TARGET + "/tpgt_"
                    + (gw == gw1 ? 1 : 2) + "/acls/" + client("committed") + "/lun_0")));
        }
        durations.add("kill -9 at three steps: " + millis(start) + " ms");
    }

    /**
     * The monitor restarted, then the OSD stopped and started, while a stream of changes goes to both gateways:
     * each change completes or fails with 503 and its reason; every acknowledged change is in the configuration
     * afterwards; service resumes without restarting an appliance.
     */
    @Test
    public void b_monitorRestartAndOsdStopDuringAStreamOfChanges() throws Exception {
        long start = System.nanoTime();
        long jvm1 = gw1.jvmPid();
        long jvm2 = gw2.jvmPid();
        List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean streaming = new java.util.concurrent.atomic.AtomicBoolean(true);
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
            for (int i = 0; streaming.get(); i++) {
                GatewayProcess gw = i % 2 == 0 ? gw1 : gw2;
                // mostly hosts (the config object only); every fourth a disk (the monitor, RBD, then the config)
                boolean disk = i % 4 == 3;
                String item = disk ? POOL + "/stream_disk_" + i : client("stream-" + i);
                try {
                    GatewayProcess.Reply reply = disk
                            ? gw.put("/api/disk/" + item, Map.of("mode", "create", "size", "4M"))
                            : gw.put("/api/client/" + TARGET + "/" + item, Map.of());
                    if (reply.status() == 200) {
                        acknowledged.add(item);
                    } else {
                        refused.add(reply.status() + " " + reply.body());
                    }
                } catch (IOException e) {
                    refused.add("I/O " + e);
                }
                sleep(100);
            }
        });
        awaitCount(acknowledged, 2);
        cephDaemon("stop", "mon.a");
        sleep(3000); // changes go on without the monitor (the OSD keeps serving the config object)
        cephDaemon("start", "mon.a");
        awaitCount(acknowledged, acknowledged.size() + 2);
        // one outage after the other: an OSD stopping while the monitor is away cannot report itself down, and
        // clients would then wait on it for their whole op timeout (an overlap of two faults, not tried here)
        run(List.of("ceph", "-c", conf, "--connect-timeout", "60", "quorum_status"), 90);
        int beforeOsd = acknowledged.size();
        cephDaemon("stop", "osd.0");
        sleep(5000);
        cephDaemon("start", "osd.0");
        awaitCount(acknowledged, beforeOsd + 3); // resumed by itself
        streaming.set(false);
        stream.get(180, TimeUnit.SECONDS);

        for (String refusal : refused) {
            assertTrue("a clean refusal (503 with the reason): " + refusal, refusal.startsWith("503 {\"message\":")
                    && refusal.length() > 30);
        }
        String stored = storedText();
        for (String item : acknowledged) {
            assertTrue(item + " was acknowledged, so it is stored", stored.contains("\"" + item + "\""));
        }
        assertTrue("disks in the stream: " + acknowledged, acknowledged.stream().anyMatch(i -> i.contains("/")));
        assertEquals("no appliance restarted", jvm1, gw1.jvmPid());
        assertEquals("no appliance restarted", jvm2, gw2.jvmPid());
        // a disk (RBD + config) works again too
        gw2.ok("PUT", "/api/disk/" + POOL + "/fault_disk_after", Map.of("mode", "create", "size", "8M"));
        assertConverged();
        durations.add("mon restart + OSD stop/start: " + acknowledged.size() + " acknowledged, " + refused.size()
                + " refused (503), " + millis(start) + " ms");
    }

    /** One gateway frozen (SIGSTOP: its API port accepts but never answers): changes commit; it catches up. */
    @Test
    public void c_unreachableGatewayDoesNotBlockChangesAndCatchesUp() throws Exception {
        long start = System.nanoTime();
        long frozen = gw2.jvmPid();
        signal("STOP", frozen);
        GatewayProcess.Reply reply;
        try {
            reply = gw1.ok("PUT", "/api/client/" + TARGET + "/" + client("frozen"), Map.of());
            assertTrue("gw2 named: " + reply.body(), String.valueOf(reply.json().get("catching_up")).contains("gw2"));
            assertTrue("the reply did not wait long: " + millis(start) + " ms", millis(start) < 20_000);
        } finally {
            signal("CONT", frozen);
        }
        awaitApplied(gw2, epochOf(reply));
        assertConverged();
        assertTrue(Files.isDirectory(gw2.configfs().resolve("target/iscsi/" + TARGET + "/tpgt_2/acls/"
                + client("frozen"))));
        durations.add("gateway frozen then back: " + millis(start) + " ms");
    }

    /**
     * A corrupt and a future-version configuration object, a missing image, a missing pool and a refused kernel
     * write: each gateway stays up (same JVM), names the problem in {@code GET /api/_status} and {@code gwcli info}
     * or in the error of the request concerned, and recovers when the problem is gone.
     */
    @Test
    public void d_badObjectsAndRefusedWritesAreNamedAndSurvived() throws Exception {
        long start = System.nanoTime();
        long jvm1 = gw1.jvmPid();
        long jvm2 = gw2.jvmPid();
        long epoch = storedEpoch();
        Path good = Files.createTempFile(cluster, "good", ".json");
        rados("get", oid, good.toString());

        // corrupt: cut in the middle
        byte[] whole = Files.readAllBytes(good);
        putObject(java.util.Arrays.copyOf(whole, whole.length / 2), epoch + 1);
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            awaitProblem(gw, "cannot be used");
            assertInfoNames(gw, "cannot be used");
            GatewayProcess.Reply refused = gw.put("/api/client/" + TARGET + "/" + client("corrupt"), Map.of());
            assertEquals(refused.body(), 503, refused.status());
            assertTrue(refused.body(), refused.body().contains("cannot be used"));
        }
        assertEquals("never overwritten", whole.length / 2, rados("get", oid, "-").length());
        // and a start on it: the appliance comes up (API, shell), names it, and stays up (no crash loop)
        gw2.stop();
        gw2.start();
        jvm2 = gw2.jvmPid();
        awaitProblem(gw2, "cannot be used");
        GatewayProcess.Reply config = gw2.get("/api/config");
        assertEquals(config.body(), 503, config.status());
        assertTrue(config.body(), config.body().contains("cannot be used"));
        gw2.awaitSsh();
        assertInfoNames(gw2, "cannot be used");

        // a newer schema than this appliance knows
        String future = new String(whole, StandardCharsets.UTF_8).replace("\"version\": 11", "\"version\": 12");
        assertNotEquals(new String(whole, StandardCharsets.UTF_8), future);
        putObject(future.getBytes(StandardCharsets.UTF_8), epoch + 2);
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            awaitProblem(gw, "version 12 is newer");
            assertInfoNames(gw, "version 12 is newer");
        }
        // repaired by the admin: both gateways work again by themselves
        putObject(whole, epoch);
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            awaitNoProblem(gw);
        }
        gw1.ok("PUT", "/api/client/" + TARGET + "/" + client("repaired"), Map.of());

        // a missing image (removed behind the gateways' back) and a missing pool (deleted with its mapped disk)
        gw1.ok("PUT", "/api/disk/" + POOL + "/fault_gone", Map.of("mode", "create", "size", "8M"));
        gw1.ok("PUT", "/api/targetlun/" + TARGET, Map.of("disk", POOL + "/fault_gone"));
        run(List.of("ceph", "-c", conf, "osd", "pool", "create", "faultpool", "8", "8"), 60);
        run(List.of("rbd", "-c", conf, "pool", "init", "faultpool"), 120);
        gw1.ok("PUT", "/api/disk/faultpool/fault_pooled", Map.of("mode", "create", "size", "8M"));
        gw1.ok("PUT", "/api/targetlun/" + TARGET, Map.of("disk", "faultpool/fault_pooled"));
        run(List.of("rbd", "-c", conf, "rm", POOL + "/fault_gone"), 60);
        run(List.of("ceph", "-c", conf, "osd", "pool", "delete", "faultpool", "faultpool",
                "--yes-i-really-really-mean-it"), 60);
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            String tree = gw.ssh("gwcli ls /").body();
            for (String disk : List.of("fault_gone ", "fault_pooled ")) {
                String line = tree.lines().filter(l -> l.contains("o- " + disk)).findFirst().orElse("<none>");
                assertTrue(gw.name() + ": " + disk + "named as missing in gwcli ls: " + tree,
                        line.contains("NOT FOUND"));
            }
        }
        GatewayProcess.Reply resize = gw2.put("/api/disk/" + POOL + "/fault_gone", Map.of("mode", "resize",
                "size", "16M"));
        assertEquals(resize.body(), 404, resize.status());
        assertTrue(resize.body(), resize.body().contains("fault_gone"));
        GatewayProcess.Reply pooled = gw2.put("/api/disk/faultpool/fault_pooled", Map.of("mode", "resize",
                "size", "16M"));
        assertEquals(pooled.body(), 404, pooled.status());
        assertTrue(pooled.body(), pooled.body().contains("faultpool"));
        assertEquals(200, gw1.get("/api/disks").status());
        gw2.ok("PUT", "/api/client/" + TARGET + "/" + client("beside-missing"), Map.of());
        assertConverged();

        // a kernel write LIO refuses: gw2's ACL folder does not let a new ACL in
        Path acls = gw2.configfs().resolve("target/iscsi/" + TARGET + "/tpgt_2/acls");
        refuseWrites(acls, true);
        try {
            GatewayProcess.Reply reply = gw1.ok("PUT", "/api/client/" + TARGET + "/" + client("refused"),
                    Map.of());
            assertTrue("gw2 could not apply it: " + reply.body(),
                    String.valueOf(reply.json().get("catching_up")).contains("gw2"));
            awaitProblem(gw2, "LIO could not reach epoch");
            assertInfoNames(gw2, "LIO could not reach epoch");
        } finally {
            refuseWrites(acls, false);
        }
        // the next epoch (or the periodic comparison) gets it in
        gw1.ok("PUT", "/api/client/" + TARGET + "/" + client("after-refused"), Map.of());
        awaitNoProblem(gw2);
        assertTrue(Files.isDirectory(acls.resolve(client("refused"))));
        assertEquals("no restart", jvm1, gw1.jvmPid());
        assertEquals("no restart", jvm2, gw2.jvmPid());
        assertConverged();
        durations.add("bad objects and a refused write: " + millis(start) + " ms");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String client(String name) {
        return "iqn.1994-05.com.example:" + name;
    }

    private static Path pauseDir(GatewayProcess gw) {
        return gw.home().resolve("pause");
    }

    private static void arm(GatewayProcess gw, String step) throws IOException {
        Files.deleteIfExists(pauseDir(gw).resolve(step + ".reached"));
        Files.writeString(pauseDir(gw).resolve(step), "armed by FaultsIT");
    }

    private static void disarm(GatewayProcess gw, String step) throws IOException {
        Files.deleteIfExists(pauseDir(gw).resolve(step));
        Files.deleteIfExists(pauseDir(gw).resolve(step + ".reached"));
    }

    private static void awaitReached(GatewayProcess gw, String step) throws Exception {
        Path reached = pauseDir(gw).resolve(step + ".reached");
        await(gw.name() + " reaches " + step, 60, () -> Files.exists(reached));
    }

    /** A folder nobody may create entries in: immutable for root (which ignores permissions), read-only else. */
    private static void refuseWrites(Path folder, boolean refuse) throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            run(List.of("chattr", refuse ? "+i" : "-i", folder.toString()), 10);
        } else {
            assertTrue(folder.toFile().setWritable(!refuse));
        }
    }

    private static void kill9(GatewayProcess gw) throws Exception {
        signal("KILL", gw.jvmPid());
        gw.stop(); // only bin/karaf is left; it exits with the JVM
    }

    private static void signal(String signal, long pid) throws Exception {
        run(List.of("kill", "-" + signal, Long.toString(pid)), 10);
    }

    private static void startQuietly(GatewayProcess gw) {
        try {
            gw.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<Object> async(IoCall call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (IOException e) {
                return e; // the appliance was killed under it
            }
        });
    }

    private interface IoCall {
        Object call() throws IOException;
    }

    private static void cephDaemon(String action, String daemon) throws Exception {
        run(List.of(script("ceph-daemon.sh"), cluster.toString(), action, daemon), 60);
    }

    private static String rados(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("rados", "-c", conf, "-p", POOL));
        command.addAll(List.of(args));
        return run(command, 60);
    }

    private static void putObject(byte[] content, long epoch) throws Exception {
        Path file = Files.createTempFile(cluster, "object", ".json");
        Files.write(file, content);
        rados("put", oid, file.toString());
        rados("setxattr", oid, "epoch", Long.toString(epoch)); // what the gateways poll
    }

    private static String storedText() throws Exception {
        return rados("get", oid, "-");
    }

    /** The stored object's epoch; the object must be valid JSON whose epoch is its epoch xattr. */
    private static long storedEpoch() throws Exception {
        Map<?, ?> json = JSON.readValue(storedText(), Map.class);
        long epoch = ((Number) json.get("epoch")).longValue();
        assertEquals("epoch xattr", Long.toString(epoch), rados("getxattr", oid, "epoch").trim());
        return epoch;
    }

    private static List<?> lockers() throws Exception {
        return (List<?>) JSON.readValue(rados("lock", "info", oid, "lock"), Map.class).get("lockers");
    }

    private static long epochOf(GatewayProcess.Reply reply) {
        return ((Number) reply.json().get("epoch")).longValue();
    }

    private static Map<String, Object> status(GatewayProcess gw) throws IOException {
        GatewayProcess.Reply reply = gw.get("/api/_status");
        assertEquals(reply.body(), 200, reply.status());
        return reply.json();
    }

    private static void awaitApplied(GatewayProcess gw, long epoch) throws Exception {
        await(gw.name() + " at epoch " + epoch, 60,
                () -> ((Number) status(gw).get("applied_epoch")).longValue() >= epoch);
    }

    private static void awaitProblem(GatewayProcess gw, String text) throws Exception {
        await(gw.name() + " names '" + text + "' in _status", 60,
                () -> String.valueOf(status(gw).get("problems")).contains(text));
    }

    private static void awaitNoProblem(GatewayProcess gw) throws Exception {
        await(gw.name() + " has no problem left", 90, () -> ((List<?>) status(gw).get("problems")).isEmpty());
    }

    private static void assertInfoNames(GatewayProcess gw, String text) throws Exception {
        GatewayProcess.Reply info = gw.ssh("gwcli info");
        assertTrue(gw.name() + " gwcli info: " + info, info.body().contains("Problem") && info.body().contains(text));
    }

    private static void awaitConverged() throws Exception {
        await("both gateways converged", 90, () -> {
            try {
                assertConverged();
                return true;
            } catch (AssertionError e) {
                return false;
            }
        });
    }

    /**
     * Both gateways' LIO is at the stored epoch, and the plan from their LIO to what that epoch says for them is
     * empty (the project's own engine and desired-state builder, over each gateway's folder root).
     */
    private static void assertConverged() throws Exception {
        byte[] stored = storedText().getBytes(StandardCharsets.UTF_8);
        GatewayConfig config = GatewayConfig.parse(stored);
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            awaitApplied(gw, config.epoch());
            assertEquals(gw.name(), config.epoch(), ((Number) status(gw).get("applied_epoch")).longValue());
            assertEquals(gw.name(), List.of(), status(gw).get("problems"));
            GatewaySettings settings = GatewaySettings.of(Map.of(), pid(gw), path -> true);
            LioPlan plan = new LioEngine(new EmulatedConfigfs(gw.configfs()))
                    .plan(DesiredLio.of(config, gw.name(), new DesiredLio.Options(settings, disk -> -1, null)));
            assertTrue(gw.name() + " next plan is empty: " + plan.ops(), plan.isEmpty());
        }
    }

    /** The gateway's settings as its etc/io.cephiscsi.gateway.cfg has them. */
    private static Map<String, String> pid(GatewayProcess gw) throws IOException {
        Map<String, String> pid = new LinkedHashMap<>();
        for (String line : Files.readAllLines(gw.home().resolve("etc/io.cephiscsi.gateway.cfg"))) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                pid.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return pid;
    }

    private static void awaitCount(List<String> list, int count) throws Exception {
        await(count + " acknowledged changes", 120, () -> list.size() >= count);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, int seconds, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(100);
        }
        fail("no " + what + " within " + seconds + " s" + (last == null ? "" : ": " + last));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String script(String name) {
        return Path.of("ceph", name).toAbsolutePath().toString();
    }

    private static String run(List<String> command, int seconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().remove("CEPH_CONF");
        builder.environment().remove("CEPH_ARGS");
        Process process = builder.start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + seconds + " s");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " failed (" + process.exitValue() + "): " + out
                    + new String(err.get(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
