package io.cephiscsi.gateway;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of gwcli's tree as {@code ls} shows it: its name, its summary text (upstream's wording, without the
 * brackets) and the health that colours the summary. Immutable; built in one pass by {@link GatewayAdmin#tree()}.
 * Children are in no particular order: the shell sorts them as configshell does.
 */
public record TreeNode(String name, String summary, Health health, List<TreeNode> children) {

    /** configshell's summary status: {@code True} (green), {@code None} (uncoloured) and {@code False} (red). */
    public enum Health {
        OK,
        NEUTRAL,
        ERROR
    }

    public TreeNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(health, "health");
        children = List.copyOf(children);
    }

    /** A node without children. */
    public static TreeNode leaf(String name, String summary, Health health) {
        return new TreeNode(name, summary, health, List.of());
    }

    /** The child with this exact name. */
    public Optional<TreeNode> child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }
}
