package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

import io.cephiscsi.ceph.internal.RadosConnection;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.rbd.internal.CephImageService;

/**
 * How long a change takes with 1,000 LUNs already defined, two gateways: p50/p99/max of create disk, map LUN and
 * create host, each answered only once both gateways' LIO is at the new epoch (or the reply names the one that is
 * not, under {@code catching_up}). Goal: p50 at most 50 ms. Not part of the default run (surefire takes
 * {@code *IT}); run it on purpose, with the test Ceph cluster:
 *
 * <pre>
 * CEPH_ISCSI_TEST_CONF=/path/ceph.conf mvn -o verify -pl itests -Dtest=ChangeLatencyBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.disks=1000] [-Dbench.targets=5] [-Dbench.samples=50]
 *     [-Dbench.jfr=true]
 * </pre>
 *
 * Two appliances (API on 127.0.0.1 and 127.0.0.2, plain HTTP, {@code minimum_gateways = 1}, one gateway.conf
 * object of their own in pool {@code iscsi}); {@code bench.targets} targets each served by both gateways (LIO allows
 * LUN ids 0..255 per target, so the LUNs are spread over them); {@code bench.disks} 1 MiB images created through the
 * API ten per request, each mapped as a LUN. Then {@code bench.samples} rounds of create disk, map it, create a host,
 * the requests alternating between the two gateways. With {@code bench.jfr=true} each gateway JVM records a JFR
 * profile into its home ({@code target/change-latency/gwN/bench.jfr}), written when it stops. The images and the
 * configuration object are removed at the end.
 */
public class ChangeLatencyBenchmark {

    private static final String POOL = "iscsi";

    @Test
    public void changeLatencyWithAThousandLuns() throws Exception {
        int disks = Integer.getInteger("bench.disks", 1000);
        int targetCount = Integer.getInteger("bench.targets", 5);
        int samples = Integer.getInteger("bench.samples", 50);
        boolean jfr = Boolean.getBoolean("bench.jfr");
        assertTrue("at most 256 LUNs per target", (disks + samples + targetCount - 1) / targetCount <= 256);
        String tag = "b" + UUID.randomUUID().toString().substring(0, 4); // this run's images
        String objectName = "gateway.conf.bench-" + UUID.randomUUID();

        Path parent = Files.createDirectories(Path.of("target/change-latency"));
        String password = "pw-" + UUID.randomUUID();
        int apiPort = GatewayProcess.freePort();
        Map<String, String> shared = Map.of("backend", "ceph", "ceph_conf", TestCluster.conf(),
                "cluster_client_name", "client.admin", "pool", POOL, "gateway_conf", objectName,
                "api_secure", "false", "minimum_gateways", "1");
        // configfs is a RAM file system: the LIO folder roots go on one too, so that the emulated kernel's files
        // cost what configfs objects cost, not disk writes (bench.configfs= a folder of your choice)
        Path lioRoots = Files.createTempDirectory(Path.of(System.getProperty("bench.configfs", "/dev/shm")),
                "change-latency-");
        GatewayProcess gw1 = GatewayProcess.install(parent, "gw1", "127.0.0.1", apiPort, password,
                withLioRoot(shared, lioRoots.resolve("gw1")));
        GatewayProcess gw2 = GatewayProcess.install(parent, "gw2", "127.0.0.2", apiPort, password,
                withLioRoot(shared, lioRoots.resolve("gw2")));
        if (jfr) {
            for (GatewayProcess gw : List.of(gw1, gw2)) {
                gw.environment("EXTRA_JAVA_OPTS", "-XX:StartFlightRecording=settings=profile,dumponexit=true,"
                        + "filename=" + gw.home().resolve("bench.jfr"));
            }
        }
        List<String> images = new ArrayList<>();
        try {
            gw1.start();
            gw2.start();
            GatewayProcess[] gateways = {gw1, gw2};

            // ----- setup: targets with both gateways
            long start = System.nanoTime();
            List<String> targets = new ArrayList<>();
            for (int t = 0; t < targetCount; t++) {
                String target = "iqn.2003-01.com.example.iscsi-gw:bench-" + t;
                targets.add(target);
                gw1.ok("PUT", "/api/target/" + target, Map.of());
                gw1.ok("PUT", "/api/gateway/" + target + "/gw1", Map.of("ip_address", "127.0.0.1"));
                // two appliances on one machine differ in api_host, which the settings check covers (TwoGatewaysIT)
                gw1.ok("PUT", "/api/gateway/" + target + "/gw2", Map.of("ip_address", "127.0.0.2",
                        "skipchecks", "true"));
            }
            long targetsMillis = millis(start);

            // ----- setup: the images and disks, ten per request
            start = System.nanoTime();
            List<String> diskIds = new ArrayList<>();
            for (int k = 0; k * 10 < disks; k++) {
                int count = Math.min(10, disks - k * 10);
                String prefix = tag + "d" + k + "_";
                gateways[k % 2].ok("PUT", "/api/disk/" + POOL + "/" + prefix, Map.of("mode", "create", "size", "1M",
                        "count", Integer.toString(count)));
                for (int n = 1; n <= count; n++) {
                    String image = count == 1 ? prefix : prefix + n;
                    images.add(image);
                    diskIds.add(POOL + "/" + image);
                }
            }
            long disksMillis = millis(start);
            System.out.printf("setup: %d targets with both gateways in %d ms; %d disks (1 MiB images, 10 per "
                    + "request) in %d ms%n", targetCount, targetsMillis, disks, disksMillis);

            // ----- setup: every disk a LUN, spread over the targets
            start = System.nanoTime();
            long block = System.nanoTime();
            int setupCatchingUp = 0;
            for (int i = 0; i < diskIds.size(); i++) {
                GatewayProcess.Reply reply = gateways[i % 2].ok("PUT", "/api/targetlun/" + targets.get(i % targetCount),
                        Map.of("disk", diskIds.get(i)));
                setupCatchingUp += catchingUp(reply) ? 1 : 0;
                if ((i + 1) % 100 == 0) {
                    System.out.printf("  LUNs %4d..%4d mapped in %5d ms (%.1f ms each)%n", i - 98, i + 1,
                            millis(block), millis(block) / 100.0);
                    block = System.nanoTime();
                }
            }
            long lunsMillis = millis(start);
            System.out.printf("setup: %d LUNs mapped in %d ms (%.1f ms each, catching_up in %d replies)%n",
                    diskIds.size(), lunsMillis, (double) lunsMillis / Math.max(1, diskIds.size()), setupCatchingUp);
            String config = gw1.ok("GET", "/api/config", Map.of()).body();
            System.out.printf("gateway.conf now %d bytes, epoch %s%n", config.getBytes(StandardCharsets.UTF_8).length,
                    gw1.ok("GET", "/api/config", Map.of()).json().get("epoch"));
            printRss(gw1, gw2, "after setup");

            // ----- the measured changes, alternating the gateway asked
            long[] createDisk = new long[samples];
            long[] mapLun = new long[samples];
            long[] createHost = new long[samples];
            int[] catching = new int[3];
            for (int i = 0; i < samples; i++) {
                GatewayProcess gw = gateways[i % 2];
                String target = targets.get(i % targetCount);
                String image = tag + "lat" + i;
                long t0 = System.nanoTime();
                GatewayProcess.Reply created = gw.ok("PUT", "/api/disk/" + POOL + "/" + image,
                        Map.of("mode", "create", "size", "1M"));
                long t1 = System.nanoTime();
                images.add(image);
                GatewayProcess.Reply mapped = gw.ok("PUT", "/api/targetlun/" + target,
                        Map.of("disk", POOL + "/" + image));
                long t2 = System.nanoTime();
                GatewayProcess.Reply host = gw.ok("PUT", "/api/client/" + target + "/iqn.1994-05.com.example:" + tag
                        + "-host" + i, Map.of());
                long t3 = System.nanoTime();
                createDisk[i] = t1 - t0;
                mapLun[i] = t2 - t1;
                createHost[i] = t3 - t2;
                catching[0] += catchingUp(created) ? 1 : 0;
                catching[1] += catchingUp(mapped) ? 1 : 0;
                catching[2] += catchingUp(host) ? 1 : 0;
            }
            System.out.printf("%nchange latency with %d LUNs defined over %d targets, two gateways, %d samples each "
                    + "(nearest-rank percentiles):%n", disks, targetCount, samples);
            System.out.println("| operation | p50 ms | p99 ms | max ms | catching_up |");
            System.out.println("|---|---|---|---|---|");
            printRow("create disk (PUT /api/disk, 1 image)", createDisk, catching[0], samples);
            printRow("map LUN (PUT /api/targetlun)", mapLun, catching[1], samples);
            printRow("create host (PUT /api/client)", createHost, catching[2], samples);
            printRss(gw1, gw2, "after the measured changes");

            // the last change is in both gateways' LIO
            Map<String, Object> last = gw1.ok("GET", "/api/config", Map.of()).json();
            assertEquals(disks + samples, ((Map<?, ?>) last.get("disks")).size());
            long p50 = Math.max(percentile(createDisk, 50), Math.max(percentile(mapLun, 50),
                    percentile(createHost, 50)));
            System.out.printf("goal p50 <= 50 ms: %s (worst p50 %.1f ms)%n", p50 <= 50_000_000L ? "met" : "MISSED",
                    p50 / 1e6);
        } finally {
            gw1.close();
            gw2.close();
            removeImagesAndConfig(images, objectName);
            try (var files = Files.walk(lioRoots)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static Map<String, String> withLioRoot(Map<String, String> settings, Path root) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("configfs_root", root.toString());
        return all;
    }

    static boolean catchingUp(GatewayProcess.Reply reply) {
        Object list = reply.json().get("catching_up");
        return list instanceof List<?> l && !l.isEmpty();
    }

    private static void printRow(String operation, long[] nanos, int catchingUp, int samples) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %d of %d |%n", operation,
                percentile(nanos, 50) / 1e6, percentile(nanos, 99) / 1e6, percentile(nanos, 100) / 1e6, catchingUp,
                samples);
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] values, int percent) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void printRss(GatewayProcess gw1, GatewayProcess gw2, String when) throws Exception {
        StringBuilder line = new StringBuilder("RSS " + when + ":");
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            line.append(String.format(" %s (pid %d) %d MiB;", gw.name(), gw.jvmPid(), gw.rssMib()));
        }
        System.out.println(line);
    }

    private static long millis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** The run's images and its configuration object leave the shared test cluster again. */
    static void removeImagesAndConfig(List<String> images, String objectName) throws Exception {
        RadosConnection ceph = new RadosConnection(GatewaySettings.of(Map.of(), Map.of("backend", "ceph",
                "ceph_conf", TestCluster.conf(), "cluster_client_name", "client.admin", "time_out", "30"),
                Files::exists));
        CephImageService service = new CephImageService(ceph, 30, 1, 8);
        long start = System.nanoTime();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (String image : images) {
                all.add(pool.submit(() -> {
                    try {
                        service.delete(POOL, image);
                    } catch (RuntimeException e) {
                        if (failed.incrementAndGet() <= 3) {
                            System.out.println("could not delete " + POOL + "/" + image + ": " + e);
                        }
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            ceph.withIoCtx(POOL, io -> {
                io.remove(objectName);
                return null;
            });
        } finally {
            pool.shutdown();
            service.close();
            ceph.close();
        }
        System.out.printf("cleanup: %d images deleted in %d ms (%d failed), %s removed%n",
                images.size() - failed.get(), millis(start), failed.get(), objectName);
    }
}
