package io.cephiscsi.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cephiscsi.model.ConfigFormatException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Typed reads from a JSON tree; a wrong type is a {@link ConfigFormatException} naming the path. */
public final class Json {

    private Json() {
    }

    /** How Python would call the value, for messages: "a string", "a list", ... */
    public static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        switch (n.getNodeType()) {
            case OBJECT: return "an object";
            case ARRAY: return "a list";
            case STRING: return "a string";
            case BOOLEAN: return "a boolean";
            case NULL: return "null";
            case NUMBER: return n.isIntegralNumber() ? "an integer" : "a number";
            default: return n.getNodeType().toString();
        }
    }

    private static ConfigFormatException wrong(String path, String expected, JsonNode n) {
        return new ConfigFormatException(path, "expected " + expected + " but found " + kind(n));
    }

    public static ObjectNode object(JsonNode parent, String name, String path, boolean required) {
        JsonNode n = parent.get(name);
        if (n == null) {
            if (required) {
                throw new ConfigFormatException(path, "the field is missing (expected an object)");
            }
            return null;
        }
        if (!n.isObject()) {
            throw wrong(path, "an object", n);
        }
        return (ObjectNode) n;
    }

    public static ObjectNode asObject(JsonNode n, String path) {
        if (!n.isObject()) {
            throw wrong(path, "an object", n);
        }
        return (ObjectNode) n;
    }

    public static String text(JsonNode parent, String name, String path, String absent) {
        JsonNode n = parent.get(name);
        if (n == null) {
            return absent;
        }
        if (!n.isTextual()) {
            throw wrong(path, "a string", n);
        }
        return n.textValue();
    }

    public static boolean bool(JsonNode parent, String name, String path, boolean absent) {
        JsonNode n = parent.get(name);
        if (n == null) {
            return absent;
        }
        if (!n.isBoolean()) {
            throw wrong(path, "true or false", n);
        }
        return n.booleanValue();
    }

    public static long integer(JsonNode parent, String name, String path, long absent) {
        JsonNode n = parent.get(name);
        if (n == null) {
            return absent;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw wrong(path, "an integer", n);
        }
        return n.longValue();
    }

    public static int smallInt(JsonNode parent, String name, String path, int absent) {
        long v = integer(parent, name, path, absent);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ConfigFormatException(path, "the integer " + v + " is out of range");
        }
        return (int) v;
    }

    public static List<String> strings(JsonNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (n == null) {
            return List.of();
        }
        if (!n.isArray()) {
            throw wrong(path, "a list of strings", n);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            if (!e.isTextual()) {
                throw wrong(JsonPaths.index(path, i), "a string", e);
            }
            out.add(e.textValue());
        }
        return Collections.unmodifiableList(out);
    }

    /** Scalar values of a controls object: Integer/Long/BigInteger, Boolean, String or Double, as stored. */
    public static Map<String, Object> scalars(JsonNode parent, String name, String path) {
        ObjectNode obj = object(parent, name, path, false);
        Map<String, Object> out = new TreeMap<>();
        if (obj == null) {
            return Collections.unmodifiableMap(out);
        }
        obj.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            Object value;
            if (v.isBoolean()) {
                value = v.booleanValue();
            } else if (v.isIntegralNumber()) {
                value = v.canConvertToInt() ? (Object) v.intValue() : v.canConvertToLong() ? v.longValue()
                        : v.bigIntegerValue();
            } else if (v.isNumber()) {
                value = v.doubleValue();
            } else if (v.isTextual()) {
                value = v.textValue();
            } else {
                throw wrong(JsonPaths.field(path, e.getKey()), "a number, boolean or string", v);
            }
            out.put(e.getKey(), value);
        });
        return Collections.unmodifiableMap(out);
    }

    /** Field names of an object in their stored order, so callers can sort them as they need. */
    public static Map<String, JsonNode> entries(ObjectNode obj) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        obj.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
