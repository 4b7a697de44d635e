package io.cephiscsi.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cephiscsi.model.ConfigFormatException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 6→7: disk ids change from {@code pool.image} to {@code pool/image}, in {@code disks} (the old id is kept as
 * {@code backstore_object_name}, the name of the LIO backstore), in each target's disk list, in client LUN maps
 * and in group disk maps. Target items are stamped {@code updated}; disks keep their stamps, as upstream's
 * delete-and-add does.
 */
final class DiskKeyMigration {

    private final String now;
    private final Map<String, String> renamed = new HashMap<>();

    DiskKeyMigration(String now) {
        this.now = now;
    }

    void apply(ObjectNode root) {
        ObjectNode disks = Migrations.object(root, "disks", "");
        Map<String, JsonNode> moved = new LinkedHashMap<>();
        for (Map.Entry<String, ObjectNode> e : Migrations.entries(root, "disks", "").entrySet()) {
            String newId = newId(e.getKey(), e.getValue());
            renamed.put(e.getKey(), newId);
            e.getValue().put("backstore_object_name", e.getKey());
            if (!e.getValue().has("created")) {
                e.getValue().put("created", now);
            }
            moved.put(newId, e.getValue());
        }
        disks.removeAll();
        moved.forEach(disks::set);

        for (Map.Entry<String, ObjectNode> t : Migrations.entries(root, "targets", "").entrySet()) {
            String tPath = JsonPaths.item("targets", t.getKey());
            ObjectNode target = t.getValue();
            JsonNode list = Migrations.require(target, "disks", tPath);
            if (!list.isArray()) {
                throw new ConfigFormatException(JsonPaths.field(tPath, "disks"),
                        "expected a list of disk ids (schema 6) but found " + Json.kind(list));
            }
            ArrayNode newList = target.putArray("disks");
            list.forEach(id -> newList.add(rename(id.asText())));
            for (ObjectNode client : Migrations.items(target, "clients", tPath)) {
                renameKeys(Migrations.object(client, "luns", tPath));
            }
            for (ObjectNode group : Migrations.items(target, "groups", tPath)) {
                renameKeys(Migrations.object(group, "disks", tPath));
            }
            target.put("updated", now);
        }
    }

    /** The disk's own pool and image when they spell the old id; else upstream's replace-every-dot. */
    private static String newId(String oldId, ObjectNode disk) {
        JsonNode pool = disk.get("pool");
        JsonNode image = disk.get("image");
        if (pool != null && image != null && pool.isTextual() && image.isTextual()
                && oldId.equals(pool.textValue() + "." + image.textValue())) {
            return pool.textValue() + "/" + image.textValue();
        }
        return oldId.replace('.', '/');
    }

    private String rename(String oldId) {
        return renamed.getOrDefault(oldId, oldId.replace('.', '/'));
    }

    private void renameKeys(ObjectNode map) {
        Map<String, JsonNode> copy = Json.entries(map);
        map.removeAll();
        copy.forEach((k, v) -> map.set(rename(k), v));
    }
}
