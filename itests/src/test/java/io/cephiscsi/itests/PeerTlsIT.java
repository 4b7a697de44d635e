package io.cephiscsi.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Peer calls verify the peer: two appliances on HTTPS (upstream's default), sharing a configuration in the test
 * Ceph, each with the certificate it generated on its first start. gw1 has {@code api_ssl_verify = true}, so after a
 * change it cannot confirm gw2's epoch over TLS (gw2 presents a certificate gw1 does not pin) and names gw2 under
 * {@code catching_up}; once the admin copies gw2's certificate to gw1, as the README says several gateways need, gw1
 * confirms gw2 and no gateway is catching up, although the shared certificate does not name the address gw1 reaches
 * gw2 at (one certificate serves every gateway: it is pinned, its names do not matter). gw2 has {@code api_ssl_verify = false} and confirms gw1 whatever
 * certificate gw1 presents.
 */
public class PeerTlsIT {

    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:peertls";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    private static SecureAppliance gw1;
    private static SecureAppliance gw2;

    @BeforeClass
    public static void startBoth() throws Exception {
        Path parent = Files.createDirectories(Path.of("target/peer-tls"));
        int port = GatewayProcess.freePort();
        String conf = "gateway.conf.peertls-" + UUID.randomUUID();
        Map<String, String> shared = Map.of("backend", "ceph", "ceph_conf", TestCluster.conf(),
                "cluster_client_name", "client.admin", "pool", "iscsi", "gateway_conf", conf,
                "minimum_gateways", "1");
        gw1 = new SecureAppliance(GatewayProcess.install(parent, "gw1", "127.0.0.1", port, PASSWORD,
                with(shared, "api_ssl_verify", "true")), port);
        gw2 = new SecureAppliance(GatewayProcess.install(parent, "gw2", "127.0.0.2", port, PASSWORD,
                with(shared, "api_ssl_verify", "false")), port);
        gw1.start(() -> gw1.pings(PASSWORD));
        gw2.start(() -> gw2.pings(PASSWORD));
    }

    private static Map<String, String> with(Map<String, String> shared, String key, String value) {
        Map<String, String> settings = new java.util.HashMap<>(shared);
        settings.put(key, value);
        return settings;
    }

    @AfterClass
    public static void stopBoth() throws Exception {
        for (SecureAppliance gw : new SecureAppliance[] {gw1, gw2}) {
            if (gw != null) {
                gw.close();
            }
        }
    }

    @Test
    public void aVerifyingGatewayConfirmsOnlyAPeerWithTheSharedCertificate() throws Exception {
        ok(gw1, "PUT", "/api/target/" + TARGET, null);
        ok(gw1, "PUT", "/api/gateway/" + TARGET + "/gw1", "ip_address=127.0.0.1&skipchecks=true");
        ok(gw1, "PUT", "/api/gateway/" + TARGET + "/gw2", "ip_address=127.0.0.2&skipchecks=true");

        String own = ok(gw1, "PUT", "/api/client/" + TARGET + "/iqn.1994-05.com.example:peertls-1", null);
        assertTrue("gw1 cannot verify gw2's own certificate: " + own, own.contains("\"catching_up\":[\"gw2\"]"));
        String unverified = ok(gw2, "PUT", "/api/client/" + TARGET + "/iqn.1994-05.com.example:peertls-2", null);
        assertFalse("gw2 (api_ssl_verify = false) confirms gw1: " + unverified,
                unverified.contains("catching_up"));

        // the README's step for several gateways: one certificate for all
        gw1.stop();
        for (String file : new String[] {"etc/iscsi-gateway.p12", "etc/iscsi-gateway.crt"}) {
            Files.copy(gw2.installed().home().resolve(file), gw1.installed().home().resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        gw1.start(() -> gw1.pings(PASSWORD));
        String shared = ok(gw1, "PUT", "/api/client/" + TARGET + "/iqn.1994-05.com.example:peertls-3", null);
        assertFalse("gw1 verifies gw2 with the shared certificate, though it does not name 127.0.0.2: " + shared,
                shared.contains("catching_up"));
    }

    private static String ok(SecureAppliance gw, String method, String path, String form) throws Exception {
        String reply = gw.request("127.0.0.1", method, path, "admin", PASSWORD, form);
        assertTrue(gw.installed().name() + " " + method + " " + path + ": " + reply, reply.startsWith("HTTP/1.1 200"));
        return reply;
    }
}
