package io.cephiscsi.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mixed API load over two appliances ({@link GatewayProcess}, test Ceph): {@code clients} threads, each with its own
 * hosts and disks on one shared target (served by both gateways), send reads (config, targets, clients, a disk,
 * _ping) and writes (create a host, set or change its CHAP, delete it, create a disk) to either gateway for
 * {@code duration}. Documented refusals are 409 (a conflicting change) and 503 (the shared configuration
 * unavailable); anything else is an error. Every acknowledged change is remembered per object, and at the end the
 * shared configuration on both gateways must hold each object as its last acknowledged change left it (a 409 left
 * it as it was; any other failure makes that object's state unknown and it is not checked).
 */
final class ApplianceLoad {

    static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:load";

    /** What one run observed. */
    record Result(int requests, Map<String, Integer> byStatus, List<String> errors, List<String> lost, int checked,
                  int acknowledgedWrites, String table, List<String> heaps) {
    }

    private record Sample(String op, int minute, long nanos) {
    }

    private final GatewayProcess gw1;
    private final GatewayProcess gw2;
    private final String pool;

    ApplianceLoad(GatewayProcess gw1, GatewayProcess gw2, String pool) {
        this.gw1 = gw1;
        this.gw2 = gw2;
        this.pool = pool;
    }

    /** Two appliances on 127.0.0.1 and 127.0.0.2 sharing a fresh gateway.conf in the test Ceph. */
    static GatewayProcess[] install(Path parent, String pool, boolean debugLogs) throws Exception {
        String password = "pw-" + UUID.randomUUID();
        int apiPort = GatewayProcess.freePort();
        Map<String, String> shared = Map.of("backend", "ceph", "ceph_conf", TestCluster.conf(),
                "cluster_client_name", "client.admin", "pool", pool,
                "gateway_conf", "gateway.conf.load-" + UUID.randomUUID(), "api_secure", "false",
                "minimum_gateways", "1");
        GatewayProcess[] both = {GatewayProcess.install(parent, "gw1", "127.0.0.1", apiPort, password, shared),
                GatewayProcess.install(parent, "gw2", "127.0.0.2", apiPort, password, shared)};
        if (debugLogs) {
            for (GatewayProcess gw : both) {
                Files.writeString(gw.home().resolve("etc/org.ops4j.pax.logging.cfg"),
                        "\nlog4j2.logger.cephiscsi.name = io.cephiscsi\nlog4j2.logger.cephiscsi.level = DEBUG\n",
                        java.nio.file.StandardOpenOption.APPEND);
            }
        }
        return both;
    }

    /** The shared target with both gateways. */
    void setUp() throws Exception {
        gw1.ok("PUT", "/api/target/" + TARGET, Map.of());
        gw1.ok("PUT", "/api/gateway/" + TARGET + "/gw1", Map.of("ip_address", "127.0.0.1", "skipchecks", "true"));
        gw1.ok("PUT", "/api/gateway/" + TARGET + "/gw2", Map.of("ip_address", "127.0.0.2", "skipchecks", "true"));
    }

    Result run(int clients, long durationSeconds, String runId) throws Exception {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(durationSeconds);
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        Map<String, Integer> byStatus = new ConcurrentHashMap<>();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger writes = new AtomicInteger();
        // per object: its expected final state ("absent", "present", "chap:<user>"), or null when unknown
        Map<String, String> expected = new ConcurrentHashMap<>();
        Set<String> unknown = ConcurrentHashMap.newKeySet();
        List<String> heaps = Collections.synchronizedList(new ArrayList<>());
        long interval = Math.min(60, Math.max(10, durationSeconds / 4));
        Thread monitor = new Thread(() -> {
            int n = 0;
            while (System.nanoTime() < end) {
                try {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(interval));
                } catch (InterruptedException e) {
                    return;
                }
                n++;
                heaps.add(String.format("after %d s: gw1 %s, gw2 %s", n * interval, heap(gw1), heap(gw2)));
            }
        }, "load-monitor");
        monitor.setDaemon(true);
        monitor.start();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                Random random = new Random(client * 7919L + runId.hashCode());
                List<String> ownHosts = new ArrayList<>();
                int n = 0;
                while (System.nanoTime() < end) {
                    n++;
                    GatewayProcess gw = random.nextBoolean() ? gw1 : gw2;
                    int dice = random.nextInt(100);
                    String op;
                    String method = "GET";
                    String path;
                    Map<String, String> form = Map.of();
                    String object = null;
                    String onSuccess = null;
                    if (dice < 45) {
                        String[] reads = {"/api/config", "/api/targets", "/api/clients/" + TARGET, "/api/_ping",
                                "/api/gateways/" + TARGET};
                        int r = random.nextInt(reads.length);
                        path = reads[r];
                        op = "GET " + path.replace(TARGET, "{t}");
                    } else if (dice < 65 || ownHosts.isEmpty()) {
                        String host = "iqn.1994-05.com.example:" + runId + "-c" + client + "-h" + n;
                        op = "create host";
                        method = "PUT";
                        path = "/api/client/" + TARGET + "/" + host;
                        object = "host " + host;
                        onSuccess = "present";
                        ownHosts.add(host);
                    } else if (dice < 85) {
                        String host = ownHosts.get(random.nextInt(ownHosts.size()));
                        String user = "u" + runId + "c" + client + "n" + n;
                        op = "set CHAP";
                        method = "PUT";
                        path = "/api/clientauth/" + TARGET + "/" + host;
                        form = Map.of("username", user, "password", "pw" + Long.toString(
                                Math.abs(random.nextLong()), 36).substring(0, 10));
                        object = "host " + host;
                        onSuccess = "chap:" + user;
                    } else if (dice < 93) {
                        String host = ownHosts.remove(random.nextInt(ownHosts.size()));
                        op = "delete host";
                        method = "DELETE";
                        path = "/api/client/" + TARGET + "/" + host;
                        object = "host " + host;
                        onSuccess = "absent";
                    } else {
                        String image = "load_" + runId.replace('-', '_') + "_c" + client + "_d" + n;
                        op = "create disk";
                        method = "PUT";
                        path = "/api/disk/" + this.pool + "/" + image;
                        form = Map.of("mode", "create", "size", "8M");
                        object = "disk " + this.pool + "/" + image;
                        onSuccess = "present";
                    }
                    long t0 = System.nanoTime();
                    int status;
                    String body;
                    try {
                        GatewayProcess.Reply reply = gw.request(method, path, form);
                        status = reply.status();
                        body = reply.body();
                    } catch (Exception e) {
                        status = -1;
                        body = e.toString();
                    }
                    long nanos = System.nanoTime() - t0;
                    requests.incrementAndGet();
                    samples.add(new Sample(op, (int) ((t0 - start) / TimeUnit.SECONDS.toNanos(60)), nanos));
                    byStatus.merge(status == -1 ? "no reply" : Integer.toString(status), 1, Integer::sum);
                    if (status != 200 && status != 409 && status != 503) {
                        errors.add(gw.name() + " " + op + " " + path + " -> " + status + " " + body);
                    }
                    if (object != null) {
                        if (status == 200) {
                            writes.incrementAndGet();
                            if (onSuccess.startsWith("chap:") && "absent".equals(expected.get(object))) {
                                unknown.add(object); // cannot happen for own hosts; kept honest
                            }
                            expected.put(object, onSuccess);
                        } else if (status == 409) {
                            if (op.equals("create host") || op.equals("create disk")) {
                                expected.putIfAbsent(object, "absent");
                                if (op.equals("create host")) {
                                    ownHosts.remove(path.substring(path.lastIndexOf('/') + 1));
                                }
                            } else if (op.equals("delete host")) {
                                ownHosts.add(path.substring(path.lastIndexOf('/') + 1));
                            }
                        } else {
                            unknown.add(object);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        monitor.interrupt();
        heaps.add(String.format("at the end: gw1 %s, gw2 %s", heap(gw1), heap(gw2)));

        // both gateways must read the same newest epoch, then hold every acknowledged change
        List<String> lost = new ArrayList<>();
        int checked = 0;
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            Map<String, Object> config = newestConfig(gw);
            Map<?, ?> target = (Map<?, ?>) ((Map<?, ?>) config.get("targets")).get(TARGET);
            Map<?, ?> hosts = (Map<?, ?>) target.get("clients");
            Map<?, ?> disks = (Map<?, ?>) config.get("disks");
            for (Map.Entry<String, String> entry : expected.entrySet()) {
                if (unknown.contains(entry.getKey())) {
                    continue;
                }
                checked++;
                String[] kind = entry.getKey().split(" ", 2);
                boolean present = kind[0].equals("host") ? hosts.containsKey(kind[1]) : disks.containsKey(kind[1]);
                String want = entry.getValue();
                if (want.equals("absent") == present) {
                    lost.add(gw.name() + ": " + entry.getKey() + " should be " + want);
                } else if (want.startsWith("chap:")) {
                    Object user = ((Map<?, ?>) ((Map<?, ?>) hosts.get(kind[1])).get("auth")).get("username");
                    if (!want.substring(5).equals(user)) {
                        lost.add(gw.name() + ": " + entry.getKey() + " CHAP user " + user + ", acknowledged "
                                + want.substring(5));
                    }
                }
            }
        }
        return new Result(requests.get(), new TreeMap<>(byStatus), errors, lost, checked, writes.get(),
                table(samples), heaps);
    }

    /** The gateway's configuration once it shows the newest epoch of the shared object (both agree). */
    private Map<String, Object> newestConfig(GatewayProcess gw) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, Object> config = gw.ok("GET", "/api/config", Map.of()).json();
        while (System.nanoTime() < deadline) {
            long a = ((Number) gw1.ok("GET", "/api/config", Map.of()).json().get("epoch")).longValue();
            long b = ((Number) gw2.ok("GET", "/api/config", Map.of()).json().get("epoch")).longValue();
            config = gw.ok("GET", "/api/config", Map.of()).json();
            if (a == b && ((Number) config.get("epoch")).longValue() == a) {
                return config;
            }
            Thread.sleep(500);
        }
        return config;
    }

    private static String table(ConcurrentLinkedQueue<Sample> samples) {
        Map<Integer, Map<String, List<Long>>> byMinute = new TreeMap<>();
        for (Sample sample : samples) {
            byMinute.computeIfAbsent(sample.minute(), m -> new TreeMap<>())
                    .computeIfAbsent(sample.op(), o -> new ArrayList<>()).add(sample.nanos());
        }
        StringBuilder out = new StringBuilder("| minute | operation | requests | p50 ms | p99 ms |\n|---|---|---|---|---|\n");
        byMinute.forEach((minute, ops) -> ops.forEach((op, list) -> {
            Collections.sort(list);
            out.append(String.format("| %d | %s | %d | %.0f | %.0f |%n", minute + 1, op, list.size(),
                    list.get((int) Math.floor((list.size() - 1) * 0.50)) / 1e6,
                    list.get((int) Math.floor((list.size() - 1) * 0.99)) / 1e6));
        }));
        return out.toString();
    }

    /** The live heap after a full collection (jcmd GC.run, GC.heap_info), e.g. "used 61 MB". */
    static String heap(GatewayProcess gw) {
        try {
            long pid = gw.jvmPid();
            new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
            Process info = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true)
                    .start();
            String text = new String(info.getInputStream().readAllBytes());
            info.waitFor(60, TimeUnit.SECONDS);
            var m = java.util.regex.Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(text);
            return m.find() ? String.format("used %d MB of %d MB", Long.parseLong(m.group(2)) / 1024,
                    Long.parseLong(m.group(1)) / 1024) : "unknown (" + text.strip() + ")";
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }
}
