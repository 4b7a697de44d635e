package io.cephiscsi.lio;

import org.junit.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.Assert.assertTrue;

/**
 * Prints figures for plan/apply at scale on a folder root with the kernel's layout. Not part of the default
 * test run; run it with
 * {@code mvn -o -q -f bundles/lio/pom.xml test -Dtest=LioBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (sizes: -Dbench.luns=1000 -Dbench.tpgs=2 -Dbench.acls=512 -Dbench.perAcl=2, folder: -Dbench.dir=/dev/shm,
 * empty plans timed: -Dbench.runs=7, the first being the warm-up that the figures leave out).
 */
public class LioBenchmark {

    @Test
    public void restoreAndEmptyPlanAtScale() throws Exception {
        int luns = Integer.getInteger("bench.luns", 1000);
        int tpgs = Integer.getInteger("bench.tpgs", 2);
        int acls = Integer.getInteger("bench.acls", 512);
        int perAcl = Integer.getInteger("bench.perAcl", 2);
        Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
        Path root = Files.createTempDirectory(base, "lio-bench");
        try {
            run(root, luns, tpgs, acls, perAcl);
        } finally {
            try (var st = Files.walk(root)) {
                for (Path p : st.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void run(Path root, int luns, int tpgs, int acls, int perAcl) throws Exception {
        KernelLikeFolder fs = new KernelLikeFolder(root);
        LioEngine engine = new LioEngine(fs);
        LioState desired = Samples.scale(luns, tpgs, acls, perAcl);
        System.out.printf("LIO benchmark: %d user:rbd LUNs x %d TPGs (ALUA group per LUN and TPG), %d ACLs x %d"
                + " mapped LUNs, folder %s, %d cpus%n", luns, tpgs, acls, perAcl, root,
                Runtime.getRuntime().availableProcessors());

        long t0 = System.nanoTime();
        LioPlan plan = engine.plan(desired);
        long t1 = System.nanoTime();
        ApplyResult r = engine.apply(plan);
        long t2 = System.nanoTime();
        assertTrue(String.valueOf(r.failure()), r.ok());
        System.out.printf("restore from empty: plan %.1f ms (%d operations) + apply %.1f ms = %.2f s%n",
                ms(t1 - t0), plan.size(), ms(t2 - t1), (t2 - t0) / 1e9);

        double[] empty = new double[Math.max(2, Integer.getInteger("bench.runs", 7))];
        for (int i = 0; i < empty.length; i++) {
            long s = System.nanoTime();
            LioPlan again = engine.plan(desired);
            empty[i] = ms(System.nanoTime() - s);
            assertTrue("second plan must be empty", again.isEmpty());
        }
        System.out.printf("second (empty) plan: first %.1f ms, then min %.1f / median %.1f / p99 %.1f ms over %d runs%n",
                empty[0], min(empty), median(empty), p99(empty), empty.length - 1);

        // what a gateway does for each new epoch: plan from its own last apply, without reading configfs
        double[] change = new double[empty.length];
        for (int i = 0; i < change.length; i++) {
            long s = System.nanoTime();
            LioPlan again = engine.planChange(desired);
            change[i] = ms(System.nanoTime() - s);
            assertTrue("an unchanged state plans nothing", again.isEmpty());
        }
        System.out.printf("the same state as a new epoch (planChange, no configfs read): min %.2f / median %.2f / p99"
                + " %.2f ms%n", min(change), median(change), p99(change));
        LioState oneMore = Samples.scale(luns + 1, tpgs, acls, perAcl);
        long c0 = System.nanoTime();
        LioPlan grow = engine.planChange(oneMore);
        long c1 = System.nanoTime();
        assertTrue(engine.apply(grow).ok());
        long c2 = System.nanoTime();
        System.out.printf("one more LUN as a new epoch: planChange %.2f ms (%d operations) + apply %.1f ms%n",
                ms(c1 - c0), grow.size(), ms(c2 - c1));
        assertTrue("a full plan after it finds nothing", engine.plan(oneMore).isEmpty());

        long s = System.nanoTime();
        LioState live = engine.read();
        System.out.printf("full read(): %.1f ms (%d storage objects)%n", ms(System.nanoTime() - s),
                live.storageObjects().size());

        s = System.nanoTime();
        LioPlan down = engine.plan(LioState.EMPTY);
        long m = System.nanoTime();
        assertTrue(engine.apply(down).ok());
        System.out.printf("teardown: plan %.1f ms (%d operations) + apply %.1f ms%n", ms(m - s), down.size(),
                ms(System.nanoTime() - m));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double min(double[] v) {
        return Arrays.stream(v, 1, v.length).min().orElse(0);
    }

    /** nearest-rank p99 of the timed runs (the maximum below 100 runs) */
    private static double p99(double[] v) {
        double[] c = Arrays.copyOfRange(v, 1, v.length);
        Arrays.sort(c);
        return c[Math.min(c.length - 1, (int) Math.ceil(0.99 * c.length) - 1)];
    }

    private static double median(double[] v) {
        double[] c = Arrays.copyOfRange(v, 1, v.length);
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
