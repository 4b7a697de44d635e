package io.cephiscsi.gateway.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.gateway.GatewayMetrics;
import io.cephiscsi.gateway.GatewayMetrics.Family;
import io.cephiscsi.gateway.GatewayMetrics.Sample;
import io.cephiscsi.lio.Configfs;
import io.cephiscsi.lio.LioStatistics;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.PortalConfig;
import io.cephiscsi.model.TargetConfig;

/**
 * Upstream's {@code GatewayStats} ({@code ceph_iscsi_config/metrics.py}): this gateway's view, rebuilt from LIO on
 * every scrape, with the same family names, help texts, types and labels. Where upstream fails this answers:
 * no targets gives families without samples (upstream: 404), a LUN whose {@code ao} group is on no local TPG takes
 * its owner's portal IP from the configuration (upstream: a KeyError, 500), and two samples with the same labels
 * (a client on two TPGs) are merged instead of written twice.
 */
final class MetricsCollector {

    private static final double MIB = 1024 * 1024;

    private final Callable<Configfs> lio;
    private final Supplier<String> gatewayName;
    private final Supplier<GatewayConfig> config;

    /**
     * @param lio         this gateway's configfs, opened per scrape (the settings may have changed)
     * @param gatewayName {@code gw_name}
     * @param config      the shared configuration; may throw while it is not available
     */
    MetricsCollector(Callable<Configfs> lio, Supplier<String> gatewayName, Supplier<GatewayConfig> config) {
        this.lio = lio;
        this.gatewayName = gatewayName;
        this.config = config;
    }

    GatewayMetrics collect() {
        long start = System.nanoTime();
        LioStatistics stats;
        try {
            stats = LioStatistics.read(lio.call());
        } catch (Exception e) {
            throw new GatewayException(503, "Could not get metrics: " + e.getMessage(), e);
        }
        String gw = gatewayName.get();
        List<Family> families = new ArrayList<>();
        families.add(tpgTotal(stats));
        families.add(mapped(stats, gw));
        families.add(sizes(stats, gw));
        families.addAll(lunCounters(stats, gw));
        families.addAll(clients(stats, gw));
        double seconds = (System.nanoTime() - start) / 1e9;
        families.add(new Family("ceph_iscsi_scrape_duration_seconds", "time taken to scrape iscsi stats (secs)",
                "gauge", List.of(new Sample(Map.of("gw_name", gw), seconds))));
        families.sort(Comparator.comparing(Family::name));
        return new GatewayMetrics(families);
    }

    /** upstream labels it with the first target's IQN only, and counts the TPGs of every target */
    private static Family tpgTotal(LioStatistics stats) {
        List<Sample> samples = stats.tpgs().isEmpty() ? List.of()
                : List.of(new Sample(Map.of("gw_iqn", stats.tpgs().get(0).targetIqn()), stats.tpgs().size()));
        return new Family("ceph_iscsi_gateway_tpg_total", "target portal groups defined within gateway group",
                "gauge", samples);
    }

    private Family mapped(LioStatistics stats, String gw) {
        Set<String> mapped = new HashSet<>();
        stats.acls().forEach(a -> a.luns().forEach(l -> mapped.add(l.storageObject())));
        Map<String, String> owners = new LinkedHashMap<>();
        for (LioStatistics.Tpg tpg : stats.tpgs()) {
            for (LioStatistics.Lun lun : tpg.luns()) {
                if (lun.aluaGroup().equals("ao")) {
                    owners.put(lun.storageObject(), tpg.portalIp());
                }
            }
        }
        Map<String, String> fromConfig = null;
        Samples samples = new Samples(Math::max);
        for (LioStatistics.Backstore so : stats.backstores()) {
            String owner = owners.get(so.name());
            if (owner == null) {
                fromConfig = fromConfig == null ? ownerIps() : fromConfig;
                owner = fromConfig.getOrDefault(so.name(), "");
            }
            samples.add(labels("lun_name", so.name(), "gw_name", gw, "gw_owner", owner),
                    mapped.contains(so.name()) ? 1 : 0);
        }
        return new Family("ceph_iscsi_lun_mapped", "LUN mapping state 0=unmapped, 1=mapped", "gauge", samples.list());
    }

    /** backstore object name → the first portal IP of its owner gateway in the target that maps it */
    private Map<String, String> ownerIps() {
        Map<String, String> ips = new LinkedHashMap<>();
        try {
            GatewayConfig c = config.get();
            for (TargetConfig t : c.targets().values()) {
                for (String diskId : t.disks().keySet()) {
                    DiskConfig d = c.disks().get(diskId);
                    PortalConfig p = d == null ? null : t.portals().get(d.owner());
                    if (p != null && !p.portalIpAddresses().isEmpty()) {
                        ips.putIfAbsent(d.backstoreObjectName(), p.portalIpAddresses().get(0));
                    }
                }
            }
        } catch (RuntimeException e) {
            // the configuration is not available: the owner stays empty, the scrape goes on
        }
        return ips;
    }

    private static Family sizes(LioStatistics stats, String gw) {
        Samples samples = new Samples(Math::max);
        for (LioStatistics.Backstore so : stats.backstores()) {
            samples.add(labels("lun_name", so.name(), "gw_name", gw), so.sizeBytes());
        }
        return new Family("ceph_iscsi_lun_size_bytes", "LUN size (bytes)", "gauge", samples.list());
    }

    private static List<Family> lunCounters(LioStatistics stats, String gw) {
        Samples iops = new Samples(Double::sum);
        Samples read = new Samples(Double::sum);
        Samples write = new Samples(Double::sum);
        for (LioStatistics.Acl acl : stats.acls()) {
            for (LioStatistics.MappedLunStats lun : acl.luns()) {
                Map<String, String> labels = labels("gw_name", gw, "client_iqn", acl.initiatorIqn(),
                        "lun_name", lun.storageObject());
                iops.add(labels, lun.numCmds());
                read.add(labels, lun.readMbytes() * MIB);
                write.add(labels, lun.writeMbytes() * MIB);
            }
        }
        return List.of(new Family("ceph_iscsi_lun_iops", "IOPS per LUN per client", "counter", iops.list()),
                new Family("ceph_iscsi_lun_read_bytes", "read bytes per LUN per client", "counter", read.list()),
                new Family("ceph_iscsi_lun_write_bytes", "write bytes per LUN client", "counter", write.list()));
    }

    private static List<Family> clients(LioStatistics stats, String gw) {
        Samples logins = new Samples(Math::max);
        Samples luns = new Samples((first, second) -> first);
        for (LioStatistics.Acl acl : stats.acls()) {
            logins.add(labels("gw_name", gw, "client_iqn", acl.initiatorIqn()), acl.loggedIn() ? 1 : 0);
            for (LioStatistics.MappedLunStats lun : acl.luns()) {
                luns.add(labels("gw_name", gw, "client_iqn", acl.initiatorIqn(), "lun_name", lun.storageObject()),
                        lun.index());
            }
        }
        return List.of(new Family("ceph_iscsi_client_login", "iscsi client session active (0=No, 1=Yes)", "gauge",
                        logins.list()),
                new Family("ceph_iscsi_client_lun", "LUN ID by client", "gauge", luns.list()));
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** samples in first-seen order; a repeated label set is merged, never written twice */
    private static final class Samples {
        private final Map<Map<String, String>, Double> values = new LinkedHashMap<>();
        private final BinaryOperator<Double> merge;

        Samples(BinaryOperator<Double> merge) {
            this.merge = merge;
        }

        void add(Map<String, String> labels, double value) {
            values.merge(labels, value, merge);
        }

        List<Sample> list() {
            List<Sample> out = new ArrayList<>(values.size());
            values.forEach((labels, value) -> out.add(new Sample(labels, value)));
            return out;
        }
    }
}
