package io.cephiscsi.shell.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A resolved node: its names from the root and its type, with the names a command needs.
 *
 * @param names the names from the root; {@code []} is {@code /}
 * @param kind  the node type at that path
 */
public record Location(List<String> names, NodeKind kind) {

    public Location {
        names = List.copyOf(names);
    }

    public static Location of(List<String> names) {
        return new Location(names, NodeKind.of(names));
    }

    /** The target IQN of a node under {@code /iscsi-targets/<iqn>}. */
    public String target() {
        return names.get(1);
    }

    /** The name at that depth (0 is the first name below the root). */
    public String name(int depth) {
        return names.get(depth);
    }

    /** The last name: the node's own. */
    public String last() {
        return names.get(names.size() - 1);
    }

    public Location child(String name) {
        List<String> child = new ArrayList<>(names);
        child.add(name);
        return new Location(child, kind);
    }

    @Override
    public String toString() {
        return TreePath.format(names);
    }
}
