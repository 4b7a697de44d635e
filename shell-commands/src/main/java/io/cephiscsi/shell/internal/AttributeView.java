package io.cephiscsi.shell.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A node's {@code info} in upstream's layout: {@code Label .. value} with the labels padded to the longest field
 * name, a map as a {@code Label} line followed by {@code - key .. value} lines, a list one item per line.
 */
public final class AttributeView {

    private AttributeView() {
    }

    /** The fields in the order given; names as upstream's {@code display_attributes} ({@code client_iqn}). */
    public static String format(Map<String, ?> fields) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            String label = title(field.getKey());
            Object value = field.getValue();
            if (value instanceof Map<?, ?> map && !map.isEmpty()) {
                text.append(label).append('\n');
                int keyWidth = map.keySet().stream().mapToInt(k -> k.toString().length()).max().orElse(0);
                for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) {
                    if (entry.getValue() instanceof Map<?, ?> inner) {
                        text.append(String.format("- %-" + keyWidth + "s .. %s%n", entry.getKey(),
                                inner.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                        .collect(Collectors.joining(", "))));
                    } else {
                        text.append("- ").append(entry.getKey()).append(" .. ").append(entry.getValue()).append('\n');
                    }
                }
                continue;
            }
            String shown;
            if (value instanceof Map<?, ?>) {
                shown = "UNDEFINED";
            } else if (value instanceof List<?> list) {
                shown = list.stream().map(String::valueOf)
                        .collect(Collectors.joining("\n" + " ".repeat(width + 4)));
            } else {
                shown = String.valueOf(value);
            }
            text.append(String.format("%-" + width + "s .. %s%n", label, shown));
        }
        return text.toString().stripTrailing();
    }

    /** Python's {@code str.title()} after {@code _} became blanks: {@code overcommit_PCT} is {@code Overcommit Pct}. */
    static String title(String name) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (char c : name.replace('_', ' ').toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return out.toString();
    }
}
