package io.cephiscsi.rest.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.gateway.TargetAuthAction;
import io.cephiscsi.model.ConfigException;

/**
 * What the REST face parses out of upstream's form fields before it calls the gateway service: modes, actions,
 * booleans, numbers, comma lists and the {@code controls} JSON text. A bad value is a {@link ConfigException}
 * naming the field, with upstream's message (400 where upstream answers 500 for the same mistake).
 */
final class RequestParams {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RequestParams() {
    }

    /** A field the route cannot do without: 400 naming it (upstream fails with a 500 on a missing field). */
    static String required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ConfigException.invalid(field, "Missing required parameter '" + field + "'");
        }
        return value;
    }

    /**
     * Upstream's flags: {@code true} (any case) is true; absent, empty and {@code false} (any case) are false.
     * Upstream takes any other text as false too; here it is refused, naming the field, so that a typo
     * ({@code force=ture}) is not silently the opposite of what was meant.
     */
    static boolean flag(String field, String value) {
        if (value == null || value.isEmpty() || "false".equalsIgnoreCase(value)) {
            return false;
        }
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        throw ConfigException.invalid(field, field + " must be true or false, not '" + shortened(value) + "'");
    }

    /** A value quoted in a message: at most 64 characters, control characters as '?'. */
    static String shortened(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }

    /** A comma list ({@code members}, {@code disks}, {@code ip_address}); absent or empty is no element. */
    static List<String> commaList(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    /**
     * {@code controls}: a JSON object, raw as sent (the gateway service checks keys, types and ranges). Absent or
     * empty is no control.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> controls(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        Object parsed;
        try {
            parsed = JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw ConfigException.invalid("controls", "Unexpected or invalid controls - " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ConfigException.invalid("controls", "Unexpected or invalid controls - " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw ConfigException.invalid("controls", "Unexpected or invalid controls - expected a JSON object, got "
                    + json);
        }
        return (Map<String, Object>) parsed;
    }

    /** {@code PUT /api/target}: no mode creates, {@code reconfigure} reconfigures. */
    static boolean reconfigureTarget(String targetIqn, String mode) {
        if (mode == null) {
            return false;
        }
        if (mode.equals("reconfigure")) {
            return true;
        }
        // upstream answers this with a 500
        throw ConfigException.invalid("mode", "Unexpected mode provided for " + targetIqn + " - " + mode);
    }

    /** The {@code mode} of {@code PUT /api/disk}. */
    enum DiskMode {
        CREATE, RESIZE, RECONFIGURE;

        static DiskMode of(String mode) {
            for (DiskMode value : values()) {
                if (value.name().toLowerCase(Locale.ROOT).equals(mode)) {
                    return value;
                }
            }
            throw ConfigException.invalid("mode", "disk operation mode '" + (mode == null ? "None" : mode)
                    + "' is invalid");
        }
    }

    /** {@code count} of {@code PUT /api/disk}: digits, default 1 (the service checks the range 1..10). */
    static int count(String count) {
        if (count == null) {
            return 1;
        }
        if (!count.matches("[0-9]{1,9}")) {
            throw ConfigException.invalid("count", "invalid count specified, must be an integer (1-10)");
        }
        return Integer.parseInt(count);
    }

    /** {@code create_image}: exactly {@code true} (the default) or {@code false}, as upstream. */
    static boolean createImage(String value) {
        if (value == null || value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw ConfigException.invalid("create_image", "Invalid 'create_image' value " + value);
    }

    /** {@code lun_id}: absent, or a whole number. */
    static Optional<Integer> lunId(String lunId) {
        if (lunId == null || lunId.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(lunId.trim()));
        } catch (NumberFormatException e) {
            throw ConfigException.invalid("lun_id", "Lun id must be a number");
        }
    }

    /** The {@code mode} of {@code PUT /api/disksnap}: true for rollback, false for create. */
    static boolean snapshotRollback(String mode) {
        if ("create".equals(mode)) {
            return false;
        }
        if ("rollback".equals(mode)) {
            return true;
        }
        throw ConfigException.invalid("mode", "mode is invalid");
    }

    /** {@code action} of {@code PUT /api/targetauth}: absent or empty is {@code none}. */
    static TargetAuthAction targetAuthAction(String action) {
        if (action == null || action.isEmpty()) {
            return TargetAuthAction.NONE;
        }
        return TargetAuthAction.fromWire(action)
                .orElseThrow(() -> ConfigException.invalid("action", "Invalid auth " + action));
    }

    /** {@code action} of {@code PUT /api/hostgroup}: {@code add} (default) or {@code remove}, any case; else 405. */
    static boolean hostGroupAdd(String action) {
        String value = action == null ? "add" : action.toLowerCase(Locale.ROOT);
        if (value.equals("add")) {
            return true;
        }
        if (value.equals("remove")) {
            return false;
        }
        throw new ConfigException("action", 405, "Invalid hostgroup action specified");
    }

    /** Upstream's CHAP fields default to empty. */
    static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
