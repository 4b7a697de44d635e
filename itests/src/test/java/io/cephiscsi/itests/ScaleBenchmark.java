package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * Issue 9 at scale, natively (benchmark, prints figures, on demand): one appliance (the real distribution, its own
 * JVM) on the test Ceph, LIO on a folder root, grown through its REST API to {@code bench.steps} LUNs (default
 * 100, 250, 500, 1,000) over {@code bench.targets} targets (64) with hosts growing in proportion up to
 * {@code bench.hosts} (512, each with one of its target's LUNs mapped). At each step N, so that a worse-than-linear
 * step shows:
 * <ul>
 * <li>p50/p99 of each mutation ({@code bench.samples} each: create disk, map it as a LUN, create a host, map a LUN
 * to it); these samples are part of the N LUNs and hosts;</li>
 * <li>{@code gwcli ls /} one-shot over SSH, p50/p99 of {@code bench.lsRuns};</li>
 * <li>config commits/s with {@code bench.writers} concurrent writers (4), each creating then deleting
 * {@code bench.writerCommits} hosts on one target, and whether every update survived;</li>
 * <li>restart with an empty LIO (folder wiped, as after a reboot): process start → API ready and → all N LUNs and
 * every host's mapped LUN in LIO; the JVM's RSS afterwards.</li>
 * </ul>
 * Goals (issue 9): mutations flat in N; 1,000 LUNs restored in at most 5 s; {@code ls /} at most 100 ms at 1,000
 * disks. Run it (the full run takes long: it builds the configuration change by change; a small check:
 * {@code -Dbench.steps=10,20 -Dbench.targets=4 -Dbench.hosts=16 -Dbench.samples=4}):
 *
 * <pre>
 * CEPH_ISCSI_TEST_CONF=/path/ceph.conf mvn -o verify -pl itests -Dtest=ScaleBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.steps=100,250,500,1000] [-Dbench.targets=64] \
 *     [-Dbench.hosts=512] [-Dbench.samples=20] [-Dbench.lsRuns=10] [-Dbench.writers=4] [-Dbench.writerCommits=25]
 * </pre>
 *
 * The run's images and its configuration object are removed at the end.
 *
 * <p>Only the restore, repeatedly: {@code -Dbench.restoreOnly=true -Dbench.steps=1000 -Dbench.restarts=5} grows to
 * the last step without the measured mutations, {@code ls} and writers, then restarts {@code bench.restarts} times,
 * printing each restart (and the gateway's own "LIO ... is at epoch" line with its time split); the table shows the
 * median. {@code -Dbench.jvmVariants='|-XX:TieredStopAtLevel=1'} gives the restarts in turn those extra JVM options
 * (here: none, then C1 only), to compare them on one grown configuration. {@code -Dbench.jfr=true} records a JFR profile of each restart into the appliance's home
 * ({@code target/scale-benchmark/gw-scale/restart-N.jfr}). {@code -Dbench.otherDistribution=/path/other.tar.gz}
 * (restore only) compares two builds under the same conditions: a second appliance from that distribution, the same
 * gateway on the same configuration and LIO root (its folder {@code gw-scale-other}, started once first so that its
 * restarts, like this one's, find their bundle cache), restarted in turn with this one, each printed with its own
 * medians; the table shows this build's.
 */
public class ScaleBenchmark {
    /** the appliance's LIO folder root (on tmpfs by default) */
    private Path lioRoot;


    private static final String POOL = "iscsi";
    private static final String NAME = "gw-scale";

    private final List<String> images = new ArrayList<>();
    private final List<String> diskIds = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private int hosts;
    private String tag;
    private boolean restoreOnly;
    private int restarts;
    private boolean jfr;
    private List<String> jvmVariants;
    /** with bench.otherDistribution: the other build's appliance, restarted in turn with this one */
    private GatewayProcess other;
    private int restartCount;

    /** One line of the growth table. */
    private record Step(int luns, int hosts, long[] createDisk, long[] mapLun, long[] createHost, long[] mapHostLun,
                        List<Long> ls, double commitsPerSecond, int lostUpdates, int refused, long restoreLioMillis,
                        long restoreApiMillis, long rssMib) {
    }

    @Test
    public void growthToAThousandLuns() throws Exception {
        int[] steps = Arrays.stream(System.getProperty("bench.steps", "100,250,500,1000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int targetCount = Integer.getInteger("bench.targets", 64);
        int maxHosts = Integer.getInteger("bench.hosts", 512);
        int samples = Integer.getInteger("bench.samples", 20);
        int lsRuns = Math.max(2, Integer.getInteger("bench.lsRuns", 10));
        int writers = Integer.getInteger("bench.writers", 4);
        int writerCommits = Integer.getInteger("bench.writerCommits", 25);
        restoreOnly = Boolean.getBoolean("bench.restoreOnly");
        restarts = Math.max(1, Integer.getInteger("bench.restarts", 1));
        jfr = Boolean.getBoolean("bench.jfr");
        jvmVariants = List.of(System.getProperty("bench.jvmVariants", "").split("\\|", -1));
        int maxLuns = steps[steps.length - 1];
        assertTrue("at most 255 LUNs per target", maxLuns <= 255 * targetCount);
        assertTrue("each step above bench.samples, in increasing order", steps[0] > samples
                && Arrays.equals(steps, Arrays.stream(steps).sorted().distinct().toArray()));
        tag = "s" + UUID.randomUUID().toString().substring(0, 4);
        String objectName = "gateway.conf.scale-" + UUID.randomUUID();

        Path parent = Files.createDirectories(Path.of("target/scale-benchmark"));
        // configfs is a RAM file system: the LIO folder root goes on one too (bench.configfs= another folder), so
        // the restore measures the engine, not the disk under the emulated kernel's files
        lioRoot = Files.createTempDirectory(Path.of(System.getProperty("bench.configfs", "/dev/shm")), "scale-");
        Map<String, String> settings = Map.of("backend", "ceph", "ceph_conf", TestCluster.conf(),
                "cluster_client_name", "client.admin", "pool", POOL, "gateway_conf", objectName,
                "api_secure", "false", "minimum_gateways", "1", "configfs_root", lioRoot.toString());
        GatewayProcess gw = GatewayProcess.install(parent, NAME, "127.0.0.1", GatewayProcess.freePort(),
                "pw-" + UUID.randomUUID(), settings);
        String otherDistribution = System.getProperty("bench.otherDistribution", "");
        if (restoreOnly && !otherDistribution.isBlank()) {
            Map<String, String> same = new java.util.HashMap<>(settings);
            same.put("gateway_name", NAME);
            other = GatewayProcess.install(Path.of(otherDistribution), parent, NAME + "-other", "127.0.0.1",
                    GatewayProcess.freePort(), "pw-" + UUID.randomUUID(), same);
        }
        gw.authorizeSshKey();
        List<Step> table = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            gw.start();
            long firstStart = millis(t0);
            gw.awaitSsh();
            System.out.printf("ScaleBenchmark: first start (empty config) to API ready %d ms, RSS %d MiB; %d cpus%n",
                    firstStart, gw.rssMib(), Runtime.getRuntime().availableProcessors());
            for (int t = 0; t < targetCount; t++) {
                String target = String.format("iqn.2003-01.com.example.iscsi-gw:%s-%02d", tag, t);
                targets.add(target);
                gw.ok("PUT", "/api/target/" + target, Map.of());
                gw.ok("PUT", "/api/gateway/" + target + "/" + NAME, Map.of("ip_address", "127.0.0.1"));
            }
            for (int luns : steps) {
                int hostsWanted = Math.max(samples, (int) ((long) maxHosts * luns / maxLuns));
                table.add(step(gw, luns, hostsWanted, samples, lsRuns, writers, writerCommits));
                printTable(table, targetCount); // after each step: a long run shows its figures as it goes
            }
        } finally {
            gw.close();
            if (other != null) {
                other.close();
            }
            ChangeLatencyBenchmark.removeImagesAndConfig(images, objectName);
            try (Stream<Path> all = Files.walk(lioRoot)) {
                all.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Step step(GatewayProcess gw, int luns, int hostsWanted, int samples, int lsRuns, int writers,
                      int writerCommits) throws Exception {
        if (restoreOnly) {
            samples = 0;
        }
        // ----- grow (not measured) to N - samples LUNs and hostsWanted - samples hosts
        long start = System.nanoTime();
        while (diskIds.size() < luns - samples) {
            int count = Math.min(10, luns - samples - diskIds.size());
            String prefix = tag + "d" + diskIds.size() + "_";
            gw.ok("PUT", "/api/disk/" + POOL + "/" + prefix, Map.of("mode", "create", "size", "1M",
                    "count", Integer.toString(count)));
            for (int n = 1; n <= count; n++) {
                String image = count == 1 ? prefix : prefix + n;
                images.add(image);
                gw.ok("PUT", "/api/targetlun/" + targetOf(diskIds.size()), Map.of("disk", POOL + "/" + image));
                diskIds.add(POOL + "/" + image);
            }
        }
        while (hosts < hostsWanted - samples) {
            addHost(gw, null, null);
        }
        System.out.printf("ScaleBenchmark: grown to %d LUNs, %d hosts in %d s%n", diskIds.size(), hosts,
                millis(start) / 1000);
        if (restoreOnly) {
            long[] restore = restarts(gw, luns, hostsWanted);
            long rss = gw.rssMib();
            return new Step(diskIds.size(), hosts, new long[1], new long[1], new long[1], new long[1],
                    lsLoop(gw, lsRuns), 0, 0, 0, restore[0], restore[1], rss);
        }

        // ----- the measured mutations, the last samples of this step's LUNs and hosts
        long[] createDisk = new long[samples];
        long[] mapLun = new long[samples];
        long[] createHost = new long[samples];
        long[] mapHostLun = new long[samples];
        for (int i = 0; i < samples; i++) {
            String image = tag + "m" + diskIds.size();
            String target = targetOf(diskIds.size());
            long t0 = System.nanoTime();
            gw.ok("PUT", "/api/disk/" + POOL + "/" + image, Map.of("mode", "create", "size", "1M"));
            long t1 = System.nanoTime();
            images.add(image);
            gw.ok("PUT", "/api/targetlun/" + target, Map.of("disk", POOL + "/" + image));
            long t2 = System.nanoTime();
            diskIds.add(POOL + "/" + image);
            long[] host = addHost(gw, target, POOL + "/" + image);
            createDisk[i] = t1 - t0;
            mapLun[i] = t2 - t1;
            createHost[i] = host[0];
            mapHostLun[i] = host[1];
        }

        List<Long> ls = lsLoop(gw, lsRuns);

        // ----- commits/s with concurrent writers: each creates then deletes its hosts on the first target
        String target = targets.get(0);
        AtomicInteger refused = new AtomicInteger();
        AtomicLong commits = new AtomicLong();
        long lost = 0;
        long wStart = System.nanoTime();
        for (String method : List.of("PUT", "DELETE")) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> all = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    all.add(pool.submit(() -> {
                        for (int c = 0; c < writerCommits; c++) {
                            String client = "iqn.1994-05.com.example:" + tag + "-w" + writer + "-" + c;
                            GatewayProcess.Reply reply = gw.request(method, "/api/client/" + target + "/" + client,
                                    Map.of());
                            if (reply.status() == 200) {
                                commits.incrementAndGet();
                            } else {
                                refused.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : all) {
                    f.get(30, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdown();
            }
            if (method.equals("PUT")) { // every create that was answered 200 is in the configuration
                Map<?, ?> clients = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) gw.ok("GET", "/api/config", Map.of())
                        .json().get("targets")).get(target)).get("clients");
                long present = clients.keySet().stream().filter(c -> c.toString().contains(tag + "-w")).count();
                lost = commits.get() - present;
            }
        }
        double wSeconds = (System.nanoTime() - wStart) / 1e9;
        Map<?, ?> clientsAfter = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) gw.ok("GET", "/api/config", Map.of()).json()
                .get("targets")).get(target)).get("clients");
        lost += clientsAfter.keySet().stream().filter(c -> c.toString().contains(tag + "-w")).count();

        // ----- restart on an empty LIO
        long[] restore = restarts(gw, diskIds.size(), hosts);
        return new Step(diskIds.size(), hosts, createDisk, mapLun, createHost, mapHostLun, ls,
                commits.get() / wSeconds, (int) lost, refused.get(), restore[0], restore[1], gw.rssMib());
    }

    /** {@code gwcli ls /} over SSH (the first one untimed: its size is checked): the times of {@code runs}. */
    private List<Long> lsLoop(GatewayProcess gw, int runs) throws Exception {
        GatewayProcess.Reply first = gw.ssh("gwcli ls /");
        assertEquals(first.body(), 0, first.status());
        assertTrue(first.body(), first.body().contains("Disks: " + diskIds.size() + "]"));
        List<Long> ls = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<Long> pwd = new ArrayList<>();
        List<Long> pwdInit = new ArrayList<>();
        while (ls.size() < runs && failures.size() < runs) {
            GwcliLsBenchmark.timed(gw, "gwcli ls /", first.body(), ls, failures);
            GwcliLsBenchmark.timed(gw, "gwcli pwd", "/\n", pwd, failures);
            GwcliLsBenchmark.timed(gw, "gwcli pwd;", "/\n", pwdInit, failures);
        }
        if (!failures.isEmpty()) {
            System.out.println("ScaleBenchmark: incomplete gwcli replies (not timed): " + failures);
        }
        // what the tree costs beyond the SSH connection and the Karaf session, and what the init scripts cost
        System.out.printf(Locale.ROOT, "ScaleBenchmark: ssh one-shots, ms p50/p99: 'gwcli ls /' %s, 'gwcli pwd' %s,"
                + " 'gwcli pwd;' (with Karaf's init scripts) %s%n", pp(ls.stream().mapToLong(Long::longValue).toArray()),
                pp(pwd.stream().mapToLong(Long::longValue).toArray()),
                pp(pwdInit.stream().mapToLong(Long::longValue).toArray()));
        return ls;
    }

    /**
     * Creates a host with one mapped LUN: on {@code target} with {@code disk}, or (both null) on the targets in turn
     * with one of that target's LUNs.
     */
    private long[] addHost(GatewayProcess gw, String target, String disk) throws Exception {
        if (target == null) {
            int size = diskIds.size();
            int index = hosts % size;
            if (size >= targets.size()) {
                int t = hosts % targets.size();
                int perTarget = (size - t + targets.size() - 1) / targets.size();
                index = t + targets.size() * ((hosts / targets.size()) % perTarget);
            }
            target = targetOf(index);
            disk = diskIds.get(index);
        }
        String client = "iqn.1994-05.com.example:" + tag + "-h" + hosts;
        long t0 = System.nanoTime();
        gw.ok("PUT", "/api/client/" + target + "/" + client, Map.of());
        long t1 = System.nanoTime();
        gw.ok("PUT", "/api/clientlun/" + target + "/" + client, Map.of("disk", disk));
        long t2 = System.nanoTime();
        hosts++;
        return new long[] {t1 - t0, t2 - t1};
    }

    private String targetOf(int lunIndex) {
        return targets.get(lunIndex % targets.size());
    }

    /**
     * {@code bench.restarts} restarts on an empty LIO, each printed: the medians of start → LIO and → API. With
     * {@code bench.otherDistribution}, the other build's appliance restarts before each of this one's.
     */
    private long[] restarts(GatewayProcess gw, int luns, int hostCount) throws Exception {
        long[] lio = new long[restarts];
        long[] api = new long[restarts];
        long[] otherLio = new long[restarts];
        long[] otherApi = new long[restarts];
        if (other != null) { // its first start, not measured: it makes its bundle cache
            gw.stop();
            other.start();
            GwcliLsBenchmark.awaitLog(other, "is at epoch");
            other.stop();
        }
        for (int r = 0; r < restarts; r++) {
            if (other != null) {
                gw.stop();
                long[] one = restartOnce(other, "other build ", r, luns, hostCount);
                otherLio[r] = one[0];
                otherApi[r] = one[1];
                other.stop();
            }
            long[] one = restartOnce(gw, other != null ? "this build " : "", r, luns, hostCount);
            lio[r] = one[0];
            api[r] = one[1];
        }
        if (other != null) {
            Arrays.sort(otherLio);
            Arrays.sort(otherApi);
            System.out.printf("ScaleBenchmark: other build (%s), median of %d restarts: start -> LIO %d ms, start ->"
                    + " API %d ms%n", System.getProperty("bench.otherDistribution"), restarts,
                    otherLio[restarts / 2], otherApi[restarts / 2]);
        }
        Arrays.sort(lio);
        Arrays.sort(api);
        if (other != null) {
            System.out.printf("ScaleBenchmark: this build, median of %d restarts: start -> LIO %d ms, start -> API"
                    + " %d ms%n", restarts, lio[restarts / 2], api[restarts / 2]);
        }
        return new long[] {lio[restarts / 2], api[restarts / 2]};
    }

    /** One restart of {@code gw} (the r-th), printed: start → LIO and start → API. */
    private long[] restartOnce(GatewayProcess gw, String label, int r, int luns, int hostCount) throws Exception {
        restartCount++;
        String variant = jvmVariants.get(r % jvmVariants.size());
        String options = variant + (jfr ? " -XX:StartFlightRecording=settings=profile,dumponexit=true,"
                + "filename=" + gw.home().resolve("restart-" + restartCount + ".jfr") : "");
        gw.environment("EXTRA_JAVA_OPTS", options.strip());
        // the log so far aside (the old JVM writes on into it until it stops): the restart's lines start a new one
        if (Files.exists(gw.log())) {
            Files.move(gw.log(), gw.log().resolveSibling("karaf-before-restart-" + restartCount + ".log"));
        }
        long[] one = restart(gw, lioRoot, luns, hostCount);
        long startedAt = one[3];
        String line = GwcliLsBenchmark.awaitLog(gw, "is at epoch");
        // when the gateway's restore ran, from its log line's time and its own duration
        long loggedAt = java.time.LocalDateTime.parse(line.substring(0, 23).replace(',', '.'))
                .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
        java.util.regex.Matcher took = java.util.regex.Pattern.compile("operations, (\\d+) ms").matcher(line);
        long reconcileMillis = took.find() ? Long.parseLong(took.group(1)) : 0;
        System.out.printf("ScaleBenchmark: %srestart %d with %d LUNs, %d hosts: start -> LIO %d ms, start -> API"
                + " %d ms; JVM CPU at LIO %d ms; the restore ran from %d to %d ms after the start; %s%s%n",
                label, restartCount, luns, hostCount, one[0], one[1], one[2],
                loggedAt - reconcileMillis - startedAt, loggedAt - startedAt,
                line.substring(line.indexOf("LIO of gateway")), variant.isBlank() ? "" : "; JVM options " + variant);
        return one;
    }

    /**
     * Stops the appliance, empties its LIO folder (as a reboot empties the kernel's), starts it: ms from the start
     * until every LUN and every host's mapped LUN is in LIO, and until the API answers.
     */
    private static long[] restart(GatewayProcess gw, Path lio, int luns, int hostCount) throws Exception {
        gw.stop();
        if (Files.exists(lio)) {
            try (Stream<Path> all = Files.walk(lio)) {
                all.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(lio);
        AtomicLong lioReady = new AtomicLong(-1);
        AtomicLong cpuAtLio = new AtomicLong(-1);
        long startedAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Thread watcher = new Thread(() -> {
            try {
                while (lioReady.get() < 0 && System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(30)) {
                    if (count(lio, "target/iscsi/*/tpgt_*/lun/lun_*") >= luns
                            && count(lio, "target/iscsi/*/tpgt_*/acls/*/lun_*") >= hostCount) {
                        cpuAtLio.set(cpuMillis(gw));
                        lioReady.set(millis(t0));
                    } else {
                        Thread.sleep(100);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "lio-watcher");
        watcher.start();
        gw.start();
        long api = millis(t0);
        watcher.join(TimeUnit.MINUTES.toMillis(30));
        assertTrue("all " + luns + " LUNs and " + hostCount + " host LUNs in LIO after the restart",
                lioReady.get() >= 0);
        return new long[] {lioReady.get(), api, cpuAtLio.get(), startedAt};
    }

    /** The CPU time (user + system) the gateway's JVM used so far, in ms ({@code /proc/<pid>/stat}); -1 if unknown. */
    private static long cpuMillis(GatewayProcess gw) {
        try {
            String stat = Files.readString(Path.of("/proc/" + gw.jvmPid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // clock ticks of 10 ms
        } catch (Exception e) {
            return -1;
        }
    }

    /** Entries matching a glob of folder names (each * one level) under {@code root}. */
    private static long count(Path root, String glob) throws Exception {
        List<Path> level = List.of(root);
        for (String part : glob.split("/")) {
            List<Path> next = new ArrayList<>();
            var matcher = root.getFileSystem().getPathMatcher("glob:" + part);
            for (Path dir : level) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> children = Files.list(dir)) {
                    children.filter(c -> matcher.matches(c.getFileName())).forEach(next::add);
                }
            }
            level = next;
        }
        return level.size();
    }

    private static void printTable(List<Step> table, int targetCount) {
        System.out.printf(Locale.ROOT, "%nScaleBenchmark: growth in N (%d targets, one gateway, folder LIO, test Ceph;"
                + " ms, nearest-rank p50/p99)%n", targetCount);
        System.out.println("| LUNs | hosts | create disk | map LUN | create host | map LUN to host | `gwcli ls /` (SSH)"
                + " | commits/s (writers) | restore: LIO | restore: API | RSS MiB |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Step s : table) {
            System.out.printf(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %s | %.1f%s | %d | %d | %d |%n", s.luns(),
                    s.hosts(), pp(s.createDisk()), pp(s.mapLun()), pp(s.createHost()), pp(s.mapHostLun()),
                    pp(s.ls().stream().mapToLong(Long::longValue).toArray()), s.commitsPerSecond(),
                    (s.lostUpdates() > 0 ? ", " + s.lostUpdates() + " LOST" : "")
                            + (s.refused() > 0 ? ", " + s.refused() + " refused" : ""),
                    s.restoreLioMillis(), s.restoreApiMillis(), s.rssMib());
        }
    }

    private static String pp(long[] nanos) {
        return String.format(Locale.ROOT, "%.0f / %.0f", ChangeLatencyBenchmark.percentile(nanos, 50) / 1e6,
                ChangeLatencyBenchmark.percentile(nanos, 99) / 1e6);
    }

    private static long millis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
