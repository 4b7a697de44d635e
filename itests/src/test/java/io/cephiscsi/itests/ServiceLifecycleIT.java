package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

/**
 * The appliance run the way its systemd unit ({@code bin/contrib/ceph-iscsi-karaf.service}) runs it, on a node with
 * no Maven repository but the distribution's own {@code system/}: the unit's
 * {@code ExecStart} with its {@code KARAF_HOME}, stopped as {@code systemctl stop} stops it ({@code KillMode=mixed}:
 * SIGTERM to the main process only), or killed with SIGKILL. {@code bin/status} must tell the truth each time, a stop
 * must be a clean Karaf shutdown that leaves LIO as it is, the gateway's events must be in the console's log
 * ({@code log:display}, which {@code log:tail} follows), and after a kill -9 the appliance starts again and finds
 * LIO as it left it.
 */
public class ServiceLifecycleIT {

    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:service";
    private static final String HOST = "iqn.1994-05.com.example:service-host";
    private static final String UNIT_HOME = "/opt/ceph-iscsi-karaf";

    private GatewayProcess gateway;
    private Process service;

    @After
    public void stopService() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A directive of the unit's [Service] section, with the unit's install path replaced by {@code home}. */
    private static String directive(String unit, String key, Path home) {
        return unit.lines().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1).replace(UNIT_HOME, home.toString()))
                .orElseThrow(() -> new AssertionError("no " + key + " in the unit"));
    }

    /** Starts the appliance with the unit's ExecStart and Environment, waits for its API (at most 90 s). */
    private Process startAsTheUnitDoes() throws Exception {
        String unit = Files.readString(gateway.home().resolve("bin/contrib/ceph-iscsi-karaf.service"));
        ProcessBuilder builder = new ProcessBuilder(directive(unit, "ExecStart", gateway.home()).split(" "))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        gateway.home().resolve("console.out").toFile()));
        String environment = directive(unit, "Environment", gateway.home());
        builder.environment().put(environment.substring(0, environment.indexOf('=')),
                environment.substring(environment.indexOf('=') + 1));
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            assertTrue("the appliance exited: " + Files.readString(gateway.home().resolve("console.out")),
                    process.isAlive());
            try {
                if (gateway.get("/api/_ping").status() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            assertTrue("API up within 90 s", System.nanoTime() < deadline);
            Thread.sleep(250);
        }
    }

    /** {@code bin/status}: its exit code and output. */
    private GatewayProcess.Reply status() throws Exception {
        Process status = new ProcessBuilder(gateway.home().resolve("bin/status").toString())
                .directory(gateway.home().toFile()).redirectErrorStream(true).start();
        String output = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue("bin/status ends", status.waitFor(60, TimeUnit.SECONDS));
        return new GatewayProcess.Reply(status.exitValue(), output);
    }

    private String logSince(long offset) throws IOException {
        return Files.readString(gateway.log()).substring((int) offset);
    }

    @Test
    public void statusStopAndKillAsTheUnitRunsTheAppliance() throws Exception {
        Path parent = Files.createDirectories(Path.of("target/service-lifecycle"));
        gateway = GatewayProcess.install(parent, "gw-svc", "127.0.0.1", GatewayProcess.freePort(),
                "pw-" + UUID.randomUUID(), Map.of("backend", "embedded", "api_secure", "false",
                        "minimum_gateways", "1"));
        gateway.authorizeSshKey();
        // as on a gateway node: no ~/.m2/repository and no Maven repository to download from, only system/
        Path mvn = gateway.home().resolve("etc/org.ops4j.pax.url.mvn.cfg");
        String settings = Files.readString(mvn).replaceAll("(?m)^org\\.ops4j\\.pax\\.url\\.mvn\\.repositories\\s*=(.*\\\\\\n)*.*\\n",
                "org.ops4j.pax.url.mvn.repositories =\n");
        Files.writeString(mvn, settings + "\norg.ops4j.pax.url.mvn.localRepository = "
                + gateway.home().resolve("data/no-m2") + "\n");
        GatewayProcess.Reply before = status();
        assertNotEquals("not running before the first start: " + before, 0, before.status());
        assertTrue(before.body(), before.body().contains("Not Running"));

        service = startAsTheUnitDoes();
        String boot = Files.readString(gateway.log());
        assertTrue("every bundle came from system/: " + boot, !boot.contains("Error resolving artifact"));
        // the main process systemd watches is the JVM itself, so SIGTERM reaches Karaf
        assertTrue("the unit's main process is the JVM: " + service.info().command(),
                service.info().command().orElse("").endsWith("/java"));
        GatewayProcess.Reply running = status();
        assertEquals(running.body(), 0, running.status());
        assertTrue(running.body(), running.body().contains("Running"));
        assertTrue(running.body(), !running.body().contains("Not Running"));

        gateway.ok("PUT", "/api/target/" + TARGET, Map.of());
        gateway.ok("PUT", "/api/gateway/" + TARGET + "/gw-svc", Map.of("ip_address", "127.0.0.1",
                "skipchecks", "true"));
        long epoch = ((Number) gateway.ok("PUT", "/api/client/" + TARGET + "/" + HOST, Map.of()).json()
                .get("epoch")).longValue();
        assertTrue(Files.isDirectory(gateway.configfs().resolve("target/iscsi/" + TARGET + "/tpgt_1/acls/" + HOST)));

        // gateway events in the console's log, as log:tail shows them: commits and reconciles with their epoch
        gateway.awaitSsh();
        String console = gateway.ssh("log:display").body();
        assertTrue(console, console.contains("epoch " + epoch + " committed in"));
        assertTrue(console, console.contains("LIO of gateway gw-svc is at epoch " + epoch));

        // systemctl stop: SIGTERM to the main process only; Karaf stops its bundles (the API's connector closes)
        Map<String, String> lio = FeatureUpgradeIT.lio(gateway.configfs());
        long logOffset = Files.size(gateway.log());
        long start = System.nanoTime();
        service.destroy();
        assertTrue("the appliance ends by itself within TimeoutStopSec", service.waitFor(60, TimeUnit.SECONDS));
        System.out.printf("SIGTERM: the appliance stopped in %d ms, exit %d%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), service.exitValue());
        String unit = Files.readString(gateway.home().resolve("bin/contrib/ceph-iscsi-karaf.service"));
        assertTrue("exit " + service.exitValue() + " is a success for the unit",
                List.of(directive(unit, "SuccessExitStatus", gateway.home()).split(" "))
                        .contains(Integer.toString(service.exitValue())));
        assertTrue("a clean shutdown stops the REST API: " + logSince(logOffset),
                logSince(logOffset).contains("Stopped ServerConnector"));
        GatewayProcess.Reply stopped = status();
        assertNotEquals(stopped.body(), 0, stopped.status());
        assertTrue(stopped.body(), stopped.body().contains("Not Running"));
        assertEquals("LIO stays as it is when the appliance stops", lio, FeatureUpgradeIT.lio(gateway.configfs()));

        // kill -9: no shutdown at all; bin/status must not believe the stale pid and port files
        service = startAsTheUnitDoes();
        assertEquals(0, status().status());
        service.destroyForcibly();
        assertTrue(service.waitFor(30, TimeUnit.SECONDS));
        GatewayProcess.Reply killed = status();
        assertNotEquals(killed.body(), 0, killed.status());
        assertTrue(killed.body(), killed.body().contains("Not Running"));

        // and it starts again after the kill; its restore finds LIO as the configuration wants it
        logOffset = Files.size(gateway.log());
        service = startAsTheUnitDoes();
        assertEquals(0, status().status());
        List<String> restores = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (restores.isEmpty() && System.nanoTime() < deadline) {
            logSince(logOffset).lines().filter(l -> l.contains("LIO of gateway gw-svc is at epoch")).forEach(restores::add);
            Thread.sleep(200);
        }
        assertEquals(restores.toString(), 1, restores.size());
        assertTrue(restores.get(0), restores.get(0).contains("at epoch " + epoch + " (0 operations"));
        assertTrue(Files.isDirectory(gateway.configfs().resolve("target/iscsi/" + TARGET + "/tpgt_1/acls/" + HOST)));
        service.destroy();
        assertTrue(service.waitFor(60, TimeUnit.SECONDS));
    }
}
