package io.cephiscsi.model.internal;

import io.cephiscsi.model.SettingChoice;
import io.cephiscsi.model.SettingKey;
import io.cephiscsi.model.SettingType;
import io.cephiscsi.model.SettingsException;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns raw setting values into typed ones, following the rules of {@link SettingKey}. */
public final class ValueParser {

    /** Upstream fetches such values from the monitors' config-key store; this appliance cannot yet. */
    public static final String MON_CONFIG_PREFIX = "config://";

    /** Shown instead of a secret value. */
    public static final String MASK = "********";

    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "1");
    private static final Set<String> FALSE_WORDS = Set.of("false", "no", "0");
    // Python's int() takes an optional sign and digits; underscores are left out on purpose.
    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

    private ValueParser() {
    }

    /** See {@link SettingKey#parse(Object)}. */
    public static Object parse(SettingKey key, Object raw) {
        String text = text(key, raw);
        if (text.strip().startsWith(MON_CONFIG_PREFIX)) {
            throw invalid(key, text, "a literal value; " + MON_CONFIG_PREFIX
                    + " values are not supported by this appliance yet");
        }
        if (key.type() == SettingType.STRING) {
            return text;
        }
        String trimmed = text.strip();
        switch (key.type()) {
            case INT:
                return parseInt(key, trimmed);
            case BOOL:
            case YES_NO:
                return parseBool(key, trimmed);
            case ENUM:
                return parseChoice(key, trimmed);
            case PATH:
                return parsePath(key, trimmed);
            case IP_LIST:
                return parseIpList(key, trimmed);
            default:
                throw new IllegalStateException("no parser for " + key.type());
        }
    }

    /**
     * Whether a value counts as "not given": blank text for any type but STRING, where blank is a value, except for
     * the secret: a blank password is no password, so the next source (or a generated one) applies.
     */
    public static boolean isUnset(SettingKey key, Object raw) {
        return raw == null || (raw instanceof String s && s.isBlank()
                && (key.type() != SettingType.STRING || key.secret()));
    }

    /** The error for a bad value, masking secrets. */
    public static SettingsException invalid(SettingKey key, String value, String allowed) {
        return new SettingsException(key.key(), key.secret() ? MASK : value, allowed);
    }

    private static String text(SettingKey key, Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        // Karaf's config:property-set can store typed values; treat them as their text.
        if (raw instanceof Number || raw instanceof Boolean || raw instanceof Character) {
            return String.valueOf(raw);
        }
        // A multi-value PID property only makes sense for the list setting.
        if (key.type() == SettingType.IP_LIST && raw instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (key.type() == SettingType.IP_LIST && raw instanceof Object[] a) {
            return Arrays.stream(a).map(String::valueOf).collect(Collectors.joining(","));
        }
        String shown = raw instanceof Object[] a ? Arrays.toString(a) : String.valueOf(raw);
        throw invalid(key, shown, key.expected());
    }

    private static Integer parseInt(SettingKey key, String text) {
        if (!DECIMAL.matcher(text).matches()) {
            throw invalid(key, text, key.expected());
        }
        BigInteger value = new BigInteger(text);
        if (value.compareTo(BigInteger.valueOf(key.min())) < 0 || value.compareTo(BigInteger.valueOf(key.max())) > 0) {
            throw invalid(key, text, key.expected());
        }
        return value.intValueExact();
    }

    private static Boolean parseBool(SettingKey key, String text) {
        String word = text.toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(word)) {
            return Boolean.TRUE;
        }
        if (FALSE_WORDS.contains(word)) {
            return Boolean.FALSE;
        }
        throw invalid(key, text, key.expected());
    }

    private static SettingChoice parseChoice(SettingKey key, String text) {
        // Upstream compares case-sensitively; any case is accepted here, like the booleans.
        return key.choiceConstants().stream()
                .filter(c -> c.value().equalsIgnoreCase(text))
                .findFirst()
                .orElseThrow(() -> invalid(key, text, key.expected()));
    }

    private static Path parsePath(SettingKey key, String text) {
        try {
            Path path = Path.of(text);
            if (path.isAbsolute()) {
                return path;
            }
        } catch (InvalidPathException e) {
            // reported below like any other bad path
        }
        throw invalid(key, text, key.expected());
    }

    private static List<String> parseIpList(SettingKey key, String text) {
        List<String> addresses = new ArrayList<>();
        for (String entry : text.split(",")) {
            String address = entry.strip();
            if (address.isEmpty()) {
                continue;
            }
            if (!IpLiteral.isValid(address)) {
                throw invalid(key, text, key.expected() + "; '" + address + "' is not one");
            }
            addresses.add(address);
        }
        return List.copyOf(addresses);
    }
}
