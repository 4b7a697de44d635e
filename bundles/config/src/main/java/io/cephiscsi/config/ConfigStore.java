package io.cephiscsi.config;

import java.util.Optional;
import java.util.function.Consumer;

import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;

/**
 * The shared configuration of every gateway: one JSON document (upstream's {@code gateway.conf}, schema 11) with
 * an epoch that grows by one with every commit.
 */
public interface ConfigStore {

    /**
     * The newest configuration this gateway has read; refreshed whenever any gateway commits.
     *
     * @throws ConfigUnavailableException when it was never readable (the message says why)
     */
    GatewayConfig current();

    /** Reads the configuration again now, seeding an empty object first as upstream does. */
    GatewayConfig refresh();

    /**
     * Commits {@code transaction}: takes the lock, re-reads the configuration, applies the transaction item by item
     * to that fresh copy, validates, writes it with epoch + 1, releases the lock, and tells the other gateways.
     *
     * @return the committed configuration
     * @throws io.cephiscsi.model.ConfigException when the transaction does not fit the fresh copy (nothing written)
     * @throws ConfigUnavailableException when the configuration cannot be read, is corrupt, or the lock could not
     *                                    be had within {@code time_out} (nothing written)
     */
    GatewayConfig update(ConfigTransaction transaction);

    /**
     * Calls {@code listener} with every newer configuration this gateway sees, its own commits included, on a
     * thread of the store. Close the returned handle to stop.
     */
    AutoCloseable subscribe(Consumer<GatewayConfig> listener);

    /**
     * Why the configuration cannot be read or used right now (unreachable, corrupt, a newer version), while that
     * lasts; empty when the last read or commit succeeded. {@link #current()} keeps answering the last good copy.
     */
    default Optional<String> problem() {
        return Optional.empty();
    }
}
