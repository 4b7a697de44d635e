package io.cephiscsi.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the schema migrations need from the outside world, so that {@link GatewayConfig#parse(byte[],
 * MigrationContext)} stays a pure function:
 *
 * <ul>
 *   <li>{@code now}: the stamp upstream puts on items it touches while migrating;</li>
 *   <li>{@code localHost}: this gateway's short name and FQDN for the 9→10 rename. Upstream renames only the
 *       gateway that reads the document ({@code socket.gethostname()} → {@code socket.getfqdn()}), records it in
 *       {@code gateways_upgraded}, and drops that list when every gateway is done; we do the same. When empty,
 *       no gateway is renamed, but the list is still started so upstream gateways rename themselves;</li>
 *   <li>{@code encryptionAvailable}: whether this gateway has the CHAP key pair, which decides 7→8's
 *       {@code *_encryption_enabled} flags for passwords longer than 16 characters.</li>
 * </ul>
 */
public record MigrationContext(Instant now, Optional<HostIdentity> localHost, boolean encryptionAvailable) {

    public MigrationContext {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(localHost, "localHost");
    }

    /** Now, no host rename, no encryption keys. */
    public static MigrationContext defaults() {
        return new MigrationContext(Instant.now(), Optional.empty(), false);
    }

    /** This gateway's names, as upstream's {@code socket.gethostname().split('.')[0]} and {@code getfqdn()}. */
    public record HostIdentity(String shortName, String fqdn) {
        public HostIdentity {
            Objects.requireNonNull(shortName, "shortName");
            Objects.requireNonNull(fqdn, "fqdn");
        }
    }
}
