package io.cephiscsi.config.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.MigrationContext;

/** What an old document's migration needs to know of this gateway: its names and whether it has the CHAP keys. */
final class LocalMigrationContext {

    private LocalMigrationContext() {
    }

    static Supplier<MigrationContext> of(GatewaySettings settings, Clock clock) {
        String fqdn = settings.gatewayName().orElseGet(LocalMigrationContext::hostFqdn);
        MigrationContext.HostIdentity host = new MigrationContext.HostIdentity(fqdn.split("\\.", 2)[0], fqdn);
        Path keys = Path.of(settings.cephConfigDir());
        boolean encryption = Files.exists(keys.resolve(settings.privKey())) && Files.exists(keys.resolve(settings.pubKey()));
        return () -> new MigrationContext(clock.instant(), Optional.of(host), encryption);
    }

    private static String hostFqdn() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
