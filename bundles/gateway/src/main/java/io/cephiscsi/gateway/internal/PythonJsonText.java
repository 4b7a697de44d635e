package io.cephiscsi.gateway.internal;

/** Python's {@code json.dumps} string encoding with its default {@code ensure_ascii=True}. */
final class PythonJsonText {

    private PythonJsonText() {
    }

    static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Python escapes everything outside ' '..'~'; a Java char is a UTF-16 unit, so characters
                    // beyond the BMP come out as the same surrogate pair Python writes
                    if (c < ' ' || c > '~') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
