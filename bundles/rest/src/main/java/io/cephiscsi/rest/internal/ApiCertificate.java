package io.cephiscsi.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The API's TLS key and certificate. Upstream's PEM pair {@code /etc/ceph/iscsi-gateway.crt} + {@code .key} when both
 * exist (one certificate shared by every gateway, as upstream's docs require); otherwise this gateway's own,
 * generated once with the JDK's {@code keytool} (RSA 3072, self-signed, SHA256withRSA, 10 years, SAN = the gateway
 * name, localhost, 127.0.0.1, ::1 and the host's addresses) and kept in {@code <etc>/iscsi-gateway.p12}, with the
 * certificate alone in {@code <etc>/iscsi-gateway.crt} for peers to pin. A key file readable by group or others is
 * refused, as is half of upstream's pair.
 */
final class ApiCertificate {

    static final Path UPSTREAM_CERTIFICATE = Path.of("/etc/ceph/iscsi-gateway.crt");
    static final Path UPSTREAM_KEY = Path.of("/etc/ceph/iscsi-gateway.key");
    static final String STORE_FILE = "iscsi-gateway.p12";
    static final String CERTIFICATE_FILE = "iscsi-gateway.crt";
    static final String ALIAS = "iscsi-gateway";
    /**
     * Not a secret: the keystore is protected by its file mode (0600), as upstream's unencrypted PEM key is; PKCS12
     * only needs some password.
     */
    static final String STORE_PASSWORD = "iscsi-gateway";

    /** The key store the connector serves and the file its key came from (for the log). */
    record Material(KeyStore keyStore, Path keyFile) {
    }

    private final Path upstreamCertificate;
    private final Path upstreamKey;
    private final Path etc;
    private final Path keytool;

    ApiCertificate(Path upstreamCertificate, Path upstreamKey, Path etc, Path keytool) {
        this.upstreamCertificate = upstreamCertificate;
        this.upstreamKey = upstreamKey;
        this.etc = etc;
        this.keytool = keytool;
    }

    /** Upstream's paths, Karaf's {@code etc}, the running JDK's keytool. */
    static ApiCertificate standard() {
        return new ApiCertificate(UPSTREAM_CERTIFICATE, UPSTREAM_KEY, Path.of(System.getProperty("karaf.etc", "etc")),
                Path.of(System.getProperty("java.home"), "bin", "keytool"));
    }

    /**
     * The key and certificate to serve; generates them on the first call when upstream's pair is absent.
     *
     * @throws IllegalStateException naming the file when a key is readable by others, half of upstream's pair is
     *                               missing, or a file cannot be read or made
     */
    Material obtain(String hostname, List<String> addresses) {
        return obtain(() -> hostname, () -> addresses);
    }

    /** As {@link #obtain(String, List)}, asking for the names only when a certificate is made. */
    Material obtain(Supplier<String> hostname, Supplier<List<String>> addresses) {
        boolean certificate = Files.exists(upstreamCertificate);
        boolean key = Files.exists(upstreamKey);
        try {
            if (certificate && key) {
                return fromPem();
            }
            if (certificate || key) {
                throw new IllegalStateException((certificate ? upstreamKey : upstreamCertificate) + " is missing while "
                        + (certificate ? upstreamCertificate : upstreamKey) + " exists: provide both, or neither to "
                        + "use a generated certificate");
            }
            Path store = etc.resolve(STORE_FILE);
            if (!Files.exists(store)) {
                generate(hostname.get(), addresses.get());
            }
            return fromStore(store);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("TLS certificate for the API: " + e.getMessage(), e);
        }
    }

    private Material fromPem() throws IOException, GeneralSecurityException {
        checkPrivate(upstreamKey);
        List<X509Certificate> chain = PemFiles.certificates(upstreamCertificate);
        PrivateKey key = PemFiles.privateKey(upstreamKey);
        PemFiles.checkPair(key, chain.get(0), upstreamKey, upstreamCertificate);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, key, STORE_PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
        return new Material(store, upstreamKey);
    }

    private Material fromStore(Path file) throws IOException, GeneralSecurityException {
        checkPrivate(file);
        KeyStore store = keyEntryStore(file);
        Certificate certificate = store.getCertificate(ALIAS);
        Path pem = etc.resolve(CERTIFICATE_FILE);
        if (!Files.exists(pem)) { // peers pin this file: put it back when it was deleted
            Files.writeString(pem, PemFiles.pem(certificate), StandardCharsets.US_ASCII);
        }
        return new Material(store, file);
    }

    /** Refuses a key file that group or others may read (or write). */
    static void checkPrivate(Path keyFile) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
        for (PosixFilePermission shared : List.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE)) {
            if (permissions.contains(shared)) {
                throw new IllegalStateException(keyFile + " is accessible by group or others (mode "
                        + PosixFilePermissions.toString(permissions) + "); the API does not start with it: chmod 600 "
                        + keyFile);
            }
        }
        if (!Files.isReadable(keyFile)) {
            throw new IllegalStateException(keyFile + " is not readable by this process");
        }
    }

    /** keytool into a private temporary folder, then both files moved into place (the key is never exposed). */
    private void generate(String hostname, List<String> addresses) throws IOException, GeneralSecurityException {
        Files.createDirectories(etc);
        Path work = Files.createTempDirectory(etc, ".iscsi-gateway-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path store = work.resolve(STORE_FILE);
            Path certificate = work.resolve(CERTIFICATE_FILE);
            run(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "3072",
                    "-sigalg", "SHA256withRSA", "-validity", "3650", "-dname", "CN=" + (dnsName(hostname) ? hostname : ALIAS),
                    "-ext", "SAN=" + subjectAlternativeNames(hostname, addresses), "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD));
            // the PEM copy from the store in process: a second keytool would be a second JVM start (~0.3 s here)
            Files.writeString(certificate, PemFiles.pem(keyEntryStore(store).getCertificate(ALIAS)), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(certificate, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(certificate, etc.resolve(CERTIFICATE_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.move(store, etc.resolve(STORE_FILE), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            try (var leftovers = Files.list(work)) {
                for (Path file : (Iterable<Path>) leftovers::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    /** The key store in {@code file}, which must hold the key entry {@value #ALIAS} with its certificate. */
    private static KeyStore keyEntryStore(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        if (store.getCertificate(ALIAS) == null || !store.isKeyEntry(ALIAS)) {
            throw new GeneralSecurityException(file + " holds no key entry '" + ALIAS + "'");
        }
        return store;
    }

    /** keytool's SAN list: the name, localhost and every address literal. */
    static String subjectAlternativeNames(String hostname, List<String> addresses) {
        Set<String> names = new LinkedHashSet<>();
        if (dnsName(hostname)) { // keytool refuses anything else (e.g. an underscore), and so would clients
            names.add("dns:" + hostname);
        }
        names.add("dns:localhost");
        List<String> ips = new ArrayList<>(List.of("127.0.0.1", "::1"));
        ips.addAll(addresses);
        for (String ip : ips) {
            if (!ip.contains("%")) {
                names.add("ip:" + ip);
            }
        }
        return String.join(",", names);
    }

    static boolean dnsName(String name) {
        return name.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            // keytool asks nothing with these options; close its stdin so it never waits
        }
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command.subList(0, 2)) + " failed ("
                        + process.exitValue() + "): " + new String(output, StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
