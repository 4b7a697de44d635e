package io.cephiscsi.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Control names and values of targets, clients and disks, with the types and ranges of {@link SettingKey} and
 * upstream's messages ({@code Supported controls: ...}, {@code expected integer >= 3 for nopin_timeout}).
 * Values are stored normalized, as upstream stores them: integers as JSON ints, yes/no and true/false as JSON
 * booleans; only overrides are stored, so a value equal to the gateway's setting removes the key.
 */
public final class ControlRules {

    /** Which controls apply. Target controls include the client (ACL) ones, as in upstream's TGT_SETTINGS. */
    public enum Kind {
        TARGET, CLIENT, DISK;

        public List<SettingKey> keys() {
            switch (this) {
                case TARGET: return SettingKey.targetControls();
                case CLIENT: return SettingKey.clientControls();
                default: return SettingKey.diskControls();
            }
        }
    }

    private ControlRules() {
    }

    /**
     * One control value, normalized; empty for null or "" (upstream: reset to the default).
     *
     * @param raw a String as a form sends it, or an Integer/Long/Boolean as JSON carries it
     */
    public static Optional<Object> normalize(Kind kind, String name, Object raw) {
        SettingKey key = kind.keys().stream().filter(k -> k.key().equals(name)).findFirst()
                .orElseThrow(() -> ConfigException.invalid(name == null ? "controls" : name,
                        "Unexpected or invalid controls - '" + name + "' is not supported. Supported controls: "
                        + kind.keys().stream().map(SettingKey::key).collect(Collectors.joining(","))));
        if (raw == null || "".equals(raw)) {
            return Optional.empty();
        }
        switch (key.type()) {
            case INT:
                return Optional.of(integer(key, raw));
            case YES_NO:
                return Optional.of(bool(key, raw, "expected yes or no for " + name));
            default:
                return Optional.of(bool(key, raw, "expected true or false for " + name));
        }
    }

    /**
     * The overrides after applying {@code raw} to {@code current}: each given control is normalized; a reset or
     * a value equal to the gateway's own setting ({@code effective}, e.g. {@code settings::get}) removes it.
     */
    public static Map<String, Object> apply(Kind kind, Map<String, Object> current, Map<String, ?> raw,
                                            Function<SettingKey, Object> effective) {
        Map<String, Object> out = new TreeMap<>(current);
        raw.forEach((name, value) -> {
            Optional<Object> v = normalize(kind, name, value);
            SettingKey key = SettingKey.require(name);
            if (v.isEmpty() || v.get().equals(effective.apply(key))) {
                out.remove(name);
            } else {
                out.put(name, v.get());
            }
        });
        return out;
    }

    /** {@link #apply} against the built-in defaults. */
    public static Map<String, Object> apply(Kind kind, Map<String, Object> current, Map<String, ?> raw) {
        return apply(kind, current, raw, k -> k.defaultValue().orElse(null));
    }

    private static int integer(SettingKey key, Object raw) {
        long v;
        if (raw instanceof Integer || raw instanceof Long) {
            v = ((Number) raw).longValue();
        } else if (raw instanceof String && ((String) raw).strip().matches("[+-]?[0-9]{1,18}")) {
            v = Long.parseLong(((String) raw).strip());
        } else {
            throw ConfigException.invalid(key.key(), "expected integer for " + key.key());
        }
        if (v < key.min()) {
            throw ConfigException.invalid(key.key(), "expected integer >= " + key.min() + " for " + key.key());
        }
        if (v > key.max()) {
            throw ConfigException.invalid(key.key(), "expected integer <= " + key.max() + " for " + key.key());
        }
        return (int) v;
    }

    private static boolean bool(SettingKey key, Object raw, String message) {
        if (raw instanceof Boolean) {
            return (Boolean) raw;
        }
        String v = String.valueOf(raw).toLowerCase(Locale.ROOT);
        if (List.of("1", "true", "yes").contains(v)) {
            return true;
        }
        if (List.of("0", "false", "no").contains(v)) {
            return false;
        }
        throw ConfigException.invalid(key.key(), message);
    }
}
