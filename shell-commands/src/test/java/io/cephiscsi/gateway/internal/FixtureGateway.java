package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.GatewaySettingsService;

/**
 * The real {@link GatewayAdminImpl} (reachable only from its package) on the v11 fixture shared with the gateway's
 * own tests, its configuration held in memory, on the embedded default settings.
 */
public final class FixtureGateway {

    private FixtureGateway() {
    }

    public static GatewayAdminImpl v11() {
        return of(GatewaySettings.defaults(p -> false), load("/gateway-conf/v11.json"));
    }

    /** The real gateway service over {@code config} held in memory, with {@code settings}. */
    public static GatewayAdminImpl of(GatewaySettings settings, GatewayConfig config) {
        GatewaySettingsService service = new GatewaySettingsService() {
            @Override
            public GatewaySettings current() {
                return settings;
            }

            @Override
            public Optional<String> problem() {
                return Optional.empty();
            }

            @Override
            public void storeGeneratedApiPassword(String password) {
                throw new UnsupportedOperationException("settings fixed by the test");
            }
        };
        return new GatewayAdminImpl(service, new LocalHost(), new MemoryStore(config));
    }

    private static GatewayConfig load(String name) {
        try (InputStream in = FixtureGateway.class.getResourceAsStream(name)) {
            return GatewayConfig.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One document in memory. */
    private static final class MemoryStore implements ConfigStore {

        private volatile GatewayConfig config;

        MemoryStore(GatewayConfig config) {
            this.config = config;
        }

        @Override
        public GatewayConfig current() {
            return config;
        }

        @Override
        public GatewayConfig refresh() {
            return config;
        }

        @Override
        public synchronized GatewayConfig update(ConfigTransaction transaction) {
            config = transaction.applyTo(config).withEpoch(config.epoch() + 1, Instant.now());
            return config;
        }

        @Override
        public AutoCloseable subscribe(Consumer<GatewayConfig> listener) {
            return () -> { };
        }
    }
}
