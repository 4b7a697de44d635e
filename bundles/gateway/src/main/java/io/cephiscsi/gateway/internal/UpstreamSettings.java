package io.cephiscsi.gateway.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cephiscsi.gateway.SettingsView;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.SettingKey;
import io.cephiscsi.model.SettingType;

/** The settings as upstream's API reports them in {@code GET /api/settings}. */
final class UpstreamSettings {

    static final String USER_RBD = "user:rbd";
    /** librbd's RBD_FEATURE_EXCLUSIVE_LOCK: tcmu-runner's rbd handler needs it, as upstream's RBDDev says. */
    static final long RBD_FEATURE_EXCLUSIVE_LOCK = 4;
    static final int API_VERSION = 2;

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
}
