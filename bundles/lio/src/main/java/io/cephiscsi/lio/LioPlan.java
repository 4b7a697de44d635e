package io.cephiscsi.lio;

import java.util.List;

/** The ordered configfs operations that take the live state to the desired one; empty when they agree. */
public record LioPlan(List<LioOp> ops) {
    public LioPlan {
        ops = List.copyOf(ops);
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    public int size() {
        return ops.size();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (LioOp op : ops) {
            b.append(op).append('\n');
        }
        return b.toString();
    }
}
