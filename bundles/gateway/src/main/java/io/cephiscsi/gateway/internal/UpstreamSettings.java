package io.cephiscsi.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cephiscsi.gateway.SettingsView;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.SettingChoice;
import io.cephiscsi.model.SettingKey;
import io.cephiscsi.model.SettingSection;
import io.cephiscsi.model.SettingType;

/** The settings as upstream's API reports them: {@code GET /api/settings} and the {@code checkconf} hash. */
final class UpstreamSettings {

    static final String USER_RBD = "user:rbd";
    /** librbd's RBD_FEATURE_EXCLUSIVE_LOCK: tcmu-runner's rbd handler needs it, as upstream's RBDDev says. */
    static final long RBD_FEATURE_EXCLUSIVE_LOCK = 4;
    static final int API_VERSION = 2;

    /** Upstream leaves these out of the hash: each gateway may use its own Ceph user and log level. */
    private static final Set<SettingKey> NOT_HASHED = Set.of(SettingKey.CLUSTER_CLIENT_NAME, SettingKey.LOGGER_LEVEL);

    private UpstreamSettings() {
    }

    static SettingsView view(GatewaySettings settings) {
        return new SettingsView(settings.targetDefaults(), limits(SettingKey.targetControls()),
                Map.of(USER_RBD, settings.diskDefaults()), Map.of(USER_RBD, limits(SettingKey.diskControls())),
                Map.of(USER_RBD, 0L), Map.of(USER_RBD, RBD_FEATURE_EXCLUSIVE_LOCK), List.of(USER_RBD), USER_RBD,
                settings.minimumGateways(), API_VERSION);
    }

    private static Map<String, Map<String, Object>> limits(List<SettingKey> keys) {
        Map<String, Map<String, Object>> limits = new LinkedHashMap<>();
        for (SettingKey key : keys) {
            Map<String, Object> limit = new LinkedHashMap<>();
            if (key.type() == SettingType.INT) {
                limit.put("min", key.min());
                limit.put("max", key.max());
            } else if (key.type() == SettingType.ENUM) {
                limit.put("values", key.choices());
            }
            limit.put("type", typeName(key.type()));
            limits.put(key.key(), limit);
        }
        return limits;
    }

    /** Upstream's {@code Setting.type_str}. */
    private static String typeName(SettingType type) {
        switch (type) {
            case INT:
                return "int";
            case BOOL:
            case YES_NO:
                return "bool";
            case ENUM:
                return "enum";
            case IP_LIST:
                return "list";
            default:
                return "str";
        }
    }

    /**
     * Upstream's {@code Settings.hash()}: SHA-256 (hex) of {@code json.dumps} of every upstream setting but
     * {@code cluster_client_name} and {@code logger_level}, in upstream's table order. Gateways compare it to tell
     * that their settings agree, so the bytes must be Python's exactly, including upstream forcing
     * {@code api_ssl_verify} to false when {@code api_secure} is on.
     */
    static String hash(GatewaySettings settings) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(hashedJson(settings).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The text upstream hashes: {@code json.dumps(dict)} with its default ", " and ": " separators, ASCII only. */
    static String hashedJson(GatewaySettings settings) {
        StringBuilder json = new StringBuilder("{");
        for (SettingKey key : SettingKey.values()) {
            if (key.section() == SettingSection.APPLIANCE || NOT_HASHED.contains(key)) {
                continue;
            }
            Object value = settings.get(key);
            if (key == SettingKey.API_SSL_VERIFY && settings.apiSecure()) {
                value = Boolean.FALSE;
            }
            if (json.length() > 1) {
                json.append(", ");
            }
            PythonJsonText.string(json, key.key());
            json.append(": ");
            value(json, value);
        }
        return json.append('}').toString();
    }

    private static void value(StringBuilder json, Object value) {
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            json.append(value);
        } else if (value instanceof List<?> list) {
            json.append('[');
            for (int i = 0; i < list.size(); i++) {
                json.append(i == 0 ? "" : ", ");
                value(json, list.get(i));
            }
            json.append(']');
        } else if (value instanceof SettingChoice choice) {
            PythonJsonText.string(json, choice.value());
        } else {
            PythonJsonText.string(json, String.valueOf(value));
        }
    }
}
