package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.gateway.GatewayMetrics;
import io.cephiscsi.lio.EmulatedConfigfs;
import io.cephiscsi.lio.LioEngine;
import io.cephiscsi.lio.LioState;
import io.cephiscsi.lio.LioState.Chap;
import io.cephiscsi.lio.LioState.Lun;
import io.cephiscsi.lio.LioState.MappedLun;
import io.cephiscsi.lio.LioState.NodeAcl;
import io.cephiscsi.lio.LioState.StorageObject;
import io.cephiscsi.lio.LioState.Target;
import io.cephiscsi.lio.LioState.Tpg;
import io.cephiscsi.lio.UpstreamLio;

/**
 * Prints the scrape time (collection; the text rendering is the REST face's and is not included) with many LUNs
 * on a folder root with the kernel's layout. Not part of the default test run; run it with
 * {@code mvn -o -q test -pl bundles/gateway -Dtest=MetricsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (sizes: -Dbench.luns=1000 -Dbench.tpgs=2 -Dbench.acls=500 -Dbench.perAcl=2, folder: -Dbench.dir=/dev/shm).
 */
public class MetricsBenchmark {

    @Test
    public void scrapeAtScale() throws Exception {
        int luns = Integer.getInteger("bench.luns", 1000);
        int tpgs = Integer.getInteger("bench.tpgs", 2);
        int acls = Integer.getInteger("bench.acls", 500);
        int perAcl = Integer.getInteger("bench.perAcl", 2);
        Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
        Path root = Files.createTempDirectory(base, "metrics-bench");
        try {
            EmulatedConfigfs fs = new EmulatedConfigfs(root);
            assertTrue(new LioEngine(fs).reconcile(state(luns, tpgs, acls, perAcl)).ok());
            MetricsCollector collector = new MetricsCollector(() -> fs, () -> "gw1.example.com", () -> {
                throw new GatewayException(503, "no configuration in this benchmark");
            });
            System.out.printf("Metrics benchmark: %d user:rbd LUNs x %d TPGs, %d ACLs x %d mapped LUNs, folder %s,"
                    + " %d cpus%n", luns, tpgs, acls, perAcl, root, Runtime.getRuntime().availableProcessors());
            for (int i = 0; i < 5; i++) { // warm-up
                collector.collect();
            }
            double[] ms = new double[20];
            GatewayMetrics last = null;
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                last = collector.collect();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            assertEquals(luns, last.family("ceph_iscsi_lun_size_bytes").samples().size());
            assertEquals(acls * perAcl, last.family("ceph_iscsi_lun_iops").samples().size());
            Arrays.sort(ms);
            System.out.printf("scrape (collect) of 20: p50 %.1f ms, p99 %.1f ms, min %.1f ms%n", ms[9], ms[19], ms[0]);
        } finally {
            try (var st = Files.walk(root)) {
                for (Path p : st.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** the shape upstream builds: a backstore per LUN, an ALUA group per (LUN, TPG), ACLs on the first TPG */
    private static LioState state(int luns, int tpgs, int acls, int perAcl) {
        List<Integer> tags = new ArrayList<>();
        for (int t = 1; t <= tpgs; t++) {
            tags.add(t);
        }
        List<StorageObject> sos = new ArrayList<>();
        for (int i = 0; i < luns; i++) {
            sos.add(UpstreamLio.userRbd("rbd.img" + i, "rbd", "img" + i, 1L << 30,
                    String.format("00000000-0000-4000-8000-%012d", i), 30, "/etc/ceph/ceph.conf", "client.admin", 8,
                    1024, 5, UpstreamLio.aluaGroups(tags, 1 + i % tpgs, false, 30)));
        }
        List<Tpg> tpgList = new ArrayList<>();
        for (int t : tags) {
            List<Lun> lunList = new ArrayList<>();
            for (int i = 0; i < luns; i++) {
                lunList.add(new Lun(i, sos.get(i).key(), UpstreamLio.aluaGroupName(t, 1 + i % tpgs == t, false)));
            }
            List<NodeAcl> aclList = new ArrayList<>();
            for (int a = 0; t == 1 && a < acls; a++) {
                List<MappedLun> m = new ArrayList<>();
                for (int k = 0; k < perAcl; k++) {
                    m.add(new MappedLun(k, (a * perAcl + k) % luns, false));
                }
                aclList.add(new NodeAcl("iqn.1994-05.com.example:host" + a, UpstreamLio.defaultAclAttributes(), 128,
                        Chap.NONE, m));
            }
            tpgList.add(new Tpg(t, t == 1, UpstreamLio.tpgAttributes(t == 1, true, false),
                    UpstreamLio.defaultTpgParams(), t == 1 ? Chap.NONE : null, List.of("10.0.0." + t + ":3260"),
                    lunList, aclList));
        }
        return new LioState(sos, List.of(new Target("iqn.2003-01.com.example:bench", tpgList)), null);
    }
}
