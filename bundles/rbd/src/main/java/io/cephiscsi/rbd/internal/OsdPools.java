package io.cephiscsi.rbd.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.ceph.CephCluster;
import io.cephiscsi.ceph.CephException;
import io.cephiscsi.rbd.Names;
import io.cephiscsi.rbd.RbdException;

/** The pools of the OSD map ({@code osd dump}): what the pool rule and the pool listing need. */
final class OsdPools {

    /** {@code pg_pool_t::TYPE_REPLICATED}; erasure-coded pools are type 3. */
    private static final int REPLICATED = 1;

    static final ObjectMapper JSON = new ObjectMapper();

    record Pool(String name, boolean replicated, int size, int minSize, String erasureCodeProfile) {
    }

    private OsdPools() {
    }

    static List<Pool> read(CephCluster cluster) {
        JsonNode dump = monJson(cluster, "{\"prefix\": \"osd dump\", \"format\": \"json\"}");
        List<Pool> pools = new ArrayList<>();
        for (JsonNode pool : dump.path("pools")) {
            pools.add(new Pool(pool.path("pool_name").asText(), pool.path("type").asInt() == REPLICATED,
                    pool.path("size").asInt(), pool.path("min_size").asInt(),
                    pool.path("erasure_code_profile").asText("")));
        }
        return pools;
    }

    static Optional<Pool> find(CephCluster cluster, String name) {
        return read(cluster).stream().filter(pool -> pool.name().equals(name)).findFirst();
    }

    /** gwcli's rule before it creates a disk; the name rule first, so a bad name never reaches Ceph. */
    static void requireReplicated(CephCluster cluster, String pool) {
        Names.requireValidPool(pool);
        if (!find(cluster, pool).map(Pool::replicated).orElse(false)) {
            throw notReplicated(pool);
        }
    }

    static RbdException notReplicated(String pool) {
        return RbdException.badRequest("pool", "Invalid pool (" + pool + "). Must already exist and be replicated");
    }

    static JsonNode monJson(CephCluster cluster, String command) {
        try {
            return JSON.readTree(cluster.monCommand(command));
        } catch (CephException e) {
            throw CephErrors.of(e);
        } catch (java.io.IOException e) {
            throw new RbdException(RbdException.FAILED, "", "Unreadable reply to " + command + ": " + e.getMessage(), e);
        }
    }
}
