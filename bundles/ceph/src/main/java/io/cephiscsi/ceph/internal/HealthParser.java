package io.cephiscsi.ceph.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.ceph.CephException;
import io.cephiscsi.ceph.ClusterHealth;

/** Reads the JSON of {@code ceph health --format json}. */
final class HealthParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthParser() {
    }

    static ClusterHealth parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CephException("unreadable health report from the mon: " + e.getOriginalMessage(), 0, e);
        }
        String status = root.path("status").asText("");
        if (status.isEmpty()) {
            throw new CephException("health report from the mon has no status: " + json, 0, null);
        }
        List<ClusterHealth.Check> checks = new ArrayList<>();
        for (Map.Entry<String, JsonNode> check : root.path("checks").properties()) {
            JsonNode value = check.getValue();
            checks.add(new ClusterHealth.Check(check.getKey(), value.path("severity").asText(),
                    value.path("summary").path("message").asText()));
        }
        return new ClusterHealth(status, checks);
    }
}
