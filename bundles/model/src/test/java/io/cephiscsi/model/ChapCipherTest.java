package io.cephiscsi.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.security.spec.MGF1ParameterSpec;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Upstream's test_chap.py, and more: a fresh 2048-bit key pair written as the PEM files admins create. */
public class ChapCipherTest {

    private static final String PASSWORD = "myiscsipassword";
    private static KeyPair keys;
    private static KeyPair otherKeys;

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @BeforeClass
    public static void generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        otherKeys = generator.generateKeyPair();
    }

    /** The key pair as PEM files (PKCS#8 "PRIVATE KEY", SPKI "PUBLIC KEY") in a fresh ceph_config_dir. */
    static ChapCipher cipher(Path dir, KeyPair pair) throws Exception {
        Files.writeString(dir.resolve("iscsi-gateway.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(dir.resolve("iscsi-gateway-pub.key"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return ChapCipher.of(GatewaySettings.of(java.util.Map.of(),
                java.util.Map.of("ceph_config_dir", dir.toString()), p -> false));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    public void roundTripWithAFreshKeyPair() throws Exception {
        ChapCipher cipher = cipher(folder.getRoot().toPath(), keys);
        assertTrue(cipher.available());
        String stored = cipher.encrypt("password", PASSWORD);
        assertNotEquals(PASSWORD, stored);
        assertEquals(344, stored.length()); // base64 of 256 bytes
        assertNotEquals("OAEP is randomised", stored, cipher.encrypt("password", PASSWORD));
        assertEquals(PASSWORD, cipher.decrypt("password", stored));
    }

    @Test
    public void decryptsWhatOlderGatewaysEncryptedWithOaepSha1() throws Exception {
        ChapCipher cipher = cipher(folder.getRoot().toPath(), keys);
        Cipher sha1 = Cipher.getInstance("RSA/ECB/OAEPPadding");
        sha1.init(Cipher.ENCRYPT_MODE, keys.getPublic(), new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                PSource.PSpecified.DEFAULT));
        String old = Base64.getEncoder().encodeToString(sha1.doFinal(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        assertEquals(PASSWORD, cipher.decrypt("mutual_password", old));
    }

    @Test
    public void badStoredValuesGiveUpstreamsMessageNamingTheField() throws Exception {
        ChapCipher cipher = cipher(folder.getRoot().toPath(), keys);
        ChapCipherException notBase64 = assertThrows(ChapCipherException.class,
                () -> cipher.decrypt("password", "this is not base64 !"));
        assertEquals("Problems decoding the encrypted password", notBase64.getMessage());
        assertEquals("password", notBase64.field());
        assertEquals(500, notBase64.status());

        String foreign = cipher(folder.newFolder("other").toPath(), otherKeys).encrypt("password", PASSWORD);
        ChapCipherException wrongKey = assertThrows(ChapCipherException.class,
                () -> cipher.decrypt("mutual_password", foreign));
        assertEquals("Problems decoding the encrypted password", wrongKey.getMessage());
        assertEquals("mutual_password", wrongKey.field());
        assertFalse("no password in the reason", wrongKey.reason().contains(foreign));
    }

    @Test
    public void encryptionNeedsBothKeyFiles() throws Exception {
        Path dir = folder.getRoot().toPath();
        ChapCipher cipher = cipher(dir, keys);
        Files.delete(dir.resolve("iscsi-gateway-pub.key"));
        assertFalse(cipher.available());
        ChapCredentials plain = ChapCredentials.of("myiscsiusername", PASSWORD, "", "");
        assertEquals("stored as given without the pair", plain, cipher.encrypt(plain));
        ChapCipherException e = assertThrows(ChapCipherException.class, () -> cipher.encrypt("password", PASSWORD));
        assertEquals("Encoding password failed", e.getMessage());
        ChapCipherException d = assertThrows(ChapCipherException.class,
                () -> ChapCipher.of(dir.resolve("none.key"), dir.resolve("none.pub")).decrypt("password", "AAAA"));
        assertEquals("Problems decoding the encrypted password", d.getMessage());
    }

    @Test
    public void credentialsAreStoredAsUpstreamStoresThem() throws Exception {
        ChapCipher cipher = cipher(folder.getRoot().toPath(), keys);
        ChapCredentials stored = cipher.encrypt(ChapCredentials.of("myiscsiusername", PASSWORD, "", ""));
        assertTrue(stored.passwordEncryptionEnabled());
        assertTrue("upstream flags an empty mutual password too", stored.mutualPasswordEncryptionEnabled());
        assertEquals("", stored.mutualPassword());
        assertNotEquals(PASSWORD, stored.password());
        // the model takes the stored value (longer than 16 characters) without re-checking its form
        assertEquals(stored, ChapRules.check(stored));

        ChapCredentials back = cipher.decrypt(stored);
        assertEquals(PASSWORD, back.password());
        assertTrue("flags as stored, as upstream shows them", back.passwordEncryptionEnabled());
        assertFalse(back.toString().contains(PASSWORD));
    }

    @Test
    public void decryptedJsonIsTheConfigWithPlainPasswordsAndNullForUndecryptableOnes() throws Exception {
        ChapCipher cipher = cipher(folder.getRoot().toPath(), keys);
        GatewayConfig config = ConfigTransaction.of(
                ConfigChange.setDiscoveryAuth(cipher.encrypt(ChapCredentials.of("discoveryuser", PASSWORD,
                        "mutualuser1", "mutualpassword1"))),
                ConfigChange.createTarget("iqn.2003-01.com.example.iscsi-gw:t1"),
                ConfigChange.putClient("iqn.2003-01.com.example.iscsi-gw:t1", "iqn.1994-05.com.example:rh8",
                        ClientConfig.EMPTY.withAuth(new ChapCredentials("clientuser1", "bm90IGEgY2lwaGVydGV4dA==",
                                true, "", "", false))))
                .applyTo(GatewayConfig.seed(Instant.now()), Instant.now());

        JsonNode root = new ObjectMapper().readTree(cipher.decryptedJson(config));
        assertEquals(PASSWORD, root.path("discovery_auth").path("password").asText());
        assertEquals("mutualpassword1", root.path("discovery_auth").path("mutual_password").asText());
        assertTrue(root.path("discovery_auth").path("password_encryption_enabled").asBoolean());
        JsonNode client = root.path("targets").path("iqn.2003-01.com.example.iscsi-gw:t1").path("clients")
                .path("iqn.1994-05.com.example:rh8").path("auth");
        assertTrue(client.path("password").isNull());
        assertEquals("clientuser1", client.path("username").asText());
        // everything else is as stored, in the stored layout
        assertEquals(new String(config.toJson(), StandardCharsets.UTF_8).lines().count(),
                new String(cipher.decryptedJson(config), StandardCharsets.UTF_8).lines().count());
    }

    @Test
    public void aPassphraseProtectedOrForeignKeyIsRefusedWithUpstreamsTextAndAReason() throws Exception {
        Path dir = folder.getRoot().toPath();
        ChapCipher cipher = cipher(dir, keys);
        String stored = cipher.encrypt("password", PASSWORD);
        Files.writeString(dir.resolve("iscsi-gateway.key"), "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        ChapCipherException e = assertThrows(ChapCipherException.class, () -> cipher.decrypt("password", stored));
        assertEquals("Problems decoding the encrypted password", e.getMessage());
        assertTrue(e.reason(), e.reason().contains("passphrase"));
        Files.writeString(dir.resolve("iscsi-gateway.key"), pem("EC PRIVATE KEY", new byte[] {1, 2, 3}));
        e = assertThrows(ChapCipherException.class, () -> cipher.decrypt("password", stored));
        assertTrue(e.reason(), e.reason().contains("SEC1 EC key"));
    }
}
