package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's {@code checkversions}: the distributions (and oldest releases) ceph-iscsi supports, read from
 * {@code /etc/os-release}. Kept so {@code gwcli} and scripts that call it get upstream's answer.
 */
final class OsRelease {

    private static final Map<String, String> ALIASES = Map.of("centos", "rhel", "opensuse-leap", "suse");
    private static final Map<String, Double> OLDEST = Map.of("rhel", 7.4, "suse", 15.1, "debian", 10.0,
            "ubuntu", 18.04);

    private OsRelease() {
    }

    /** Upstream's messages for what is not supported; empty when the checks pass. */
    static List<String> problems(Path osRelease) {
        Map<String, String> fields = read(osRelease);
        String id = fields.getOrDefault("ID", "").toLowerCase(java.util.Locale.ROOT);
        id = ALIASES.getOrDefault(id, id);
        Double oldest = OLDEST.get(id);
        if (oldest == null) {
            return List.of("OS is unsupported");
        }
        // upstream compares the first two numbers of VERSION_ID as a float ("7.4.1708" is 7.4)
        String[] parts = fields.getOrDefault("VERSION_ID", "0").split("\\.");
        double release;
        try {
            release = Double.parseDouble(parts.length > 1 ? parts[0] + "." + parts[1] : parts[0]);
        } catch (NumberFormatException e) {
            return List.of("OS version is unsupported");
        }
        return release < oldest ? List.of("OS version is unsupported") : List.of();
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq).trim(), unquote(line.substring(eq + 1).trim()));
                }
            }
        } catch (IOException e) {
            // no os-release: nothing is known, so the distribution counts as unsupported, as upstream's does
        }
        return fields;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
