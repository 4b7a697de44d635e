package io.cephiscsi.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Our stored CHAP passwords and upstream's are interchangeable: ceph-iscsi 3.5's own CHAP class (Debian's
 * python3-ceph-iscsi and python3-cryptography, through {@code upstream_chap.py}) decrypts what we encrypt and we
 * decrypt what it encrypts, with key pairs made as admins make them ({@code openssl genrsa 2048}, OpenSSL 3's
 * PKCS#8 and {@code -traditional} PKCS#1, public keys by {@code openssl rsa -pubout} and {@code -RSAPublicKey_out}).
 * Skipped where python3, ceph-iscsi or openssl is missing.
 */
public class ChapCipherInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String PASSWORD = "myiscsipassword";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private Path script;

    @Before
    public void tools() throws Exception {
        // the README's test command installs these (itests/run-all-tests.sh); without them this test fails, not skips
        assertTrue("python3 missing: run the tests with itests/run-all-tests.sh", Files.isExecutable(PYTHON));
        assertTrue("Debian's ceph-iscsi missing: run the tests with itests/run-all-tests.sh",
                Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/ceph_iscsi_config")));
        assertTrue("openssl missing: run the tests with itests/run-all-tests.sh",
                run(List.of("openssl", "version")).exit == 0);
        script = folder.getRoot().toPath().resolve("upstream_chap.py");
        try (InputStream in = getClass().getResourceAsStream("/chap/upstream_chap.py")) {
            Files.copy(in, script);
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip(),
                new String(err, StandardCharsets.UTF_8).strip());
    }

    /** A ceph_config_dir with an openssl-made key pair, and upstream's settings file pointing at it. */
    private Path keyDir(String name, List<String> genrsaOptions, String pubOption) throws Exception {
        Path dir = folder.newFolder(name).toPath();
        List<String> genrsa = new ArrayList<>(List.of("openssl", "genrsa", "-out", dir.resolve("iscsi-gateway.key")
                .toString()));
        genrsa.addAll(genrsaOptions);
        genrsa.add("2048");
        assertEquals(0, run(genrsa).exit);
        assertEquals(0, run(List.of("openssl", "rsa", "-in", dir.resolve("iscsi-gateway.key").toString(), pubOption,
                "-out", dir.resolve("iscsi-gateway-pub.key").toString())).exit);
        Files.writeString(dir.resolve("iscsi-gateway.cfg"), "[config]\nceph_config_dir = " + dir + "\n");
        return dir;
    }

    private Result upstream(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(),
                dir.resolve("iscsi-gateway.cfg").toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private static ChapCipher ours(Path dir) {
        return ChapCipher.of(GatewaySettings.of(Map.of(), Map.of("ceph_config_dir", dir.toString()), p -> false));
    }

    private void bothWays(Path dir) throws Exception {
        ChapCipher ours = ours(dir);
        assertEquals("True", upstream(dir, "available").out);

        Result theirs = upstream(dir, "encrypt", PASSWORD);
        assertEquals(theirs.err, 0, theirs.exit);
        assertNotEquals(PASSWORD, theirs.out);
        assertEquals("upstream's ciphertext decrypts here", PASSWORD, ours.decrypt("password", theirs.out));

        String mine = ours.encrypt("password", PASSWORD);
        Result back = upstream(dir, "decrypt", mine);
        assertEquals(back.err, 0, back.exit);
        assertEquals("ours decrypts in upstream", PASSWORD, back.out);
    }

    @Test
    public void pkcs8PrivateKeyAndSpkiPublicKey() throws Exception {
        Path dir = keyDir("pkcs8", List.of(), "-pubout");
        assertEquals("-----BEGIN PRIVATE KEY-----",
                Files.readAllLines(dir.resolve("iscsi-gateway.key")).get(0));
        bothWays(dir);
    }

    @Test
    public void pkcs1PrivateKeyAndPkcs1PublicKey() throws Exception {
        Path dir = keyDir("pkcs1", List.of("-traditional"), "-RSAPublicKey_out");
        assertEquals("-----BEGIN RSA PRIVATE KEY-----",
                Files.readAllLines(dir.resolve("iscsi-gateway.key")).get(0));
        assertEquals("-----BEGIN RSA PUBLIC KEY-----",
                Files.readAllLines(dir.resolve("iscsi-gateway-pub.key")).get(0));
        bothWays(dir);
    }

    @Test
    public void bothSidesRefuseTheOthersKeyWithTheSameText() throws Exception {
        Path one = keyDir("one", List.of(), "-pubout");
        Path two = keyDir("two", List.of(), "-pubout");
        String foreign = ours(two).encrypt("password", PASSWORD);
        Result theirs = upstream(one, "decrypt", foreign);
        assertEquals(2, theirs.exit);
        assertEquals(ChapCipher.DECODE_FAILED, theirs.err.lines().reduce((a, b) -> b).orElse(""));
        assertEquals(ChapCipher.DECODE_FAILED,
                org.junit.Assert.assertThrows(ChapCipherException.class,
                        () -> ours(one).decrypt("password", foreign)).getMessage());
    }
}
