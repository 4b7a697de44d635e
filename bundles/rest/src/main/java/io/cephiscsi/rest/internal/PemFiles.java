package io.cephiscsi.rest.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import io.cephiscsi.model.PemKeys;

/**
 * Reads upstream's PEM certificate and key ({@code /etc/ceph/iscsi-gateway.crt}, {@code .key}). Keys are read by the
 * model's {@link PemKeys}: PKCS#8 {@code PRIVATE KEY} (RSA, EC, Ed25519/Ed448) and PKCS#1 {@code RSA PRIVATE KEY};
 * encrypted keys and SEC1 {@code EC PRIVATE KEY} are refused with how to convert them.
 */
final class PemFiles {

    private PemFiles() {
    }

    /** Every certificate of a PEM file, the server's first. */
    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(file);
        List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes)).stream()
                .map(X509Certificate.class::cast).toList();
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException(file + " holds no certificate");
        }
        return certificates;
    }

    /** The file's private key, read by the model's {@link PemKeys}; errors name the file. */
    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        try {
            return PemKeys.privateKey(Files.readAllBytes(file));
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException(file + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a key that does not belong to the certificate (the handshake would fail later, obscurely). */
    static void checkPair(PrivateKey key, Certificate certificate, Path keyFile, Path certificateFile)
            throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "ceph-iscsi-karaf".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        boolean matches;
        try {
            matches = verifier.verify(signature);
        } catch (java.security.SignatureException differentKeySize) {
            matches = false;
        }
        if (!matches) {
            throw new GeneralSecurityException(keyFile + " is not the key of the certificate in " + certificateFile);
        }
    }

    /** A certificate as PEM text. */
    static String pem(Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
