package io.cephiscsi.lio;

/**
 * What {@link LioEngine#apply} did: it stops at the first refused operation, so {@code applied} operations took
 * effect and {@code failure} names the one that did not. A later plan/apply converges from there.
 */
public record ApplyResult(int applied, int planned, LioWriteRefusedException failure) {
    public boolean ok() {
        return failure == null;
    }

    /** throws the failure, if any */
    public ApplyResult orThrow() {
        if (failure != null) {
            throw failure;
        }
        return this;
    }
}
