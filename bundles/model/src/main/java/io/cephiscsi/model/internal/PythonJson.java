package io.cephiscsi.model.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes a JSON tree byte for byte as upstream's {@code json.dumps(obj, sort_keys=True, indent=4,
 * separators=(',', ': '))} does, so an object we write is indistinguishable from one an upstream gateway wrote and
 * a round trip of an unchanged object changes no byte.
 *
 * <p>Python's rules reproduced here: keys sorted by code point; 4-space indent; {@code {}} and {@code []} for empty
 * containers; everything outside printable ASCII escaped as lower-case {@code \\uXXXX} (ensure_ascii); floats as
 * {@code repr()} writes them; no trailing newline.
 */
public final class PythonJson {

    private PythonJson() {
    }

    public static byte[] write(JsonNode node) {
        StringBuilder out = new StringBuilder(4096);
        write(node, out, 0);
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void write(JsonNode node, StringBuilder out, int level) {
        switch (node.getNodeType()) {
            case OBJECT:
                writeObject(node, out, level);
                break;
            case ARRAY:
                writeArray(node, out, level);
                break;
            case STRING:
                writeString(node.textValue(), out);
                break;
            case BOOLEAN:
                out.append(node.booleanValue() ? "true" : "false");
                break;
            case NULL:
            case MISSING:
                out.append("null");
                break;
            case NUMBER:
                out.append(node.isIntegralNumber() ? node.bigIntegerValue().toString() : floatRepr(node.doubleValue()));
                break;
            default:
                throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out, int level) {
        if (node.isEmpty()) {
            out.append("{}");
            return;
        }
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(PythonJson::compareCodePoints);
        out.append('{');
        String sep = "\n";
        for (String name : names) {
            out.append(sep);
            indent(out, level + 1);
            writeString(name, out);
            out.append(": ");
            write(node.get(name), out, level + 1);
            sep = ",\n";
        }
        out.append('\n');
        indent(out, level);
        out.append('}');
    }

    private static void writeArray(JsonNode node, StringBuilder out, int level) {
        if (node.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        String sep = "\n";
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            out.append(sep);
            indent(out, level + 1);
            write(it.next(), out, level + 1);
            sep = ",\n";
        }
        out.append('\n');
        indent(out, level);
        out.append(']');
    }

    private static void indent(StringBuilder out, int level) {
        out.append(" ".repeat(4 * level));
    }

    /** Python compares str by code point; String.compareTo compares UTF-16 units, which differs above U+FFFF. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** ensure_ascii: only space..~ stays as is; each UTF-16 unit outside it (surrogates too) becomes an escape. */
    static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c >= ' ' && c <= '~') {
                        out.append(c);
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
            }
        }
        out.append('"');
    }

    /**
     * Python's {@code repr(float)}: the shortest decimal that reads back as the same double; positional notation
     * for decimal exponents -4..15, else {@code 1e+16} / {@code 1.5e-07} style. Java 17's Double.toString is not
     * always shortest, hence the search.
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int p = 1; p <= 17; p++) {
            BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                shortest = candidate;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - shortest.scale();
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            return sign + positional(digits, exp);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }

    private static String positional(String digits, int exp) {
        if (exp < 0) {
            return "0." + "0".repeat(-exp - 1) + digits;
        }
        if (digits.length() <= exp + 1) {
            return digits + "0".repeat(exp + 1 - digits.length()) + ".0";
        }
        return digits.substring(0, exp + 1) + "." + digits.substring(exp + 1);
    }
}
