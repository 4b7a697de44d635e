package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;


/**
 * {@code bundle:update} of every appliance bundle while a target is live: no LIO object is removed or made again
 * (every configfs entry keeps its inode), the API answers again (a client polling it during each update gets replies
 * or, while nothing listens, a refused connection or one closed during its TLS handshake, never a connection cut
 * after its request was sent; the longest gap is printed per bundle), and changes committed
 * afterwards still reach LIO.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotUpdateIT extends ApplianceTestSupport {

    private static final String GATEWAY = "gw-hot.example.com";
    private static final String IQN = "iqn.2003-01.com.example.iscsi-gw:hot";
    private static final String HOST = "iqn.1994-05.com.example:hot-host";

    @Inject
    BundleContext bundleContext;

    @Configuration
    public Option[] config() {
        return appliance(Map.of("backend", "embedded", "gateway_name", GATEWAY));
    }

    private static Path configfs() {
        return Path.of(System.getProperty("karaf.data"), "configfs");
    }

    /** Every entry under the configfs folder and its inode: a removed and re-made object gets a new one. */
    private static Map<String, Object> inodes() throws Exception {
        Map<String, Object> inodes = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(configfs().resolve("target"))) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                inodes.put(configfs().relativize(path).toString(),
                        Files.getAttribute(path, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS));
            }
        }
        return inodes;
    }

    private static void await(Path path, boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Files.exists(path) != present && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(path + (present ? " exists" : " is gone"), present, Files.exists(path));
    }

    /**
     * Writes gateway.conf as another gateway would (the embedded store reads it within a second). The test keeps
     * clear of the appliance's own classes: a probe wired to them would be refreshed away by the updates.
     */
    private static void writeConfig(long epoch, boolean withClient) throws Exception {
        String auth = "{\"mutual_password\": \"\", \"mutual_password_encryption_enabled\": false, "
                + "\"mutual_username\": \"\", \"password\": \"\", \"password_encryption_enabled\": false, "
                + "\"username\": \"\"}";
        String clients = withClient ? "{\"" + HOST + "\": {\"auth\": " + auth
                + ", \"group_name\": \"\", \"luns\": {}}}" : "{}";
        String json = "{\"created\": \"2026/11/23 10:00:00\", \"discovery_auth\": " + auth
                + ", \"disks\": {}, \"epoch\": " + epoch + ", \"gateways\": {\"" + GATEWAY
                + "\": {\"active_luns\": 0, \"created\": \"2026/11/23 10:00:00\"}}, \"targets\": {\"" + IQN
                + "\": {\"acl_enabled\": true, \"auth\": " + auth + ", \"clients\": " + clients
                + ", \"controls\": {}, \"created\": \"2026/11/23 10:00:00\", \"disks\": {}, \"groups\": {}, "
                + "\"ip_list\": [\"192.0.2.9\"], \"portals\": {\"" + GATEWAY + "\": {\"gateway_ip_list\": "
                + "[\"192.0.2.9\"], \"inactive_portal_ips\": [], \"portal_ip_addresses\": [\"192.0.2.9\"], "
                + "\"tpgs\": 1}}}}, \"updated\": \"2026/11/23 10:00:00\", \"version\": 11}";
        Path file = Path.of(System.getProperty("karaf.data"), "gateway.conf");
        Path temp = file.resolveSibling("gateway.conf.it");
        Files.writeString(temp, json);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** What {@code bundle:update} does: update from the bundle's location, then refresh its dependants. */
    private void update(Bundle bundle) throws Exception {
        bundle.update();
        java.util.concurrent.CountDownLatch refreshed = new java.util.concurrent.CountDownLatch(1);
        bundleContext.getBundle(0).adapt(org.osgi.framework.wiring.FrameworkWiring.class)
                .refreshBundles(List.of(bundle), event -> refreshed.countDown());
        assertTrue("refreshed", refreshed.await(60, TimeUnit.SECONDS));
    }

    @Test
    public void updatingEveryApplianceBundleLeavesLioUntouched() throws Exception {
        String password = initialCredentials().getProperty("api_password");
        awaitApi("/api/_ping", "admin", password, 200);
        writeConfig(100, true);
        Path tpg = configfs().resolve("target/iscsi/" + IQN + "/tpgt_1");
        await(tpg.resolve("acls/" + HOST), true);
        Thread.sleep(500); // the reconcile has finished writing
        Map<String, Object> before = inodes();

        List<Bundle> appliance = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            if (bundle.getSymbolicName().startsWith("io.cephiscsi")) {
                appliance.add(bundle);
            }
        }
        assertEquals(8, appliance.size());
        for (Bundle bundle : appliance) {
            // a client polling through the gateway (GET /api/config reads the configuration) during the update, each
            // request on a connection of its own that tells a connection cut before the request was sent (TLS
            // handshake) from one cut after it
            ApiAvailability client = new ApiAvailability(bundle.getSymbolicName(), 10,
                    () -> ApiAvailability.once("GET", "/api/config", password));
            // and three sending back to back, so that requests are on their way whenever the listener closes
            List<ApiAvailability> busy = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                busy.add(new ApiAvailability(bundle.getSymbolicName() + "-" + i, 0,
                        () -> ApiAvailability.once("GET", "/api/_ping", password)));
            }
            long start = System.nanoTime();
            update(bundle);
            awaitApi("/api/_ping", "admin", password, 200);
            long updated = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Thread.sleep(300);
            List<ApiAvailability.Sample> samples = client.stop();
            List<ApiAvailability.Sample> all = new ArrayList<>(samples);
            for (ApiAvailability other : busy) {
                all.addAll(other.stop());
            }
            System.out.printf("bundle:update %s: done and API answers after %d ms; API unavailable for %d ms "
                            + "(GET /api/config every 10 ms: %s; with 3 clients sending GET /api/_ping back to back: "
                            + "%s)%n", bundle.getSymbolicName(), updated,
                    ApiAvailability.longestOutageMillis(samples), ApiAvailability.outcomes(samples),
                    ApiAvailability.outcomes(all));
            samples = all;
            for (String outcome : ApiAvailability.outcomes(samples).keySet()) {
                // never "reset": a request sent on a connection the API had accepted gets its reply
                assertTrue(bundle.getSymbolicName() + ": a reply, or refused (at connect) while nothing listens: "
                        + ApiAvailability.outcomes(samples) + " " + ApiAvailability.details(samples), outcome.equals("200") || outcome.equals("503")
                        || outcome.equals("refused") || outcome.equals("closed-at-connect"));
            }
        }
        Thread.sleep(1500); // every restarted gateway has restored (and found nothing to do)
        assertEquals("no LIO object removed or re-made by the updates", before, inodes());

        // the updated appliance still follows the configuration
        writeConfig(101, false);
        await(tpg.resolve("acls/" + HOST), false);
    }
}
