package io.cephiscsi.rbd.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;

import io.cephiscsi.ceph.CephCluster;
import io.cephiscsi.ceph.CephException;
import io.cephiscsi.ceph.ClusterHealth;
import io.cephiscsi.rbd.ClusterInfo;
import io.cephiscsi.rbd.PoolInfo;
import io.cephiscsi.rbd.Topology;

/** Cluster facts through JSON mon commands, the ones gwcli's /cluster node reads. */
@Component(service = ClusterInfo.class, property = "backend=ceph")
public class CephClusterInfo implements ClusterInfo {

    private final CephCluster cluster;

    @Activate
    public CephClusterInfo(@Reference CephCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public String name() {
        return cluster.name();
    }

    @Override
    public ClusterHealth health() {
        try {
            return cluster.health();
        } catch (CephException e) {
            throw CephErrors.of(e);
        }
    }

    /** {@code ceph version 16.2.15 (618f...) pacific (stable)} → {@code 16.2.15}, as gwcli cuts it. */
    @Override
    public String version() {
        String full = OsdPools.monJson(cluster, "{\"prefix\": \"version\", \"format\": \"json\"}").path("version")
                .asText();
        String[] words = full.split("\\s+");
        if (words.length < 3) {
            return full;
        }
        String[] parts = words[2].split("\\.");
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length)));
    }

    @Override
    public List<PoolInfo> pools(Map<String, Long> committedBytes) {
        List<OsdPools.Pool> pools = OsdPools.read(cluster);
        Map<String, JsonNode> stats = new HashMap<>();
        for (JsonNode pool : OsdPools.monJson(cluster, "{\"prefix\": \"df\", \"format\": \"json\"}").path("pools")) {
            stats.put(pool.path("name").asText(), pool.path("stats"));
        }
        Map<String, int[]> profiles = new HashMap<>();
        List<PoolInfo> result = new ArrayList<>();
        for (OsdPools.Pool pool : pools) {
            JsonNode stat = stats.getOrDefault(pool.name(), OsdPools.JSON.createObjectNode());
            int k = 0;
            int m = 0;
            if (!pool.replicated()) {
                // the real k+m from the profile; gwcli derived it from min_size, which is k+1 by default
                int[] km = profiles.computeIfAbsent(pool.erasureCodeProfile(), this::erasureCode);
                k = km[0];
                m = km[1];
            }
            result.add(new PoolInfo(pool.name(), pool.replicated(), pool.replicated() ? pool.size() : 0, k, m,
                    stat.path("max_avail").asLong(), stat.path("bytes_used").asLong(),
                    committedBytes.getOrDefault(pool.name(), 0L)));
        }
        result.sort(Comparator.comparing(PoolInfo::name));
        return result;
    }

    private int[] erasureCode(String profile) {
        JsonNode values = OsdPools.monJson(cluster, "{\"prefix\": \"osd erasure-code-profile get\", \"name\": "
                + OsdPools.JSON.getNodeFactory().textNode(profile) + ", \"format\": \"json\"}");
        return new int[] {values.path("k").asInt(), values.path("m").asInt()};
    }

    @Override
    public Topology topology() {
        JsonNode status = OsdPools.monJson(cluster, "{\"prefix\": \"status\", \"format\": \"json\"}");
        JsonNode quorum = OsdPools.monJson(cluster, "{\"prefix\": \"quorum_status\", \"format\": \"json\"}");
        JsonNode osdmap = status.path("osdmap").has("osdmap") ? status.path("osdmap").path("osdmap")
                : status.path("osdmap"); // before Octopus the counts were nested once more
        List<String> inQuorum = new ArrayList<>();
        quorum.path("quorum_names").forEach(name -> inQuorum.add(name.asText()));
        List<String> outOfQuorum = new ArrayList<>();
        for (JsonNode mon : quorum.path("monmap").path("mons")) {
            String name = mon.path("name").asText();
            if (!inQuorum.contains(name)) {
                outOfQuorum.add(name);
            }
        }
        JsonNode pgmap = status.path("pgmap");
        return new Topology(osdmap.path("num_osds").asInt(), osdmap.path("num_up_osds").asInt(),
                osdmap.path("num_in_osds").asInt(), inQuorum, outOfQuorum, pgmap.path("bytes_total").asLong(),
                pgmap.path("bytes_used").asLong());
    }

    @Override
    public void requireReplicatedPool(String pool) {
        OsdPools.requireReplicated(cluster, pool);
    }
}
