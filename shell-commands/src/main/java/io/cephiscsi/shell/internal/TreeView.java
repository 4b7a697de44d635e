package io.cephiscsi.shell.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cephiscsi.gateway.TreeNode;

/**
 * gwcli's {@code ls}, rendered as configshell does: {@code o- name ..... [summary]} lines with {@code | } guides,
 * dots filling each line to the width, children in natural order (lun2 before lun10).
 */
public final class TreeView {

    /** The width when the output is not a terminal. */
    public static final int DEFAULT_WIDTH = 80;

    private static final String GREEN = "\u001B[32m";
    private static final String RED = "\u001B[31m";
    private static final String RESET = "\u001B[0m";

    private static final Pattern TRAILING_NUMBER = Pattern.compile("(.*?)(\\d+)$", Pattern.DOTALL);

    /** configshell's sort key: names ending in a number sort by their prefix, then by that number. */
    static final Comparator<TreeNode> NATURAL = (a, b) -> {
        Key ka = key(a.name());
        Key kb = key(b.name());
        int byPrefix = ka.prefix.compareTo(kb.prefix);
        return byPrefix != 0 ? byPrefix : ka.number.compareTo(kb.number);
    };

    private record Key(String prefix, BigInteger number) {
    }

    private TreeView() {
    }

    private static Key key(String name) {
        Matcher m = TRAILING_NUMBER.matcher(name);
        if (m.matches()) {
            return new Key(m.group(1), new BigInteger(m.group(2)));
        }
        return new Key(name, BigInteger.ZERO);
    }

    /**
     * The tree under {@code node} to {@code depth} levels below it (0: all), one line per node, each line
     * {@code width} columns long unless a name and summary do not fit (then without dots).
     */
    public static String render(TreeNode node, int depth, int width) {
        return render(node, depth, width, false);
    }

    /** As {@link #render(TreeNode, int, int)}, the summaries coloured by health (green OK, red ERROR) if asked. */
    public static String render(TreeNode node, int depth, int width, boolean colour) {
        StringBuilder out = new StringBuilder();
        render(node, new ArrayList<>(List.of(false)), depth == 0 ? Integer.MAX_VALUE : depth, width, colour, out);
        out.setLength(Math.max(0, out.length() - 1));
        return out.toString();
    }

    private static void render(TreeNode node, List<Boolean> margin, int depth, int width, boolean colour,
                               StringBuilder out) {
        StringBuilder line = new StringBuilder();
        for (Boolean pipe : margin.subList(0, margin.size() - 1)) {
            line.append(pipe ? "| " : "  ");
        }
        line.append("o- ");
        String description = description(node);
        int pad = width - 1 - (description.length() + 3) - line.length() - node.name().length();
        line.append(node.name()).append(' ').append(".".repeat(Math.max(0, pad)))
                .append(" [").append(colour ? paint(node.health(), description) : description).append(']');
        out.append(line).append('\n');
        if (depth > 0) {
            List<TreeNode> children = new ArrayList<>(node.children());
            children.sort(NATURAL);
            for (int i = 0; i < children.size(); i++) {
                margin.add(i < children.size() - 1);
                render(children.get(i), margin, depth - 1, width, colour, out);
                margin.remove(margin.size() - 1);
            }
        }
    }

    private static String paint(TreeNode.Health health, String text) {
        return switch (health) {
            case OK -> GREEN + text + RESET;
            case ERROR -> RED + text + RESET;
            case NEUTRAL -> text;
        };
    }

    /** configshell's text for an empty summary: OK, ERROR or "...". */
    private static String description(TreeNode node) {
        if (!node.summary().isEmpty()) {
            return node.summary();
        }
        return switch (node.health()) {
            case OK -> "OK";
            case ERROR -> "ERROR";
            case NEUTRAL -> "...";
        };
    }
}
