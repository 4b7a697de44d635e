package io.cephiscsi.model.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.SettingChoice;
import io.cephiscsi.model.SettingKey;
import io.cephiscsi.model.SettingSection;

/** Upstream's settings hash, which gateways compare before one joins another ({@code /api/sysinfo/checkconf}). */
public final class SettingsHash {

    /** Upstream leaves these out of the hash: each gateway may use its own Ceph user and log level. */
    private static final Set<SettingKey> NOT_HASHED = Set.of(SettingKey.CLUSTER_CLIENT_NAME, SettingKey.LOGGER_LEVEL);

    private SettingsHash() {
    }

    /**
     * Upstream's {@code Settings.hash()}: SHA-256 (hex) of {@code json.dumps} of every upstream setting but
     * {@code cluster_client_name} and {@code logger_level}, in upstream's table order. Gateways compare it to tell
     * that their settings agree, so the bytes must be Python's exactly, including upstream forcing
     * {@code api_ssl_verify} to false when {@code api_secure} is on.
     */
    public static String hash(GatewaySettings settings) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(hashedJson(settings).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The text upstream hashes: {@code json.dumps(dict)} with its default ", " and ": " separators, ASCII only. */
    public static String hashedJson(GatewaySettings settings) {
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
            PythonJson.writeString(key.key(), json);
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
            PythonJson.writeString(choice.value(), json);
        } else {
            PythonJson.writeString(String.valueOf(value), json);
        }
    }
}
