package io.cephiscsi.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.cephiscsi.gateway.TreeNode;

/**
 * Paths in gwcli's tree: resolving {@code /abs}, {@code rel}, {@code .} and {@code ..} against the current node,
 * and printing them. A path is held as the names from the root ({@code []} is {@code /}). IQNs contain no
 * {@code /}, but the disks under a target are named {@code pool/image}, so the longest run of parts that names
 * a child wins.
 */
public final class TreePath {

    private TreePath() {
    }

    /**
     * The names of the node {@code path} points at from {@code current}.
     *
     * @throws IllegalArgumentException "No such path ..." naming the path up to the missing node
     */
    public static List<String> resolve(TreeNode root, List<String> current, String path) {
        List<String> names = new ArrayList<>(path.startsWith("/") ? List.of() : current);
        List<TreeNode> trail = trail(root, names);
        String[] parts = path.split("/");
        int i = 0;
        while (i < parts.length) {
            String part = parts[i];
            if (part.isEmpty() || part.equals(".")) {
                i++;
            } else if (part.equals("..")) {
                if (!names.isEmpty()) {
                    names.remove(names.size() - 1);
                    trail.remove(trail.size() - 1);
                }
                i++;
            } else {
                TreeNode node = trail.get(trail.size() - 1);
                TreeNode found = null;
                int used = 0;
                for (int j = parts.length; j > i && found == null; j--) {
                    found = node.child(String.join("/", Arrays.copyOfRange(parts, i, j))).orElse(null);
                    used = j - i;
                }
                if (found == null) {
                    throw new IllegalArgumentException("No such path " + format(names)
                            + (names.isEmpty() ? "" : "/") + part);
                }
                names.add(found.name());
                trail.add(found);
                i += used;
            }
        }
        return names;
    }

    /** The node at these names. */
    public static TreeNode node(TreeNode root, List<String> names) {
        List<TreeNode> trail = trail(root, names);
        return trail.get(trail.size() - 1);
    }

    private static List<TreeNode> trail(TreeNode root, List<String> names) {
        List<TreeNode> trail = new ArrayList<>(List.of(root));
        for (String name : names) {
            TreeNode next = trail.get(trail.size() - 1).child(name).orElseThrow(
                    () -> new IllegalArgumentException("No such path " + format(names)));
            trail.add(next);
        }
        return trail;
    }

    /** {@code /}, or {@code /a/b}. */
    public static String format(List<String> names) {
        return "/" + String.join("/", names);
    }
}
