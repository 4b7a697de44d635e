package io.cephiscsi.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** The gateway.conf fixtures (written by src/test/python/make_gateway_conf_fixtures.py with Python's json). */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final String NOW_TEXT = "2026/11/23 12:00:00";
    static final String T1 = "iqn.2003-01.com.redhat.iscsi-gw:iscsi-igw";
    static final String T2 = "iqn.2003-01.com.example.iscsi-gw:backup";
    static final String C1 = "iqn.1994-05.com.redhat:rh7-client";
    static final String C2 = "iqn.1994-05.com.redhat:rh8-client";
    static final String C3 = "iqn.1998-01.com.vmware:esx1-4f1c2a3b";
    static final String GW1 = "node1.example.com";
    static final String GW2 = "node2.example.com";

    /** The context the fixtures' upstream migration ran with: host node1, clock fixed, no CHAP keys. */
    static final MigrationContext AS_NODE1 = new MigrationContext(NOW,
            Optional.of(new MigrationContext.HostIdentity("node1", GW1)), false);

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/gateway-conf/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static GatewayConfig v11() {
        return GatewayConfig.parse(bytes("v11.json"), AS_NODE1);
    }

    static String json(GatewayConfig config) {
        return new String(config.toJson(), StandardCharsets.US_ASCII);
    }
}
