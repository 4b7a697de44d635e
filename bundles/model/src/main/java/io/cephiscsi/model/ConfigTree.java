package io.cephiscsi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Edits on a private copy of the tree. Every write merges into the node that is there, as upstream's
 * {@code update_item} does, so fields this version does not know survive a change of the fields it does know.
 */
final class ConfigTree {

    private ConfigTree() {
    }

    static ObjectNode section(ObjectNode root, String name) {
        JsonNode n = root.get(name);
        if (n == null || !n.isObject()) {
            return root.putObject(name);
        }
        return (ObjectNode) n;
    }

    static ObjectNode target(ObjectNode root, String iqn) {
        JsonNode t = section(root, "targets").get(iqn);
        if (t == null) {
            throw ConfigException.missing("target_iqn", "Target " + iqn + " is not defined");
        }
        return (ObjectNode) t;
    }

    static ObjectNode client(ObjectNode target, String targetIqn, String clientIqn) {
        JsonNode c = section(target, "clients").get(clientIqn);
        if (c == null) {
            throw ConfigException.missing("client_iqn",
                    "Client " + clientIqn + " is not defined in target " + targetIqn);
        }
        return (ObjectNode) c;
    }

    static ObjectNode child(ObjectNode parent, String name) {
        return section(parent, name);
    }

    static void putChap(ObjectNode auth, ChapCredentials c) {
        auth.put("username", c.username());
        auth.put("password", c.password());
        auth.put("password_encryption_enabled", c.passwordEncryptionEnabled());
        auth.put("mutual_username", c.mutualUsername());
        auth.put("mutual_password", c.mutualPassword());
        auth.put("mutual_password_encryption_enabled", c.mutualPasswordEncryptionEnabled());
    }

    /** Replaces a {@code {"pool/image": {"lun_id": n}}} map; entries that stay keep their unknown fields. */
    static void putLunMap(ObjectNode parent, String field, Map<String, Integer> luns) {
        ObjectNode map = section(parent, field);
        List<String> gone = new ArrayList<>();
        map.fieldNames().forEachRemaining(k -> {
            if (!luns.containsKey(k)) {
                gone.add(k);
            }
        });
        map.remove(gone);
        luns.forEach((disk, lun) -> {
            JsonNode entry = map.get(disk);
            ObjectNode e = entry != null && entry.isObject() ? (ObjectNode) entry : map.putObject(disk);
            e.put("lun_id", lun);
        });
    }

    static void putStrings(ObjectNode parent, String field, List<String> values) {
        ArrayNode list = parent.putArray(field);
        values.forEach(list::add);
    }

    static List<String> strings(ObjectNode parent, String field) {
        List<String> out = new ArrayList<>();
        JsonNode n = parent.get(field);
        if (n != null && n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    /** The scalar fields of an object child (controls), typed as the typed views read them. */
    static Map<String, Object> scalars(ObjectNode parent, String field) {
        return io.cephiscsi.model.internal.Json.scalars(parent, field, field);
    }

    /** Writes a control value with the JSON type upstream stores (int or bool). */
    static void putScalar(ObjectNode parent, String name, Object value) {
        if (value instanceof Boolean) {
            parent.put(name, (Boolean) value);
        } else if (value instanceof Integer) {
            parent.put(name, (Integer) value);
        } else if (value instanceof Long) {
            parent.put(name, (Long) value);
        } else if (value instanceof BigInteger) {
            parent.put(name, (BigInteger) value);
        } else if (value instanceof Double) {
            parent.put(name, (Double) value);
        } else {
            parent.put(name, String.valueOf(value));
        }
    }

    /** Upstream's add_item/update_item stamps on a top-level item: created once, updated on every change. */
    static void stampNew(ObjectNode item, String now) {
        if (!item.has("created")) {
            item.put("created", now);
        }
    }

    static void stampUpdated(ObjectNode item, String now) {
        item.put("updated", now);
    }
}
