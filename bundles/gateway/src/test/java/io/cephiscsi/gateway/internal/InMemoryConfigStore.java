package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.Consumer;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.config.ConfigUnavailableException;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;

/** A ConfigStore holding one document in memory (the real stores are internal to the config bundle). */
final class InMemoryConfigStore implements ConfigStore {

    private volatile GatewayConfig config;
    private volatile String unavailable;

    InMemoryConfigStore(GatewayConfig config) {
        this.config = config;
    }

    static InMemoryConfigStore fromResource(String name) {
        try (InputStream in = InMemoryConfigStore.class.getResourceAsStream(name)) {
            return new InMemoryConfigStore(GatewayConfig.parse(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ConfigTransaction interleaved;

    /** Makes every read fail as a store does while RADOS is unreachable. */
    void breakWith(String message) {
        unavailable = message;
    }

    @Override
    public GatewayConfig current() {
        if (unavailable != null) {
            throw new ConfigUnavailableException(unavailable, null);
        }
        return config;
    }

    @Override
    public GatewayConfig refresh() {
        return current();
    }

    /** Another writer's commit that lands between the next request's checks and its own commit. */
    synchronized void beforeNextUpdate(ConfigTransaction other) {
        interleaved = other;
    }

    @Override
    public synchronized GatewayConfig update(ConfigTransaction transaction) {
        if (interleaved != null) {
            ConfigTransaction other = interleaved;
            interleaved = null;
            update(other);
        }
        config = transaction.applyTo(current()).withEpoch(current().epoch() + 1, Instant.now());
        return config;
    }

    @Override
    public AutoCloseable subscribe(Consumer<GatewayConfig> listener) {
        return () -> { };
    }
}
