package io.cephiscsi.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cephiscsi.model.ConfigFormatException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upgrades a gateway.conf tree in place from any schema version to 11, step by step as upstream's
 * {@code Config._upgrade_config} does, including its timestamps ({@code created} on items it adds,
 * {@code updated} on items it rewrites). Where upstream would crash on a missing field (a KeyError), this throws a
 * {@link ConfigFormatException} naming it instead of guessing. Unknown fields are carried along untouched.
 *
 * <p>The single deliberate difference: 6→7 takes a disk's new key from its own {@code pool}/{@code image} fields
 * when they spell the old key, where upstream replaces every '.' by '/' and so turns image {@code a.b} of pool
 * {@code rbd} into {@code rbd/a/b}, a key its own runtime code never looks up.
 */
public final class Migrations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String now;
    private final String shortName;
    private final String fqdn;
    private final boolean encryptionAvailable;

    /** @param shortName this gateway's short host name, or null when unknown (no gateway is renamed) */
    public Migrations(String now, String shortName, String fqdn, boolean encryptionAvailable) {
        this.now = now;
        this.shortName = shortName;
        this.fqdn = fqdn;
        this.encryptionAvailable = encryptionAvailable;
    }

    /** @return whether anything was changed */
    public boolean upgrade(ObjectNode root) {
        int version = root.get("version").intValue();
        boolean renameHost = needsHostnameUpdate(root, version);
        if (version >= 11 && !renameHost) {
            return false;
        }
        if (version <= 2) {
            root.set("groups", NODES.objectNode());
            version = setVersion(root, 3);
        }
        if (version == 3) {
            new SingleTargetMigration(now).apply(root);
            version = setVersion(root, 4);
        }
        if (version == 4) {
            for (ObjectNode disk : items(root, "disks", "")) {
                disk.put("backstore", "user:rbd");
                disk.put("updated", now);
            }
            version = setVersion(root, 5);
        }
        if (version == 5) {
            for (ObjectNode target : items(root, "targets", "")) {
                target.put("acl_enabled", true);
                target.put("updated", now);
            }
            version = setVersion(root, 6);
        }
        if (version == 6) {
            new DiskKeyMigration(now).apply(root);
            version = setVersion(root, 7);
        }
        if (version == 7) {
            new ChapMigration(now, encryptionAvailable).apply(root);
            version = setVersion(root, 8);
        }
        if (version == 8) {
            for (Map.Entry<String, ObjectNode> t : entries(root, "targets", "").entrySet()) {
                String tPath = JsonPaths.item("targets", t.getKey());
                for (Map.Entry<String, ObjectNode> p : entries(t.getValue(), "portals", tPath).entrySet()) {
                    String pPath = JsonPaths.item(JsonPaths.field(tPath, "portals"), p.getKey());
                    JsonNode ip = require(p.getValue(), "portal_ip_address", pPath);
                    p.getValue().putArray("portal_ip_addresses").add(ip);
                    p.getValue().remove("portal_ip_address");
                }
                t.getValue().put("updated", now);
            }
            version = setVersion(root, 9);
        }
        if (version == 9 || renameHost) {
            new HostRename(now, shortName, fqdn).apply(root);
            if (version == 9) {
                version = setVersion(root, 10);
            }
        }
        if (version == 10) {
            for (Map.Entry<String, ObjectNode> t : entries(root, "targets", "").entrySet()) {
                lunIdsFromList(t.getValue(), JsonPaths.item("targets", t.getKey()));
            }
            setVersion(root, 11);
        }
        return true;
    }

    private boolean needsHostnameUpdate(ObjectNode root, int version) {
        if (version == 9) {
            return true;
        }
        JsonNode upgraded = root.get("gateways_upgraded");
        if (upgraded == null || fqdn == null) {
            return false;
        }
        return !HostRename.contains(upgraded, fqdn);
    }

    /** 10→11: every target gets empty TPG CHAP, and its disk list becomes LUN ids in sorted order. */
    private void lunIdsFromList(ObjectNode target, String path) {
        ObjectNode auth = target.putObject("auth");
        ChapMigration.emptyChap(auth);
        JsonNode list = require(target, "disks", path);
        if (!list.isArray()) {
            throw new ConfigFormatException(JsonPaths.field(path, "disks"),
                    "expected a list of disk ids (schema 10) but found " + Json.kind(list));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode id = list.get(i);
            if (!id.isTextual()) {
                throw new ConfigFormatException(JsonPaths.index(JsonPaths.field(path, "disks"), i),
                        "expected a string but found " + Json.kind(id));
            }
            ids.add(id.textValue());
        }
        ids.sort(PythonJson::compareCodePoints);
        ObjectNode disks = target.putObject("disks");
        for (int i = 0; i < ids.size(); i++) {
            disks.putObject(ids.get(i)).put("lun_id", i);
        }
        target.put("updated", now);
    }

    private static int setVersion(ObjectNode root, int version) {
        root.put("version", version);
        return version;
    }

    static JsonNode require(ObjectNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (n == null) {
            throw new ConfigFormatException(JsonPaths.field(path, name),
                    "the field is missing (the schema upgrade needs it)");
        }
        return n;
    }

    static ObjectNode object(ObjectNode parent, String name, String path) {
        return Json.asObject(require(parent, name, path), JsonPaths.field(path, name));
    }

    /** The item objects of a dict section, in stored order. */
    static List<ObjectNode> items(ObjectNode parent, String name, String path) {
        return new ArrayList<>(entries(parent, name, path).values());
    }

    static Map<String, ObjectNode> entries(ObjectNode parent, String name, String path) {
        String p = JsonPaths.field(path, name);
        ObjectNode section = object(parent, name, path);
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        section.fields().forEachRemaining(e ->
                out.put(e.getKey(), Json.asObject(e.getValue(), JsonPaths.item(p, e.getKey()))));
        return out;
    }
}
