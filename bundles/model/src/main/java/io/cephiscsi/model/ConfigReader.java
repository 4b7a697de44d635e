package io.cephiscsi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cephiscsi.model.internal.Json;
import io.cephiscsi.model.internal.JsonPaths;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Builds the typed view of a v11 tree, checking every known field's type on the way so a bad document fails at
 * parse time with the path of the fault. Missing optional fields read as empty; nothing is written back.
 */
final class ConfigReader {

    private ConfigReader() {
    }

    static ChapCredentials chap(ObjectNode parent, String name, String path, boolean required) {
        String p = JsonPaths.field(path, name);
        ObjectNode o = Json.object(parent, name, p, required);
        if (o == null) {
            return ChapCredentials.NONE;
        }
        return new ChapCredentials(
                Json.text(o, "username", JsonPaths.field(p, "username"), ""),
                Json.text(o, "password", JsonPaths.field(p, "password"), ""),
                Json.bool(o, "password_encryption_enabled", JsonPaths.field(p, "password_encryption_enabled"), false),
                Json.text(o, "mutual_username", JsonPaths.field(p, "mutual_username"), ""),
                Json.text(o, "mutual_password", JsonPaths.field(p, "mutual_password"), ""),
                Json.bool(o, "mutual_password_encryption_enabled",
                        JsonPaths.field(p, "mutual_password_encryption_enabled"), false));
    }

    static <T> Map<String, T> items(ObjectNode parent, String name, String path, boolean required,
                                    BiFunction<ObjectNode, String, T> reader) {
        String p = JsonPaths.field(path, name);
        ObjectNode o = Json.object(parent, name, p, required);
        Map<String, T> out = new LinkedHashMap<>();
        if (o != null) {
            o.fields().forEachRemaining(e -> {
                String itemPath = JsonPaths.item(p, e.getKey());
                out.put(e.getKey(), reader.apply(Json.asObject(e.getValue(), itemPath), itemPath));
            });
        }
        return out;
    }

    /** {@code {"pool/image": {"lun_id": n}}} maps. */
    static Map<String, Integer> lunMap(ObjectNode parent, String name, String path) {
        return items(parent, name, path, false,
                (o, p) -> Json.smallInt(o, "lun_id", JsonPaths.field(p, "lun_id"), -1));
    }

    static DiskConfig disk(ObjectNode o, String p) {
        return new DiskConfig(
                Json.text(o, "pool", JsonPaths.field(p, "pool"), ""),
                Json.text(o, "image", JsonPaths.field(p, "image"), ""),
                Json.integer(o, "pool_id", JsonPaths.field(p, "pool_id"), -1),
                Json.text(o, "wwn", JsonPaths.field(p, "wwn"), ""),
                Json.text(o, "backstore", JsonPaths.field(p, "backstore"), ""),
                Json.text(o, "backstore_object_name", JsonPaths.field(p, "backstore_object_name"), ""),
                Json.text(o, "allocating_host", JsonPaths.field(p, "allocating_host"), ""),
                Json.text(o, "owner", JsonPaths.field(p, "owner"), ""),
                Json.scalars(o, "controls", JsonPaths.field(p, "controls")),
                Json.text(o, "created", JsonPaths.field(p, "created"), ""),
                Json.text(o, "updated", JsonPaths.field(p, "updated"), ""));
    }

    static GatewayEntry gateway(ObjectNode o, String p) {
        return new GatewayEntry(Json.integer(o, "active_luns", JsonPaths.field(p, "active_luns"), 0),
                Json.text(o, "created", JsonPaths.field(p, "created"), ""),
                Json.text(o, "updated", JsonPaths.field(p, "updated"), ""));
    }

    static PortalConfig portal(ObjectNode o, String p) {
        return new PortalConfig(
                Json.strings(o, "portal_ip_addresses", JsonPaths.field(p, "portal_ip_addresses")),
                Json.strings(o, "gateway_ip_list", JsonPaths.field(p, "gateway_ip_list")),
                Json.strings(o, "inactive_portal_ips", JsonPaths.field(p, "inactive_portal_ips")),
                Json.integer(o, "tpgs", JsonPaths.field(p, "tpgs"), 0));
    }

    static ClientConfig client(ObjectNode o, String p) {
        return new ClientConfig(chap(o, "auth", p, false), lunMap(o, "luns", p),
                Json.text(o, "group_name", JsonPaths.field(p, "group_name"), ""));
    }

    static GroupConfig group(ObjectNode o, String p) {
        return new GroupConfig(Json.strings(o, "members", JsonPaths.field(p, "members")), lunMap(o, "disks", p));
    }

    static TargetConfig target(ObjectNode o, String p) {
        return new TargetConfig(
                Json.bool(o, "acl_enabled", JsonPaths.field(p, "acl_enabled"), true),
                chap(o, "auth", p, false),
                Json.scalars(o, "controls", JsonPaths.field(p, "controls")),
                Json.strings(o, "ip_list", JsonPaths.field(p, "ip_list")),
                items(o, "portals", p, false, ConfigReader::portal),
                lunMap(o, "disks", p),
                items(o, "clients", p, false, ConfigReader::client),
                items(o, "groups", p, false, ConfigReader::group),
                Json.text(o, "created", JsonPaths.field(p, "created"), ""),
                Json.text(o, "updated", JsonPaths.field(p, "updated"), ""));
    }

    /** The schema version, checked before anything else so a newer writer's document is refused clearly. */
    static int version(ObjectNode root) {
        JsonNode v = root.get("version");
        if (v == null) {
            throw new ConfigFormatException("version", "the field is missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ConfigFormatException("version", "expected an integer but found " + Json.kind(v));
        }
        int version = v.intValue();
        if (version > GatewayConfig.SCHEMA_VERSION) {
            throw new ConfigFormatException("version", "version " + version
                    + " is newer than this appliance understands (" + GatewayConfig.SCHEMA_VERSION + ")");
        }
        if (version < 1) {
            throw new ConfigFormatException("version", "version " + version + " is not a valid schema version");
        }
        return version;
    }
}
