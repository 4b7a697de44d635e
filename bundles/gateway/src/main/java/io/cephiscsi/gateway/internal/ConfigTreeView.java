package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.model.GatewayConfig;

/**
 * The shared configuration as plain maps and lists, exactly as stored (every field, unknown ones included, in the
 * stored key order): upstream's read routes answer with parts of the stored JSON, so the typed view is not enough.
 * Parsed once per document seen and shared by every caller, hence read-only at every level.
 */
final class ConfigTreeView {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private record Parsed(GatewayConfig config, Map<String, Object> tree) {
    }

    private volatile Parsed last;

    /** The whole document of {@code config}, read-only. */
    Map<String, Object> tree(GatewayConfig config) {
        Parsed parsed = last;
        if (parsed == null || parsed.config() != config) {
            try {
                parsed = new Parsed(config, readOnly(MAPPER.readValue(config.toJson(), OBJECT)));
            } catch (IOException e) {
                throw new UncheckedIOException("the stored configuration is not JSON", e);
            }
            last = parsed;
        }
        return parsed.tree();
    }

    @SuppressWarnings("unchecked")
    private static <T> T readOnly(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, readOnly(v)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(readOnly(v)));
            return (T) Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** {@code tree[name]} as an object; empty when absent. */
    static Map<String, Object> object(Map<String, Object> tree, String name) {
        Map<String, Object> value = objectOrNull(tree, name);
        return value == null ? Map.of() : value;
    }

    /** {@code tree[name]} as an object; null when absent (an empty object is not absent). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> objectOrNull(Map<String, Object> tree, String name) {
        Object value = tree.get(name);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }
}
