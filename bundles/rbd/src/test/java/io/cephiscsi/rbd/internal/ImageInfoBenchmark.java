package io.cephiscsi.rbd.internal;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.junit.Test;

import io.cephiscsi.ceph.internal.RadosConnection;
import io.cephiscsi.rbd.ImageId;

/**
 * Size + features + lock owner (+ snapshots) of many images, as gwcli's {@code ls} needs them, through
 * {@link CephImageService#infos} with bounded parallelism. Goal: 1,000 images in at most 1 s (upstream's gwcli took
 * 7 s for 46). Not part of the default test run (surefire excludes *Benchmark); run it on purpose:
 *
 * <pre>
 * CEPH_ISCSI_TEST_CONF=/path/ceph.conf mvn -o -f bundles/rbd/pom.xml test -Dtest=ImageInfoBenchmark \
 *     [-Dbench.images=1000] [-Dbench.parallelism=1,8,16,32] [-Dbench.rounds=5] [-Dbench.librbd=false]
 * </pre>
 *
 * The images are 1 MiB with nothing written, so the memstore OSD holds only their headers.
 */
public class ImageInfoBenchmark {

    private static final String POOL = "rbd";
    private static final String PREFIX = "bench-";

    @Test
    public void infoOfManyImages() throws Exception {
        int count = Integer.getInteger("bench.images", 1000);
        int rounds = Integer.getInteger("bench.rounds", 5);
        int[] parallelisms = Arrays.stream(System.getProperty("bench.parallelism", "1,8,16,32").split(","))
                .mapToInt(Integer::parseInt).toArray();
        RadosConnection ceph = TestCeph.connection(30);
        CephImageService setup = new CephImageService(ceph, 30, 1, 16);
        List<ImageId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(new ImageId(POOL, PREFIX + i));
        }
        try {
            removeLeftovers(setup);
            long start = System.nanoTime();
            inParallel(ids, id -> setup.create(id.pool(), id.image(), 1L << 20));
            System.out.printf("created %d images in %d ms%n", count, (System.nanoTime() - start) / 1_000_000);

            for (int parallelism : parallelisms) {
                CephImageService images = new CephImageService(ceph, 30, 1, parallelism);
                try {
                    images.infos(ids.subList(0, Math.min(50, count))); // warm up the JIT and the connection
                    System.out.printf("infos of %d images, parallelism %2d: %s%n", count, parallelism,
                            timed(rounds, () -> assertEquals(count, images.infos(ids).size())));
                } finally {
                    images.close();
                }
            }
            // sizes only (what LIO and gwcli's ls need): every header's size value asked for at once
            CephImageService sizer = new CephImageService(ceph, 30, 1, 1);
            try {
                for (int warm = 0; warm < 5; warm++) {
                    sizer.sizes(ids); // the JIT's work would otherwise count as the client's CPU below
                }
                long cpuBefore = processCpuNanos();
                long threadBefore = THREADS.getCurrentThreadCpuTime();
                System.out.printf("sizes of %d images, all in flight: %s%n", count, timed(rounds, () -> {
                    Map<ImageId, Long> sizes = sizer.sizes(ids);
                    assertEquals(count, sizes.size());
                    assertEquals(Long.valueOf(1L << 20), sizes.get(ids.get(count - 1)));
                }));
                // where the client's share goes: the calling thread (JNA calls, decoding) and librados' own threads
                System.out.printf("  client CPU per round: %.1f ms in all, %.1f ms on the calling thread%n",
                        (processCpuNanos() - cpuBefore) / 1e6 / rounds,
                        (THREADS.getCurrentThreadCpuTime() - threadBefore) / 1e6 / rounds);
            } finally {
                sizer.close();
            }
            // the rest of what gwcli's ls asks of the cluster: the cluster branch's facts (monitor commands)
            CephClusterInfo facts = new CephClusterInfo(ceph);
            System.out.printf("cluster facts (name, health, pools, topology), one after another: %s%n",
                    timed(rounds, () -> {
                        facts.name();
                        facts.health();
                        facts.pools(Map.of());
                        facts.topology();
                    }));
            if (Boolean.parseBoolean(System.getProperty("bench.librbd", "true"))) {
                // the way gwcli reads them: open each image with librbd (16 threads), for comparison
                long begin = System.nanoTime();
                inParallel(ids, id -> setup.info(id.pool(), id.image()));
                System.out.printf("for comparison, librbd open + read of %d images, 16 threads: %d ms%n", count,
                        (System.nanoTime() - begin) / 1_000_000);
            }
            start = System.nanoTime();
            inParallel(ids, id -> setup.delete(id.pool(), id.image()));
            System.out.printf("deleted %d images in %d ms%n", count, (System.nanoTime() - start) / 1_000_000);
        } finally {
            removeLeftovers(setup);
            setup.close();
            ceph.close();
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Runs {@code call} {@code rounds} times: "min …, median …, max … ms (N rounds)". */
    private static String timed(int rounds, Runnable call) {
        long[] millis = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            long begin = System.nanoTime();
            call.run();
            millis[round] = (System.nanoTime() - begin) / 1_000_000;
        }
        Arrays.sort(millis);
        return String.format("min %d ms, median %d ms, max %d ms (%d rounds)", millis[0], millis[rounds / 2],
                millis[rounds - 1], rounds);
    }

    private static void removeLeftovers(CephImageService images) throws Exception {
        List<ImageId> leftovers = images.list(POOL).stream().filter(name -> name.startsWith(PREFIX))
                .map(name -> new ImageId(POOL, name)).toList();
        inParallel(leftovers, id -> images.delete(id.pool(), id.image()));
    }

    private static void inParallel(List<ImageId> ids, Consumer<ImageId> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (ImageId id : ids) {
                done.add(pool.submit(() -> action.accept(id)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
