package io.cephiscsi.model.internal;

import com.fasterxml.jackson.core.JsonStreamContext;

/**
 * Builds the JSON paths used in error messages: schema fields as {@code .name}, item keys (IQNs, gateway names,
 * disk ids) as {@code ["key"]}, list positions as {@code [3]}.
 */
public final class JsonPaths {

    private JsonPaths() {
    }

    /** A schema field below {@code parent}. */
    public static String field(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** An item keyed by name (IQN, gateway, disk id) below {@code parent}. */
    public static String item(String parent, String key) {
        return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    /** A list element below {@code parent}. */
    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /**
     * The path of the parser's position, for syntax errors, where we do not know the schema level: names that
     * look like identifiers use the dot form, everything else the bracket form.
     */
    public static String of(JsonStreamContext ctx) {
        if (ctx == null || ctx.inRoot()) {
            return "";
        }
        String parent = of(ctx.getParent());
        if (ctx.inArray()) {
            return index(parent, Math.max(ctx.getCurrentIndex(), 0));
        }
        String name = ctx.getCurrentName();
        if (name == null) {
            return parent;
        }
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? field(parent, name) : item(parent, name);
    }
}
