package io.cephiscsi.model.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads INI text with the rules of Python's ConfigParser defaults, as upstream reads its settings file. Lines that
 * ConfigParser rejects make an IOException so the operator learns about them instead of losing settings silently.
 */
public final class IniParser {

    /** The sections upstream reads, in the order it applies them. */
    private static final List<String> KEPT_SECTIONS = List.of("config", "device_status", "target");
    private static final String DEFAULT_SECTION = "DEFAULT";
    private static final Pattern SECTION = Pattern.compile("\\[(.+)\\]");
    private static final Pattern INTERPOLATION_NAME = Pattern.compile("%\\(([^)]*)\\)s");
    private static final int MAX_INTERPOLATION_DEPTH = 10; // ConfigParser's limit

    private IniParser() {
    }

    public static Map<String, String> parse(String text) throws IOException {
        Map<String, Map<String, String>> sections = sections(text);
        Map<String, String> defaults = sections.getOrDefault(DEFAULT_SECTION, Map.of());
        Map<String, String> flat = new LinkedHashMap<>();
        for (String name : KEPT_SECTIONS) {
            Map<String, String> section = sections.get(name);
            if (section == null) {
                continue;
            }
            // [DEFAULT] entries show up in every section that exists, as ConfigParser.items() returns them
            Map<String, String> merged = new LinkedHashMap<>(defaults);
            merged.putAll(section);
            for (Map.Entry<String, String> entry : merged.entrySet()) {
                flat.put(entry.getKey(), interpolate(entry.getKey(), entry.getValue(), merged, 1));
            }
        }
        return flat;
    }

    /** Raw sections by name, keys lower-cased, multi-line values joined with newlines. */
    private static Map<String, Map<String, String>> sections(String text) throws IOException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        String currentKey = null;
        int keyIndent = 0;
        int blankLines = 0; // kept inside a multi-line value, as ConfigParser keeps them
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = i == 0 ? stripByteOrderMark(lines[i]) : lines[i];
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                blankLines++;
                continue;
            }
            if (stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (currentKey != null && indent > keyIndent) {
                String gap = "\n".repeat(blankLines + 1);
                current.merge(currentKey, stripped, (old, more) -> old + gap + more);
                blankLines = 0;
                continue;
            }
            currentKey = null;
            blankLines = 0;
            Matcher header = SECTION.matcher(stripped);
            if (header.lookingAt()) {
                String name = header.group(1);
                if (sections.containsKey(name)) {
                    throw syntax(i, "section [" + name + "] appears twice");
                }
                current = new LinkedHashMap<>();
                sections.put(name, current);
                continue;
            }
            if (current == null) {
                throw syntax(i, "a setting before any [section] header");
            }
            int delimiter = firstDelimiter(stripped);
            String key = delimiter < 0 ? "" : stripped.substring(0, delimiter).strip().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw syntax(i, "expected 'key = value' or 'key: value'");
            }
            if (current.containsKey(key)) {
                throw syntax(i, "'" + key + "' appears twice in its section");
            }
            current.put(key, stripped.substring(delimiter + 1).strip());
            currentKey = key;
            keyIndent = indent;
        }
        return sections;
    }

    private static String stripByteOrderMark(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private static int firstDelimiter(String line) {
        int equals = line.indexOf('=');
        int colon = line.indexOf(':');
        if (equals < 0 || colon < 0) {
            return Math.max(equals, colon);
        }
        return Math.min(equals, colon);
    }

    /** ConfigParser's BasicInterpolation: {@code %%} is a percent sign, {@code %(name)s} another key's value. */
    private static String interpolate(String key, String value, Map<String, String> section, int depth)
            throws IOException {
        if (depth > MAX_INTERPOLATION_DEPTH) {
            throw new IOException("'" + key + "': interpolation nested too deeply");
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < value.length()) {
            int percent = value.indexOf('%', at);
            if (percent < 0) {
                out.append(value, at, value.length());
                break;
            }
            out.append(value, at, percent);
            if (value.startsWith("%%", percent)) {
                out.append('%');
                at = percent + 2;
                continue;
            }
            Matcher name = INTERPOLATION_NAME.matcher(value).region(percent, value.length());
            if (!name.lookingAt()) {
                throw new IOException("'" + key + "': '%' must be followed by '%' or '(name)s' (write %% for %)");
            }
            String referenced = name.group(1).toLowerCase(Locale.ROOT);
            String target = section.get(referenced);
            if (target == null) {
                throw new IOException("'" + key + "' refers to '" + referenced + "', which is not set");
            }
            out.append(interpolate(referenced, target, section, depth + 1));
            at = name.end();
        }
        return out.toString();
    }

    private static IOException syntax(int lineIndex, String problem) {
        return new IOException("line " + (lineIndex + 1) + ": " + problem);
    }
}
