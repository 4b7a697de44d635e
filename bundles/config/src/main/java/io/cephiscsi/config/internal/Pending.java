package io.cephiscsi.config.internal;

import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;

/** One caller's transaction in a group commit, and what became of it. */
final class Pending {

    private final ConfigTransaction transaction;
    private GatewayConfig committed;
    private RuntimeException failure;
    private boolean done;

    Pending(ConfigTransaction transaction) {
        this.transaction = transaction;
    }

    ConfigTransaction transaction() {
        return transaction;
    }

    synchronized boolean done() {
        return done;
    }

    /** This transaction does not fit: it fails alone, the rest of the batch goes on. */
    synchronized void fail(RuntimeException error) {
        failure = error;
    }

    /** Forget a failure decided on a stale copy: the batch is applied again to a fresh one. */
    synchronized void reopen() {
        failure = null;
    }

    synchronized void failIfOpen(RuntimeException error) {
        if (!done) {
            failure = error;
            done = true;
        }
    }

    synchronized void succeedIfOpen(GatewayConfig config) {
        if (!done) {
            if (failure == null) {
                committed = config;
            }
            done = true;
        }
    }

    /** The committed configuration, or the failure, rethrown in the caller's thread. */
    synchronized GatewayConfig outcome() {
        if (failure != null) {
            throw failure;
        }
        return committed;
    }
}
