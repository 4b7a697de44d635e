package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;

/**
 * On demand ({@code -pl itests -Dtest=LoadBenchmark}): {@link ApplianceLoad} with 50 clients over two appliances on
 * the test Ceph for {@code -Dload.duration} seconds (default 300), then p50/p99 per operation per minute and the live
 * heap of both gateways after each minute. Fails on any undocumented error or lost update, as {@link LoadIT} does.
 */
public class LoadBenchmark {

    @Test
    public void fiftyClientsForFiveMinutes() throws Exception {
        int clients = Integer.getInteger("load.clients", 50);
        long seconds = Long.getLong("load.duration", 300);
        GatewayProcess[] both = ApplianceLoad.install(Files.createDirectories(Path.of("target/load-benchmark")),
                "iscsi", false);
        try (GatewayProcess gw1 = both[0]; GatewayProcess gw2 = both[1]) {
            gw1.start();
            gw2.start();
            ApplianceLoad load = new ApplianceLoad(gw1, gw2, "iscsi");
            load.setUp();
            System.out.printf("start: gw1 %s, gw2 %s%n", ApplianceLoad.heap(gw1), ApplianceLoad.heap(gw2));
            ApplianceLoad.Result result = load.run(clients, seconds, "b" + System.nanoTime() % 10000);
            System.out.printf("%d clients, %d s: %d requests (%.1f/s), by status %s, %d acknowledged writes, %d "
                            + "objects checked on both gateways, %d undocumented errors, %d lost updates%n%s%nheap "
                            + "(live, after a full GC):%n%s%n", clients, seconds, result.requests(),
                    result.requests() / (double) seconds, result.byStatus(), result.acknowledgedWrites(),
                    result.checked(), result.errors().size(), result.lost().size(), result.table(),
                    String.join("\n", result.heaps()));
            result.errors().stream().limit(20).forEach(System.out::println);
            assertEquals("undocumented errors", 0, result.errors().size());
            assertEquals("lost updates:\n" + String.join("\n", result.lost()), 0, result.lost().size());
        }
    }
}
