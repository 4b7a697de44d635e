package io.cephiscsi.model.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

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
        Ascii out = new Ascii(4096);
        write(node, out, 0);
        return out.toBytes();
    }

    /**
     * The output: ASCII only (everything else is escaped), so bytes are written straight into one growing array
     * instead of a StringBuilder copied into a String and again into bytes (a 1 MB document on every commit).
     */
    private static final class Ascii {
        private static final byte[][] INDENTS = new byte[16][];

        static {
            for (int level = 0; level < INDENTS.length; level++) {
                INDENTS[level] = " ".repeat(4 * level).getBytes(StandardCharsets.US_ASCII);
            }
        }

        private byte[] bytes;
        private int length;

        Ascii(int capacity) {
            bytes = new byte[capacity];
        }

        void append(char c) {
            room(1);
            bytes[length++] = (byte) c;
        }

        void append(String ascii) {
            int n = ascii.length();
            room(n);
            ascii.getBytes(0, n, bytes, length); // ASCII only: the deprecated copy is exactly right here
            length += n;
        }

        void newlineAndIndent(int level) {
            append('\n');
            if (level < INDENTS.length) {
                byte[] indent = INDENTS[level];
                room(indent.length);
                System.arraycopy(indent, 0, bytes, length, indent.length);
                length += indent.length;
            } else {
                append(" ".repeat(4 * level));
            }
        }

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        byte[] toBytes() {
            return java.util.Arrays.copyOf(bytes, length);
        }
    }

    private static void write(JsonNode node, Ascii out, int level) {
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
                if (node.isInt() || node.isLong()) {
                    out.append(Long.toString(node.longValue()));
                } else {
                    out.append(node.isIntegralNumber() ? node.bigIntegerValue().toString()
                            : floatRepr(node.doubleValue()));
                }
                break;
            default:
                throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, Ascii out, int level) {
        if (node.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
        node.fields().forEachRemaining(fields::add);
        // usually sorted already (a document we or upstream wrote keeps its order when read): a check, not a sort
        if (!sorted(fields)) {
            fields.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> field : fields) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.newlineAndIndent(level + 1);
            writeString(field.getKey(), out);
            out.append(": ");
            write(field.getValue(), out, level + 1);
        }
        out.newlineAndIndent(level);
        out.append('}');
    }

    private static boolean sorted(List<Map.Entry<String, JsonNode>> fields) {
        for (int i = 1; i < fields.size(); i++) {
            if (compareCodePoints(fields.get(i - 1).getKey(), fields.get(i).getKey()) > 0) {
                return false;
            }
        }
        return true;
    }

    private static void writeArray(JsonNode node, Ascii out, int level) {
        if (node.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        boolean first = true;
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.newlineAndIndent(level + 1);
            write(it.next(), out, level + 1);
        }
        out.newlineAndIndent(level);
        out.append(']');
    }

    /** Python compares str by code point; String.compareTo compares UTF-16 units, which differs above U+FFFF. */
    public static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int k = 0; k < n; k++) {
            char ca = a.charAt(k);
            char cb = b.charAt(k);
            if (ca != cb) {
                if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
                    return compareCodePointsFrom(a, b, k);
                }
                return Integer.compare(ca, cb);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** From the first differing UTF-16 unit {@code k}, where a surrogate is involved (the same prefix before). */
    private static int compareCodePointsFrom(String a, String b, int k) {
        // a low surrogate at k continues a pair whose high surrogate both share: step back to the pair's start
        int start = k > 0 && Character.isHighSurrogate(a.charAt(k - 1)) ? k - 1 : k;
        return Integer.compare(a.codePointAt(start), b.codePointAt(start));
    }

    /** {@link #writeString(String, Ascii)} for callers building their own text. */
    static void writeString(String s, StringBuilder out) {
        Ascii quoted = new Ascii(s.length() + 2);
        writeString(s, quoted);
        out.append(new String(quoted.toBytes(), StandardCharsets.US_ASCII));
    }

    /** ensure_ascii: only space..~ stays as is; each UTF-16 unit outside it (surrogates too) becomes an escape. */
    private static void writeString(String s, Ascii out) {
        out.append('"');
        int plainFrom = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= ' ' && c <= '~' && c != '"' && c != '\\') {
                continue;
            }
            if (i > plainFrom) {
                out.append(s.substring(plainFrom, i));
            }
            plainFrom = i + 1;
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default: out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (plainFrom == 0) {
            out.append(s);
        } else if (plainFrom < s.length()) {
            out.append(s.substring(plainFrom));
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
