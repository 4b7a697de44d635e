package io.cephiscsi.shell;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cephiscsi.gateway.TreeNode;

/**
 * gwcli's {@code ls}, rendered as configshell does: {@code o- name ..... [summary]} lines with {@code | } guides,
 * dots filling each line to the width, children in natural order (lun2 before lun10).
 */
final class TreeView {

    /** The width when the output is not a terminal. */
    static final int DEFAULT_WIDTH = 80;

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
     * The node at {@code path}: absolute ({@code /iscsi-targets/iqn...}) or relative to the root, with {@code .}
     * and {@code ..}; IQN names contain no {@code /}, disk names under a target's {@code disks} do
     * ({@code rbd/disk_1}), so a name is matched whole first.
     *
     * @throws IllegalArgumentException "No such path ..." naming the path up to the missing node
     */
    static TreeNode lookup(TreeNode root, String path) {
        List<TreeNode> trail = new ArrayList<>();
        trail.add(root);
        String[] parts = path.split("/");
        int i = 0;
        while (i < parts.length) {
            String part = parts[i];
            if (part.isEmpty() || part.equals(".")) {
                i++;
                continue;
            }
            if (part.equals("..")) {
                if (trail.size() > 1) {
                    trail.remove(trail.size() - 1);
                }
                i++;
                continue;
            }
            TreeNode current = trail.get(trail.size() - 1);
            TreeNode found = null;
            int used = 0;
            // the longest run of parts that names a child (a target's disks are named pool/image)
            for (int j = parts.length; j > i && found == null; j--) {
                String name = String.join("/", Arrays.copyOfRange(parts, i, j));
                found = current.child(name).orElse(null);
                used = j - i;
            }
            if (found == null) {
                throw new IllegalArgumentException("No such path " + pathOf(trail) + part);
            }
            trail.add(found);
            i += used;
        }
        return trail.get(trail.size() - 1);
    }

    private static String pathOf(List<TreeNode> trail) {
        StringBuilder path = new StringBuilder("/");
        for (TreeNode node : trail.subList(1, trail.size())) {
            path.append(node.name()).append('/');
        }
        return path.toString();
    }

    /**
     * The tree under {@code node} to {@code depth} levels below it (0: all), one line per node, each line
     * {@code width} columns long unless a name and summary do not fit (then without dots).
     */
    static String render(TreeNode node, int depth, int width) {
        StringBuilder out = new StringBuilder();
        render(node, new ArrayList<>(List.of(false)), depth == 0 ? Integer.MAX_VALUE : depth, width, out);
        out.setLength(Math.max(0, out.length() - 1));
        return out.toString();
    }

    private static void render(TreeNode node, List<Boolean> margin, int depth, int width, StringBuilder out) {
        StringBuilder line = new StringBuilder();
        for (Boolean pipe : margin.subList(0, margin.size() - 1)) {
            line.append(pipe ? "| " : "  ");
        }
        line.append("o- ");
        String description = description(node);
        int pad = width - 1 - (description.length() + 3) - line.length() - node.name().length();
        line.append(node.name()).append(' ').append(".".repeat(Math.max(0, pad)))
                .append(" [").append(description).append(']');
        out.append(line).append('\n');
        if (depth > 0) {
            List<TreeNode> children = new ArrayList<>(node.children());
            children.sort(NATURAL);
            for (int i = 0; i < children.size(); i++) {
                margin.add(i < children.size() - 1);
                render(children.get(i), margin, depth - 1, width, out);
                margin.remove(margin.size() - 1);
            }
        }
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
