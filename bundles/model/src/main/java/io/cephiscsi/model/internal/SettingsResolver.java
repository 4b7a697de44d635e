package io.cephiscsi.model.internal;

import io.cephiscsi.model.Backend;
import io.cephiscsi.model.SettingKey;
import io.cephiscsi.model.SettingSection;
import io.cephiscsi.model.SettingsException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Merges upstream's settings file, the OSGi configuration and the defaults into one typed value per key, and
 * collects every problem on the way rather than stopping at the first.
 *
 * <p>Precedence per key: PID, then file, then default. A blank value of a non-text setting or of the API password
 * counts as not given.
 * Upstream's file may only set upstream keys; the appliance's own keys there are ignored like unknown ones.
 */
public final class SettingsResolver {

    /** The outcome: typed values for every key (also when there are errors), ignored file keys, and problems. */
    public record Resolution(Map<SettingKey, Object> values, List<String> ignoredKeys,
                             List<SettingsException> errors) {
    }

    private SettingsResolver() {
    }

    public static Resolution resolve(Map<String, String> upstreamFile, Map<String, ?> pid,
                                     Predicate<Path> fileExists) {
        Map<SettingKey, Object> given = new EnumMap<>(SettingKey.class);
        List<String> ignored = new ArrayList<>();
        List<SettingsException> errors = new ArrayList<>();

        collectFile(upstreamFile, given, ignored);
        collectPid(pid, given, errors);

        Map<SettingKey, Object> values = new EnumMap<>(SettingKey.class);
        for (SettingKey key : SettingKey.values()) {
            Object typed = parseOrDefault(key, given.get(key), errors);
            if (typed != null) {
                values.put(key, typed);
            }
        }
        deriveDefaults(values, errors, fileExists);

        errors.sort(Comparator.comparing(SettingsException::key));
        return new Resolution(values, List.copyOf(ignored), List.copyOf(errors));
    }

    private static void collectFile(Map<String, String> file, Map<SettingKey, Object> given, List<String> ignored) {
        if (file == null) {
            return;
        }
        for (Map.Entry<String, String> entry : new TreeMap<>(file).entrySet()) {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            Optional<SettingKey> key = SettingKey.byKey(name).filter(k -> k.section() != SettingSection.APPLIANCE);
            if (key.isEmpty()) {
                ignored.add(name);
            } else if (!ValueParser.isUnset(key.get(), entry.getValue())) {
                given.put(key.get(), entry.getValue());
            }
        }
    }

    private static void collectPid(Map<String, ?> pid, Map<SettingKey, Object> given,
                                   List<SettingsException> errors) {
        if (pid == null) {
            return;
        }
        for (Map.Entry<String, ?> entry : new TreeMap<String, Object>(pid).entrySet()) {
            String name = entry.getKey();
            if (FrameworkKeys.isBookkeeping(name)) {
                continue;
            }
            Optional<SettingKey> key = SettingKey.byKey(name);
            if (key.isEmpty()) {
                errors.add(SettingsException.unknownKey(name));
            } else if (!ValueParser.isUnset(key.get(), entry.getValue())) {
                given.put(key.get(), entry.getValue());
            }
        }
    }

    private static Object parseOrDefault(SettingKey key, Object raw, List<SettingsException> errors) {
        if (raw != null) {
            try {
                return key.parse(raw);
            } catch (SettingsException e) {
                errors.add(e); // fall back to the default so derived values can still be worked out
            }
        }
        return key.defaultValue().orElse(null);
    }

    private static void deriveDefaults(Map<SettingKey, Object> values, List<SettingsException> errors,
                                       Predicate<Path> fileExists) {
        if (!values.containsKey(SettingKey.CEPH_CONF)) {
            String dir = (String) values.get(SettingKey.CEPH_CONFIG_DIR);
            String cluster = (String) values.get(SettingKey.CLUSTER_NAME);
            values.put(SettingKey.CEPH_CONF, cephConf(dir, cluster, errors));
        }
        if (!values.containsKey(SettingKey.BACKEND)) {
            Path conf = (Path) values.get(SettingKey.CEPH_CONF);
            values.put(SettingKey.BACKEND, fileExists.test(conf) ? Backend.CEPH : Backend.EMBEDDED);
        }
    }

    /** Upstream's rule: {@code <ceph_config_dir>/<cluster_name>.conf}. */
    private static Path cephConf(String dir, String cluster, List<SettingsException> errors) {
        String conf = dir + "/" + cluster + ".conf";
        try {
            return Path.of(conf);
        } catch (InvalidPathException e) {
            errors.add(ValueParser.invalid(SettingKey.CEPH_CONFIG_DIR, dir, "a directory path (" + conf
                    + " is not a valid path)"));
            return Path.of("/etc/ceph/ceph.conf");
        }
    }

}
