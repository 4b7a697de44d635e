package io.cephiscsi.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.Test;

import io.cephiscsi.lio.DesiredLio;
import io.cephiscsi.lio.EmulatedConfigfs;
import io.cephiscsi.lio.LioEngine;
import io.cephiscsi.lio.LioState;
import io.cephiscsi.model.ChapCredentials;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;

/**
 * CPU cost of each step a change takes on its way into LIO, on the {@link BenchConfig} configuration (1,000 disks,
 * 64 targets, 512 hosts): parse (a peer's read), a one-item transaction, the new epoch, the JSON write, this
 * gateway's desired LIO. Prints figures. On demand: {@code mvn -o test -pl shell-commands -Dtest=ChangePathBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
public class ChangePathBenchmark {

    private static final int WARMUP = 40;
    private static final int RUNS = 40;

    @Test
    public void stepsOfOneChangeOnAThousandLuns() throws Exception {
        byte[] json = BenchConfig.gatewayConf("gw-bench-1", "gw-bench-2", 2).getBytes(StandardCharsets.UTF_8);
        GatewayConfig config = GatewayConfig.parse(json);
        byte[] stored = config.toJson();
        GatewaySettings settings = GatewaySettings.of(Map.of(), Map.of("backend", "embedded"), p -> false);
        DesiredLio.Options options = new DesiredLio.Options(settings, d -> 1L << 30, s -> s);
        String target = config.targets().keySet().iterator().next();
        int[] n = {0};
        Supplier<ConfigTransaction> addHost = () -> ConfigTransaction.of(ConfigChange.putClient(target,
                "iqn.1994-05.com.example:bench-new-" + (n[0]++), new ClientConfig(ChapCredentials.NONE, Map.of(), "")));
        GatewayConfig[] next = new GatewayConfig[1];
        measure("parse (a peer's read)", () -> GatewayConfig.parse(stored));
        measure("transaction: add a host", () -> next[0] = addHost.get().applyTo(config, Instant.now()));
        measure("withEpoch", () -> next[0].withEpoch(2, Instant.now()));
        measure("toJson", () -> next[0].toJson());
        // LocalGateway's test for an epoch that changed no disk or target (a resize in its disk's stamp second),
        // made only when an epoch leaves the gateway's desired LIO as it was: both epochs parsed, as a peer has them
        GatewayConfig before = GatewayConfig.parse(stored);
        GatewayConfig after = GatewayConfig.parse(next[0].toJson());
        measure("disks and targets equal to the last epoch's", () -> before.disks().equals(after.disks())
                && before.targets().equals(after.targets()));
        measure("DesiredLio.of, all targets", () -> DesiredLio.of(next[0], "gw-bench-1", options));
        DesiredLio.Memo memo = new DesiredLio.Memo();
        GatewayConfig[] epochs = {config, next[0]};
        measure("DesiredLio.of, one changed", () -> DesiredLio.of(epochs[n[0]++ % 2], "gw-bench-1", options, memo));
        // planning the new epoch from what the last apply left, as the gateway does (configfs emulated in RAM)
        Path root = Files.createTempDirectory(Path.of(System.getProperty("bench.configfs", "/dev/shm")), "cpb");
        try {
            LioEngine engine = new LioEngine(new EmulatedConfigfs(root));
            DesiredLio.Memo planMemo = new DesiredLio.Memo();
            engine.apply(engine.plan(DesiredLio.of(config, "gw-bench-1", options, planMemo))).orThrow();
            LioState wanted = DesiredLio.of(next[0], "gw-bench-1", options, planMemo);
            measure("planChange (one host more)", () -> engine.planChange(wanted));
            System.out.printf("ChangePathBenchmark: %d operations%n", engine.planChange(wanted).size());
        } finally {
            try (var all = Files.walk(root)) {
                all.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.printf("ChangePathBenchmark: %d bytes of JSON%n", stored.length);
    }

    private static void measure(String step, Supplier<?> work) {
        for (int i = 0; i < WARMUP; i++) {
            work.get();
        }
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            work.get();
            nanos.add(System.nanoTime() - t0);
        }
        Collections.sort(nanos);
        System.out.printf("ChangePathBenchmark: %-28s p50 %7.2f ms  min %7.2f ms%n", step,
                nanos.get(nanos.size() / 2) / 1e6, nanos.get(0) / 1e6);
    }
}
