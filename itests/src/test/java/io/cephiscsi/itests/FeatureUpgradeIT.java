package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Upgrading the appliance feature to a newer build while a target is live, as an admin does it in the console of the
 * running distribution: {@code feature:repo-add} of the newer features repository, then
 * {@code feature:install --upgrade ceph-iscsi/<newer>} (Karaf 4.4 has no {@code feature:upgrade} command; this is its
 * upgrade). The newer build is made in the test from the built artifacts: every appliance bundle with a higher
 * {@code Bundle-Version} and a features repository of that version, in the distribution's {@code system/} repository,
 * where a newer release would be dropped. During the upgrade one client polls the API and another keeps adding hosts.
 * What must hold: no LIO object is removed or rewritten (every configfs entry keeps its inode, every attribute file
 * its modification time), the restarted gateway finds nothing to change, the API answers again within seconds, every
 * request gets a reply or is refused while nothing listens (never a reset, a hang or a 500), and every change that was
 * acknowledged is still there afterwards, in the configuration and in LIO.
 *
 * <p>Karaf 4.4.10 cuts the console session that runs the upgrade (ssh exits 255 while the upgrade goes on): every
 * deployment, even a no-op {@code feature:install --simulate wrap}, finds that {@code org.jline} "should be wired to
 * com.sun.jna" (its optional import; JNA is installed for rados-java) and refreshes it, and with it the shell, its SSH
 * server and SCR (so every DS component of the container restarts, not only the appliance's). The framework still
 * leaves the optional import unwired after the refresh (also with JNA installed in an earlier boot stage, at a lower
 * start level, or outside the boot delegation), so the next deployment does the same. The upgrade itself completes.
 */
public class FeatureUpgradeIT {

    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:upgrade";
    private static final String HOST = "iqn.1994-05.com.example:upgrade-host";
    private static final String DISK = "rbd/upgrade_disk_1";
    private static final String NEWER = "0.1.1";

    /**
     * The emulated kernel's own files, which the folder root's emulation writes whenever a gateway opens it (as
     * loading target_core_mod would make them): not LIO objects, and never written by the engine.
     */
    private static final java.util.Set<String> KERNEL_FILES = java.util.Set.of("target/dbroot", "target/version");

    private static GatewayProcess gateway;
    private static String password;

    @BeforeClass
    public static void start() throws Exception {
        Path parent = Files.createDirectories(Path.of("target/feature-upgrade"));
        password = "pw-" + UUID.randomUUID();
        gateway = GatewayProcess.install(parent, "gw-up", "127.0.0.1", GatewayProcess.freePort(), password,
                Map.of("backend", "embedded", "api_secure", "false", "minimum_gateways", "1"));
        gateway.authorizeSshKey();
        gateway.start();
        gateway.awaitSsh();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    public void upgradingTheApplianceFeatureLeavesLioUntouchedAndLosesNoChange() throws Exception {
        gateway.ok("PUT", "/api/target/" + TARGET, Map.of());
        gateway.ok("PUT", "/api/gateway/" + TARGET + "/gw-up", Map.of("ip_address", "127.0.0.1", "skipchecks", "true"));
        gateway.ok("PUT", "/api/disk/" + DISK, Map.of("mode", "create", "size", "64M"));
        gateway.ok("PUT", "/api/targetlun/" + TARGET, Map.of("disk", DISK));
        gateway.ok("PUT", "/api/client/" + TARGET + "/" + HOST, Map.of());
        gateway.ok("PUT", "/api/clientauth/" + TARGET + "/" + HOST, Map.of("username", "upgradeuser",
                "password", "upgradesecret", "mutual_username", "", "mutual_password", ""));
        long epoch = ((Number) gateway.ok("PUT", "/api/clientlun/" + TARGET + "/" + HOST, Map.of("disk", DISK))
                .json().get("epoch")).longValue();
        Path tpg = gateway.configfs().resolve("target/iscsi/" + TARGET + "/tpgt_1");
        assertTrue(Files.isDirectory(tpg.resolve("acls/" + HOST + "/lun_0")));
        assertEquals(epoch, appliedEpoch());

        String current = newerBuild(gateway.home(), NEWER);
        Map<String, String> before = lio(gateway.configfs());
        long logFrom = Files.size(gateway.log());

        // a client polling through the gateway (GET /api/config reads the shared configuration) and one adding hosts
        ApiAvailability reader = new ApiAvailability("config", 20, () -> status("GET", "/api/config"));
        Map<String, String> added = Collections.synchronizedMap(new LinkedHashMap<>());
        ApiAvailability writer = new ApiAvailability("hosts", 50, () -> {
            String host = "iqn.1994-05.com.example:during-" + added.size();
            int status = status("PUT", "/api/client/" + TARGET + "/" + host);
            added.put(host, Integer.toString(status));
            return status;
        });
        GatewayProcess.Reply repo = gateway.ssh("feature:repo-add mvn:io.cephiscsi/cephiscsi-features/" + NEWER
                + "/xml/features");
        assertEquals(repo.toString(), 0, repo.status());
        long start = System.nanoTime();
        // Karaf may cut this session: every deployment refreshes its own console bundles (see the class comment)
        GatewayProcess.Reply upgrade = gateway.ssh("feature:install --upgrade ceph-iscsi/" + NEWER);
        assertTrue(upgrade.toString(), upgrade.status() == 0 || upgrade.status() == 255);
        // the newer build runs: every appliance bundle at the new version and active
        List<String> appliance = awaitBundles(NEWER);
        long upgradeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        awaitOk("/api/_ping");
        Thread.sleep(2000); // both clients see the upgraded API for a while
        List<ApiAvailability.Sample> reads = reader.stop();
        List<ApiAvailability.Sample> writes = writer.stop();
        for (String line : appliance) {
            assertTrue(line, !line.contains(current));
        }

        System.out.printf("feature:install --upgrade ceph-iscsi/%s (from %s): ssh exit %d, done after %d ms; API (GET /api/config every "
                        + "20 ms) unavailable for %d ms at most, outcomes %s; host additions (every 50 ms) "
                        + "unavailable for %d ms, outcomes %s%n", NEWER, current, upgrade.status(), upgradeMillis,
                ApiAvailability.longestOutageMillis(reads), ApiAvailability.outcomes(reads),
                ApiAvailability.longestOutageMillis(writes), ApiAvailability.outcomes(writes));
        assertCleanOutcomes(reads);
        assertCleanOutcomes(writes);
        assertTrue("the API answers again within seconds", ApiAvailability.longestOutageMillis(reads) < 20_000);

        // no committed change lost: every acknowledged host is in the configuration and in LIO
        Map<String, Object> clients = clients();
        long acknowledged = 0;
        synchronized (added) {
            for (Map.Entry<String, String> host : added.entrySet()) {
                if (host.getValue().equals("200")) {
                    acknowledged++;
                    assertTrue(host.getKey() + " acknowledged, then lost: " + clients.keySet(),
                            clients.containsKey(host.getKey()));
                    awaitDirectory(tpg.resolve("acls/" + host.getKey()));
                }
            }
        }
        assertTrue("hosts were added before and after the upgrade: " + added, acknowledged >= 10);

        // LIO: nothing that existed before was removed, re-made or rewritten
        Map<String, String> after = lio(gateway.configfs());
        Map<String, String> changed = new TreeMap<>();
        before.forEach((path, identity) -> {
            if (!KERNEL_FILES.contains(path) && !identity.equals(after.get(path))) {
                changed.put(path, identity + " -> " + after.get(path));
            }
        });
        assertEquals("configfs entries removed, re-made or rewritten by the upgrade", Map.of(), changed);

        // the gateway restarted by the upgrade found LIO as the configuration wants it: its restore (a reconcile of
        // the epoch LIO was already at) planned nothing; the other reconciles are the hosts added meanwhile
        String log = Files.readString(gateway.log()).substring((int) logFrom);
        List<String> restores = new ArrayList<>();
        Matcher m = Pattern.compile("LIO of gateway gw-up is at epoch (\\d+) \\((\\d+) operations").matcher(log);
        long previous = -1;
        while (m.find()) {
            if (Long.parseLong(m.group(1)) == previous) {
                restores.add(m.group());
            }
            previous = Long.parseLong(m.group(1));
        }
        System.out.println("restores after the upgrade: " + restores);
        assertTrue("the restarted gateway restored LIO: " + log, !restores.isEmpty());
        for (String restore : restores) {
            assertTrue(restore, restore.endsWith("(0 operations"));
        }
    }

    /** Fails on any outcome other than a reply of 200 or 503, or a refused connection while nothing listened. */
    private static void assertCleanOutcomes(List<ApiAvailability.Sample> samples) {
        for (String outcome : ApiAvailability.outcomes(samples).keySet()) {
            assertTrue("outcome " + outcome + ": " + ApiAvailability.outcomes(samples) + " "
                            + ApiAvailability.details(samples),
                    outcome.equals("200") || outcome.equals("503") || outcome.equals("refused"));
        }
    }

    /**
     * Makes a newer build of the appliance from the distribution's own artifacts: each {@code io.cephiscsi} bundle of
     * the shipped version again as {@code version} (only its {@code Bundle-Version} differs) and the features
     * repository with every project version replaced, in {@code system/}. Returns the shipped version.
     */
    static String newerBuild(Path home, String version) throws IOException {
        Path system = home.resolve("system/io/cephiscsi");
        String current;
        try (Stream<Path> versions = Files.list(system.resolve("cephiscsi-features"))) {
            current = versions.map(p -> p.getFileName().toString()).filter(v -> !v.equals(version))
                    .findFirst().orElseThrow();
        }
        try (Stream<Path> artifacts = Files.list(system)) {
            for (Path artifact : (Iterable<Path>) artifacts::iterator) {
                String name = artifact.getFileName().toString();
                Path jar = artifact.resolve(current).resolve(name + "-" + current + ".jar");
                if (Files.exists(jar)) {
                    Path newer = Files.createDirectories(artifact.resolve(version)).resolve(name + "-" + version + ".jar");
                    reversion(jar, newer, version);
                }
            }
        }
        Path features = system.resolve("cephiscsi-features").resolve(current)
                .resolve("cephiscsi-features-" + current + "-features.xml");
        Path newer = Files.createDirectories(system.resolve("cephiscsi-features").resolve(version))
                .resolve("cephiscsi-features-" + version + "-features.xml");
        Files.writeString(newer, Files.readString(features).replace(current, version));
        return current;
    }

    /** Copies a bundle with another {@code Bundle-Version}. */
    private static void reversion(Path jar, Path target, String version) throws IOException {
        try (ZipFile in = new ZipFile(jar.toFile())) {
            Manifest manifest;
            try (InputStream m = in.getInputStream(in.getEntry("META-INF/MANIFEST.MF"))) {
                manifest = new Manifest(m);
            }
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.getName().equals("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    try (InputStream data = in.getInputStream(entry)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }

    /**
     * Every entry of the configfs folder with what identifies its version: the inode (a removed and re-made object
     * gets a new one) and, for attribute files, the modification time and content (a rewrite changes the time).
     */
    static Map<String, String> lio(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root.resolve("target"))) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String identity = "inode " + Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    identity += ", mtime " + Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant()
                            + ", " + Files.readString(path).strip();
                }
                entries.put(root.relativize(path).toString(), identity);
            }
        }
        return entries;
    }

    private static long appliedEpoch() throws IOException {
        return ((Number) gateway.ok("GET", "/api/_status", Map.of()).json().get("applied_epoch")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> clients() throws IOException {
        Map<String, Object> targets = (Map<String, Object>) gateway.ok("GET", "/api/config", Map.of()).json()
                .get("targets");
        return (Map<String, Object>) ((Map<String, Object>) targets.get(TARGET)).get("clients");
    }

    /** One request without keep-alive (a reused connection would hide a restart): its HTTP status. */
    private static int status(String method, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + apiPort() + path)
                .openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(30000);
        connection.setRequestProperty("Connection", "close");
        connection.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        if (method.equals("PUT")) {
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(0);
            connection.getOutputStream().close();
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        return status;
    }

    private static int apiPort() throws IOException {
        for (String line : Files.readAllLines(gateway.home().resolve("etc/io.cephiscsi.gateway.cfg"))) {
            if (line.startsWith("api_port")) {
                return Integer.parseInt(line.substring(line.indexOf('=') + 1).strip());
            }
        }
        throw new IllegalStateException("no api_port");
    }

    private static void awaitOk(String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!"200".equals(ApiAvailability.outcome(() -> status("GET", path)))) {
            assertTrue(path + " answers 200 again within 60 s", System.nanoTime() < deadline);
            Thread.sleep(50);
        }
    }

    /** Waits (at most 120 s) until the console lists the 8 appliance bundles at {@code version}, all started. */
    private static List<String> awaitBundles(String version) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String last = "";
        while (System.nanoTime() < deadline) {
            GatewayProcess.Reply bundles = gateway.ssh("bundle:list -s -t 0");
            last = bundles.body();
            List<String> appliance = last.lines().filter(l -> l.contains("io.cephiscsi")).toList();
            // started: "Active", or "Waiting" for the Ceph bundles whose components wait for a cluster (embedded)
            if (appliance.size() == 8 && appliance.stream().allMatch(l -> l.matches(".*\\| (Active|Waiting) .*")
                    && l.contains("| " + version + " "))) {
                return appliance;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the appliance bundles did not all become active at " + version + ":\n" + last);
    }

    private static void awaitDirectory(Path path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.isDirectory(path) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(path + " in LIO", Files.isDirectory(path));
    }
}
