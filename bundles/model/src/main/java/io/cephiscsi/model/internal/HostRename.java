package io.cephiscsi.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * 9→10, upstream's rolling rename of gateways from short host name to FQDN: each gateway renames only itself (in
 * {@code gateways}, in every target's {@code portals}, in disks' {@code allocating_host}/{@code owner}), then
 * adds its FQDN to {@code gateways_upgraded}; the list is removed once it holds every gateway. Upstream stamps
 * {@code updated} on every disk during its own turn, renamed or not; so do we. Without a local identity nobody
 * is renamed, but the list is still started so upstream gateways of the cluster rename themselves.
 */
final class HostRename {

    private final String now;
    private final String shortName;
    private final String fqdn;

    HostRename(String now, String shortName, String fqdn) {
        this.now = now;
        this.shortName = shortName;
        this.fqdn = fqdn;
    }

    void apply(ObjectNode root) {
        JsonNode existing = root.get("gateways_upgraded");
        ArrayNode upgraded = existing != null && existing.isArray() && !existing.isEmpty()
                ? (ArrayNode) existing : root.putArray("gateways_upgraded");
        if (fqdn != null && !contains(upgraded, fqdn)) {
            renameKey(Migrations.object(root, "gateways", ""));
            for (Map.Entry<String, ObjectNode> t : Migrations.entries(root, "targets", "").entrySet()) {
                if (renameKey(Migrations.object(t.getValue(), "portals", JsonPaths.item("targets", t.getKey())))) {
                    t.getValue().put("updated", now);
                }
            }
            for (ObjectNode disk : Migrations.items(root, "disks", "")) {
                replaceValue(disk, "allocating_host");
                replaceValue(disk, "owner");
                disk.put("updated", now);
            }
            upgraded.add(fqdn);
        }
        boolean allDone = true;
        for (Iterator<String> it = Migrations.object(root, "gateways", "").fieldNames(); it.hasNext(); ) {
            allDone &= contains(upgraded, it.next());
        }
        if (allDone) {
            root.remove("gateways_upgraded");
        }
    }

    private boolean renameKey(ObjectNode map) {
        JsonNode value = map.remove(shortName);
        if (value == null) {
            return false;
        }
        map.set(fqdn, value);
        return true;
    }

    private void replaceValue(ObjectNode disk, String field) {
        JsonNode v = disk.get(field);
        if (v != null && v.isTextual() && v.textValue().equals(shortName)) {
            disk.put(field, fqdn);
        }
    }

    static boolean contains(JsonNode list, String name) {
        if (list == null || !list.isArray()) {
            return false;
        }
        for (JsonNode n : list) {
            if (n.isTextual() && n.textValue().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
