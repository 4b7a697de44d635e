package io.cephiscsi.config.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.ceph.internal.RadosConnection;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.MigrationContext;

/**
 * Commits per second and commit latency, ours and upstream's Config class, on the test cluster, in one run.
 * Prints figures; asserts nothing about speed. Run: {@code itests/run-all-tests.sh -pl bundles/config
 * -Dtest=ConfigStoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
public class ConfigStoreBenchmark {

    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:bench";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    record Run(String who, int writers, int expected, int present, double seconds, List<Double> latencies) {

        String row() {
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return String.format("| %-10s | %d | %5d | %5d | %5d | %7.1f | %6.2f | %6.2f |", who, writers, expected,
                    present, expected - present, expected / seconds, percentile(sorted, 50), percentile(sorted, 99));
        }

        static double percentile(List<Double> sorted, int p) {
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }
    }

    @Test
    public void commitsPerSecondOursAndUpstreams() throws Exception {
        List<Run> runs = new ArrayList<>();
        runs.add(ours(1, 250, false));
        runs.add(ours(4, 250, false));
        runs.add(ours(4, 250, true));
        runs.add(upstream(1, 100));
        runs.add(upstream(4, 250));
        System.out.println();
        System.out.println("| store    | writers | commits | clients present | lost | commits/s | p50 ms | p99 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        runs.forEach(run -> System.out.println(run.row()));
        double upstream = runs.get(4).expected() / runs.get(4).seconds();
        System.out.printf("4 writers, commits/s ours / upstream: %.1fx (4 gateways), %.1fx (one gateway)%n",
                runs.get(1).expected() / runs.get(1).seconds() / upstream,
                runs.get(2).expected() / runs.get(2).seconds() / upstream);
    }

    /** {@code oneGateway}: the writers are threads of one gateway (one store), else each is a gateway. */
    private Run ours(int writers, int each, boolean oneGateway) throws Exception {
        String oid = "gateway.conf.bench-" + System.nanoTime();
        List<RadosConnection> clients = new ArrayList<>();
        List<RadosConfigStore> stores = new ArrayList<>();
        for (int w = 0; w < (oneGateway ? 1 : writers); w++) {
            RadosConnection client = TestCeph.newClient();
            clients.add(client);
            stores.add(new RadosConfigStore(client, "rbd", oid, Duration.ofSeconds(60), "bench", Clock.systemUTC(),
                    MigrationContext::defaults));
        }
        stores.get(0).update(ConfigTransaction.of(Changes.addTarget(TARGET)));
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long start = System.nanoTime();
        List<Future<?>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            RadosConfigStore store = stores.get(oneGateway ? 0 : w);
            int id = w;
            results.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    long t0 = System.nanoTime();
                    store.update(ConfigTransaction.of(Changes.addClient(TARGET, "iqn.1994-05.com.example:b" + id
                            + "-" + i)));
                    latencies.add((System.nanoTime() - t0) / 1e6);
                }
                return null;
            }));
        }
        for (Future<?> result : results) {
            result.get(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        int present = stores.get(0).refresh().targets().get(TARGET).clients().size();
        stores.forEach(RadosConfigStore::close);
        clients.get(0).withIoCtx("rbd", io -> {
            io.remove(oid);
            return null;
        });
        clients.forEach(RadosConnection::close);
        return new Run(oneGateway && writers > 1 ? "ours, 1 gw" : "ours", writers, writers * each, present, seconds,
                latencies);
    }

    private Run upstream(int writers, int each) throws Exception {
        String oid = "gateway.conf.bench-upstream-" + System.nanoTime();
        UpstreamPython python = new UpstreamPython(folder.newFolder().toPath(), oid);
        python.run("add-target", TARGET);
        List<Process> processes = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            processes.add(python.start("bench", TARGET, "iqn.1994-05.com.example:u" + w + "-", Integer.toString(each)));
        }
        List<Double> latencies = new ArrayList<>();
        for (Process process : processes) {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    latencies.add(Double.parseDouble(line));
                }
            }
            process.waitFor(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int present = new ObjectMapper().readTree(python.run("dump")).path("targets").path(TARGET).path("clients")
                .size();
        RadosConnection client = TestCeph.newClient();
        client.withIoCtx("rbd", io -> {
            io.remove(oid);
            return null;
        });
        client.close();
        return new Run("upstream", writers, writers * each, present, seconds, latencies);
    }
}
