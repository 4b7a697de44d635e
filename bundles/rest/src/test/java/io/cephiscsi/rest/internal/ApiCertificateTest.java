package io.cephiscsi.rest.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Real keytool runs and real PEM files. */
public class ApiCertificateTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

    private ApiCertificate inEtc(Path etc) {
        return new ApiCertificate(etc.resolve("none/iscsi-gateway.crt"), etc.resolve("none/iscsi-gateway.key"), etc,
                KEYTOOL);
    }

    private static IllegalStateException refused(Runnable action) {
        try {
            action.run();
        } catch (IllegalStateException e) {
            return e;
        }
        fail("expected a refusal");
        return null;
    }

    @Test
    public void aSelfSignedCertificateIsGeneratedOnceWithAPrivateKeyStoreAndAPemCopy() throws Exception {
        Path etc = folder.newFolder("etc").toPath();
        ApiCertificate.Material first = inEtc(etc).obtain("gw1.example.com", List.of("192.0.2.10", "2001:db8::10"));
        Path store = etc.resolve("iscsi-gateway.p12");
        Path pem = etc.resolve("iscsi-gateway.crt");
        assertEquals(store, first.keyFile());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
        X509Certificate served = (X509Certificate) first.keyStore().getCertificate(ApiCertificate.ALIAS);
        assertEquals(served, PemFiles.certificates(pem).get(0));
        assertEquals("CN=gw1.example.com", served.getSubjectX500Principal().getName());
        assertEquals(3072, ((java.security.interfaces.RSAPublicKey) served.getPublicKey()).getModulus().bitLength());
        String names = served.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1)))
                .collect(Collectors.joining(","));
        assertEquals("gw1.example.com,localhost,127.0.0.1,0:0:0:0:0:0:0:1,192.0.2.10,2001:db8:0:0:0:0:0:10", names);
        try (var left = Files.list(etc)) {
            assertEquals("no temporary folder left", 2, left.count());
        }

        ApiCertificate.Material again = inEtc(etc).obtain("gw1.example.com", List.of());
        assertEquals("kept, not made again", served, again.keyStore().getCertificate(ApiCertificate.ALIAS));

        Files.delete(pem);
        inEtc(etc).obtain("gw1.example.com", List.of());
        assertEquals("the PEM copy peers pin is written back", served, PemFiles.certificates(pem).get(0));
    }

    @Test
    public void onlyAValidDnsNameGoesIntoTheCertificate() {
        assertEquals("dns:gw1.example.com,dns:localhost,ip:127.0.0.1,ip:::1,ip:192.0.2.1",
                ApiCertificate.subjectAlternativeNames("gw1.example.com", List.of("192.0.2.1", "fe80::1%eth0")));
        assertEquals("dns:localhost,ip:127.0.0.1,ip:::1", ApiCertificate.subjectAlternativeNames("gw_1", List.of()));
    }

    @Test
    public void aKeyStoreReadableByOthersIsRefusedNamingTheFile() throws Exception {
        Path etc = folder.newFolder("etc").toPath();
        inEtc(etc).obtain("gw1.example.com", List.of());
        Path store = etc.resolve("iscsi-gateway.p12");
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException e = refused(() -> inEtc(etc).obtain("gw1.example.com", List.of()));
        assertTrue(e.getMessage(), e.getMessage().contains(store.toString()));
        assertTrue(e.getMessage(), e.getMessage().contains("chmod 600"));
    }

    /** Upstream's pair, made from a generated key store: the key as PKCS#8 and as PKCS#1. */
    private Path[] upstreamPair(boolean pkcs1) throws Exception {
        Path source = folder.newFolder().toPath();
        ApiCertificate.Material generated = inEtc(source).obtain("shared.example.com", List.of());
        Key key = generated.keyStore().getKey(ApiCertificate.ALIAS, ApiCertificate.STORE_PASSWORD.toCharArray());
        byte[] der = key.getEncoded(); // PKCS#8
        String type = "PRIVATE KEY";
        if (pkcs1) {
            der = pkcs1Of(der);
            type = "RSA PRIVATE KEY";
        }
        Path dir = folder.newFolder().toPath();
        Path crt = dir.resolve("iscsi-gateway.crt");
        Path keyFile = dir.resolve("iscsi-gateway.key");
        Files.copy(source.resolve("iscsi-gateway.crt"), crt);
        Files.writeString(keyFile, "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(der) + "\n-----END " + type + "-----\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        return new Path[] {crt, keyFile};
    }

    /** The PKCS#1 key inside PKCS#8's OCTET STRING (the test walks the DER itself). */
    private static byte[] pkcs1Of(byte[] pkcs8) {
        int i = 1;
        i += lengthBytes(pkcs8, i); // outer SEQUENCE header
        i += 3; // INTEGER 0
        i += 1 + lengthBytes(pkcs8, i + 1) + length(pkcs8, i + 1); // AlgorithmIdentifier
        int headerLength = 1 + lengthBytes(pkcs8, i + 1);
        int contentLength = length(pkcs8, i + 1);
        return Arrays.copyOfRange(pkcs8, i + headerLength, i + headerLength + contentLength);
    }

    private static int lengthBytes(byte[] der, int at) {
        int first = der[at] & 0xff;
        return first < 0x80 ? 1 : 1 + (first & 0x7f);
    }

    private static int length(byte[] der, int at) {
        int first = der[at] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int k = 1; k <= (first & 0x7f); k++) {
            length = (length << 8) | (der[at + k] & 0xff);
        }
        return length;
    }

    @Test
    public void upstreamsPemPairIsServedWithAPkcs8OrPkcs1Key() throws Exception {
        for (boolean pkcs1 : new boolean[] {false, true}) {
            Path[] pair = upstreamPair(pkcs1);
            Path etc = folder.newFolder().toPath();
            ApiCertificate.Material material = new ApiCertificate(pair[0], pair[1], etc, KEYTOOL).obtain("gw", List.of());
            assertEquals(pair[1], material.keyFile());
            X509Certificate served = (X509Certificate) material.keyStore().getCertificate(ApiCertificate.ALIAS);
            assertEquals(PemFiles.certificates(pair[0]).get(0), served);
            assertArrayEquals(PemFiles.privateKey(pair[1]).getEncoded(), material.keyStore()
                    .getKey(ApiCertificate.ALIAS, ApiCertificate.STORE_PASSWORD.toCharArray()).getEncoded());
            try (var left = Files.list(etc)) {
                assertEquals("nothing generated when upstream's pair exists", 0, left.count());
            }
        }
    }

    @Test
    public void aSharedKeyFileAHalfPairOrAForeignKeyIsRefused() throws Exception {
        Path[] pair = upstreamPair(false);
        Path etc = folder.newFolder().toPath();
        Files.setPosixFilePermissions(pair[1], PosixFilePermissions.fromString("rw-r-----"));
        IllegalStateException shared = refused(() -> new ApiCertificate(pair[0], pair[1], etc, KEYTOOL)
                .obtain("gw", List.of()));
        assertTrue(shared.getMessage(), shared.getMessage().contains(pair[1] + " is accessible by group or others"));

        IllegalStateException half = refused(() -> new ApiCertificate(pair[0], etc.resolve("missing.key"), etc, KEYTOOL)
                .obtain("gw", List.of()));
        assertTrue(half.getMessage(), half.getMessage().contains(etc.resolve("missing.key") + " is missing"));

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Files.writeString(pair[1], "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder()
                .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(pair[1], PosixFilePermissions.fromString("rw-------"));
        IllegalStateException foreign = refused(() -> new ApiCertificate(pair[0], pair[1], etc, KEYTOOL)
                .obtain("gw", List.of()));
        assertTrue(foreign.getMessage(), foreign.getMessage().contains("is not the key of the certificate"));

        Files.writeString(pair[1], "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        IllegalStateException encrypted = refused(() -> new ApiCertificate(pair[0], pair[1], etc, KEYTOOL)
                .obtain("gw", List.of()));
        assertTrue(encrypted.getMessage(), encrypted.getMessage().contains("protected by a passphrase"));
    }
}
