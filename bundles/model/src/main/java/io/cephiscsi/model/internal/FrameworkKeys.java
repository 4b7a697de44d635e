package io.cephiscsi.model.internal;

import java.util.List;

/**
 * Properties that Config Admin, File Install, DS and Karaf's feature service add to every configuration. They are
 * bookkeeping, not settings, so they are skipped instead of being reported as unknown keys.
 */
final class FrameworkKeys {

    private static final List<String> PREFIXES = List.of(
            "service.", "felix.", "component.", "osgi.", ".",
            // Karaf's feature service marks configurations it installed with org.apache.karaf.features.configKey
            "org.apache.karaf.features.",
            // Felix Config Admin keeps its revision counter as ":org.apache.felix.configadmin.revision:"
            ":");

    private FrameworkKeys() {
    }

    static boolean isBookkeeping(String key) {
        return PREFIXES.stream().anyMatch(key::startsWith);
    }
}
