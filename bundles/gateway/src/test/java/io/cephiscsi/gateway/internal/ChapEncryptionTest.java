package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.config.internal.FileConfigStore;
import io.cephiscsi.model.ChapCipher;
import io.cephiscsi.model.ChapCredentials;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.PortalConfig;

/**
 * CHAP passwords at rest with the gateway's key pair in {@code ceph_config_dir}: the change operations store them
 * encrypted (as upstream), the gateway's LIO gets them in plain, {@code config(true)} shows them in plain, and a
 * password that cannot be decrypted costs only its own CHAP. Real file-backed store, emulated configfs folder.
 */
public class ChapEncryptionTest {

    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:chap";
    private static final String CLIENT = "iqn.1994-05.com.example:host1";
    private static final String OTHER = "iqn.1994-05.com.example:host2";
    private static final String ME = "gw1.example.com";
    private static final String PASSWORD = "myiscsipassword";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private Path conf;
    private GatewaySettings settings;
    private FileConfigStore store;
    private Path configfs;
    private AdminContext context;

    @Before
    public void setUp() throws Exception {
        Path keys = folder.newFolder("ceph").toPath();
        KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Files.writeString(keys.resolve("iscsi-gateway.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(keys.resolve("iscsi-gateway-pub.key"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        configfs = folder.newFolder("configfs").toPath();
        settings = GatewaySettings.of(Map.of(), Map.of("backend", "embedded", "gateway_name", ME,
                "ceph_config_dir", keys.toString(), "configfs_root", configfs.toString()), p -> false);
        conf = folder.newFolder("data").toPath().resolve("gateway.conf");
        store = FileConfigStore.at(conf, settings);
        store.update(ConfigTransaction.of(
                ConfigChange.putGateway(ME, 0),
                ConfigChange.createTarget(TARGET),
                ConfigChange.putPortal(TARGET, ME, new PortalConfig(List.of("192.0.2.1"), List.of("192.0.2.1"),
                        List.of(), 1)),
                ConfigChange.putClient(TARGET, CLIENT, ClientConfig.EMPTY),
                ConfigChange.putClient(TARGET, OTHER, ClientConfig.EMPTY)));
        ChangeCommitter committer = new ChangeCommitter(() -> store, () -> ME, (epoch, wait) -> false, () -> null, Duration.ZERO);
        context = new AdminContext(GatewayAdminReadTest.settings(settings), () -> ME, new ConfigQueries(() -> store),
                () -> null, () -> null, new LocalHost(), committer);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private String lio(String path) throws Exception {
        return Files.readString(configfs.resolve("target/iscsi").resolve(path)).strip();
    }

    private static void awaitEpoch(LocalGateway gateway, long epoch) throws InterruptedException {
        for (int i = 0; i < 200 && gateway.appliedEpoch() != epoch; i++) {
            Thread.sleep(25);
        }
        assertEquals(epoch, gateway.appliedEpoch());
    }

    @Test
    public void passwordsAreStoredEncryptedAndLioGetsThemInPlain() throws Exception {
        new ClientOperations(context).setClientAuth(TARGET, CLIENT, "myiscsiusername", PASSWORD, "mutualusername",
                "mutualpassword");
        new TargetOperations(context).setDiscoveryAuth("discoveryuser", "discoverypass1", "", "");

        ChapCredentials stored = store.current().targets().get(TARGET).clients().get(CLIENT).auth();
        assertTrue(stored.passwordEncryptionEnabled());
        assertTrue(stored.mutualPasswordEncryptionEnabled());
        assertEquals(344, stored.password().length());
        assertEquals(PASSWORD, ChapCipher.of(settings).decrypt("password", stored.password()));
        assertTrue(store.current().discoveryAuth().passwordEncryptionEnabled());
        String file = Files.readString(conf);
        assertTrue(file.contains("\"password_encryption_enabled\": true"));
        assertFalse("no plain password at rest", file.contains(PASSWORD) || file.contains("mutualpassword")
                || file.contains("discoverypass1"));

        LocalGateway gateway = new LocalGateway(settings, store, ME);
        try {
            awaitEpoch(gateway, store.current().epoch());
            String acl = TARGET + "/tpgt_1/acls/" + CLIENT + "/auth/";
            assertEquals("myiscsiusername", lio(acl + "userid"));
            assertEquals(PASSWORD, lio(acl + "password"));
            assertEquals("mutualpassword", lio(acl + "password_mutual"));
            assertEquals("discoverypass1", lio("discovery_auth/password"));
        } finally {
            gateway.stop();
        }

        JsonNode shown = new ObjectMapper().readTree(new GatewayAdminImpl(GatewayAdminReadTest.settings(settings),
                new LocalHost(), store).config(true));
        JsonNode auth = shown.path("targets").path(TARGET).path("clients").path(CLIENT).path("auth");
        assertEquals(PASSWORD, auth.path("password").asText());
        assertEquals("mutualpassword", auth.path("mutual_password").asText());
        assertEquals("discoverypass1", shown.path("discovery_auth").path("password").asText());
        String asStored = new String(new GatewayAdminImpl(GatewayAdminReadTest.settings(settings), new LocalHost(),
                store).config(false), StandardCharsets.UTF_8);
        assertEquals(new String(store.current().toJson(), StandardCharsets.UTF_8), asStored);
    }

    @Test
    public void anUndecryptablePasswordCostsOnlyItsOwnChap() throws Exception {
        new ClientOperations(context).setClientAuth(TARGET, CLIENT, "myiscsiusername", PASSWORD, "", "");
        // e.g. written by a gateway with another key pair
        GatewayConfig config = store.update(ConfigTransaction.of(ConfigChange.setClientAuth(TARGET, OTHER,
                new ChapCredentials("otherusername", "bm90IGEgY2lwaGVydGV4dA==", true, "", "", false))));

        LocalGateway gateway = new LocalGateway(settings, store, ME);
        try {
            awaitEpoch(gateway, config.epoch());
            assertEquals(PASSWORD, lio(TARGET + "/tpgt_1/acls/" + CLIENT + "/auth/password"));
            assertTrue("the ACL is there", Files.isDirectory(configfs.resolve("target/iscsi/" + TARGET
                    + "/tpgt_1/acls/" + OTHER)));
            assertNotEquals("bm90IGEgY2lwaGVydGV4dA==", lio(TARGET + "/tpgt_1/acls/" + OTHER + "/auth/password"));
        } finally {
            gateway.stop();
        }
        JsonNode shown = new ObjectMapper().readTree(new GatewayAdminImpl(GatewayAdminReadTest.settings(settings),
                new LocalHost(), store).config(true));
        assertTrue("null, as upstream answers", shown.path("targets").path(TARGET).path("clients").path(OTHER)
                .path("auth").path("password").isNull());
    }
}
