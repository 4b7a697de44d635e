package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.Test;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.TreeNode;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.rbd.internal.EmbeddedClusterInfo;
import io.cephiscsi.rbd.internal.EmbeddedImageService;
import io.cephiscsi.shell.internal.Dispatcher;
import io.cephiscsi.shell.internal.ShellState;
import io.cephiscsi.shell.internal.TreeView;

/**
 * In-JVM cost of {@code gwcli ls /} on the {@link BenchConfig} configuration (1,000 disks, 64 targets, 512 hosts):
 * the real {@link GatewayAdminImpl} with the embedded backend's image service (sparse files) and cluster facts, as
 * in the appliance, then the shell's renderer. Goal (issue 7): at most 100 ms; upstream took 7 s for 46 disks. On
 * demand: {@code mvn -o test -pl shell-commands -Dtest=GwcliTreeBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
public class GwcliTreeBenchmark {

    private static final int WARMUP = 20;
    private static final int RUNS = 20;

    @Test
    public void lsOfTheRootOnAThousandDisks() throws Exception {
        Path data = Files.createTempDirectory("gwcli-tree-bench");
        try {
            Path images = data.resolve("images");
            for (int i = 0; i < BenchConfig.DISKS; i++) {
                Path file = images.resolve("rbd").resolve(BenchConfig.image(i));
                Files.createDirectories(file.getParent());
                try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
                    sparse.setLength(BenchConfig.sizeGib(i) << 30);
                }
            }
            GatewayConfig config = GatewayConfig.parse(BenchConfig.gatewayConf("gw-bench-1", "gw-bench-2", 2)
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals(BenchConfig.DISKS, config.disks().size());
            GatewayAdminImpl gateway = gateway(config);
            EmbeddedImageService imageService = EmbeddedImageService.at(images);
            gateway.setImages(imageService);
            List<io.cephiscsi.rbd.ImageId> ids = config.disks().values().stream()
                    .map(d -> new io.cephiscsi.rbd.ImageId(d.pool(), d.image())).toList();
            gateway.setClusterInfo(new EmbeddedClusterInfo("ceph", images));

            Supplier<String> ls = () -> new Dispatcher(gateway, new ShellState(ShellState.Variables.of(new HashMap<>())))
                    .run(List.of("ls", "/"), new Dispatcher.Display(TreeView.DEFAULT_WIDTH, false));
            String text = ls.get();
            int lines = text.split("\n").length;
            assertTrue(text, text.contains("o- disks ") && text.contains("Disks: 1000]"));
            assertTrue(text, text.contains("Targets: 64]"));
            for (int i = 0; i < WARMUP; i++) {
                ls.get();
            }
            List<Long> tree = new ArrayList<>();
            List<Long> render = new ArrayList<>();
            List<Long> whole = new ArrayList<>();
            List<Long> infos = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                long t0 = System.nanoTime();
                TreeNode root = gateway.tree();
                long t1 = System.nanoTime();
                TreeView.render(root, 0, TreeView.DEFAULT_WIDTH);
                long t2 = System.nanoTime();
                ls.get();
                long t3 = System.nanoTime();
                imageService.infos(ids);
                infos.add(System.nanoTime() - t3);
                tree.add(t1 - t0);
                render.add(t2 - t1);
                whole.add(t3 - t2);
            }
            System.out.printf("GwcliTreeBenchmark: gwcli ls / on %d disks, %d targets, %d hosts: %d lines, %d chars%n",
                    BenchConfig.DISKS, BenchConfig.TARGETS, BenchConfig.HOSTS, lines, text.length());
            System.out.println("GwcliTreeBenchmark: GatewayAdmin.tree()      " + figures(tree));
            System.out.println("GwcliTreeBenchmark: of which ImageService.infos " + figures(infos));
            System.out.println("GwcliTreeBenchmark: TreeView.render()        " + figures(render));
            System.out.println("GwcliTreeBenchmark: Dispatcher ls / (whole)  " + figures(whole)
                    + "  (goal p50 <= 100 ms)");
        } finally {
            try (var all = Files.walk(data)) {
                all.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String figures(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        // 20 runs: p50 is the mean of the 10th and 11th, p99 the slowest (nearest rank)
        double p50 = (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2e6;
        double p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1) / 1e6;
        return String.format("p50 %7.2f ms  p99 %7.2f ms  (min %.2f, %d runs)", p50, p99, sorted.get(0) / 1e6,
                sorted.size());
    }

    /** The real service, its configuration in memory, gateway {@code gw-bench-1} on the embedded settings. */
    private static GatewayAdminImpl gateway(GatewayConfig config) {
        return FixtureGateway.of(GatewaySettings.of(Map.of(), Map.of("backend", "embedded", "gateway_name",
                "gw-bench-1", "configfs_root", "/nonexistent/configfs"), p -> false), config);
    }
}
