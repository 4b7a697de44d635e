package io.cephiscsi.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;

/**
 * A change written as an edit of the JSON tree: what every factory of {@link ConfigChange} returns. A
 * transaction runs all its tree changes on one copy, so it costs one copy and one type check however many items
 * it touches.
 */
final class TreeChange implements ConfigChange {

    /** The edit: the tree to change in place, and the timestamp text to stamp items with. */
    @FunctionalInterface
    interface Edit {
        void apply(ObjectNode root, String now);
    }

    private final String description;
    private final Edit edit;

    TreeChange(String description, Edit edit) {
        this.description = Objects.requireNonNull(description);
        this.edit = Objects.requireNonNull(edit);
    }

    void apply(ObjectNode root, String now) {
        edit.apply(root, now);
    }

    @Override
    public GatewayConfig applyTo(GatewayConfig current) {
        return applyTo(current, Instant.now());
    }

    GatewayConfig applyTo(GatewayConfig current, Instant now) {
        ObjectNode copy = current.copyTree();
        apply(copy, Timestamps.format(now));
        return GatewayConfig.fromTree(copy);
    }

    @Override
    public String toString() {
        return description;
    }
}
