package io.cephiscsi.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keys from PEM text, the one PEM key reader of the appliance (CHAP encryption keys, the API's TLS key). RSA keys as
 * Python cryptography's {@code load_pem_private_key(data, None)} and
 * {@code load_pem_public_key} take them from upstream's key files: a private key as PKCS#1
 * ({@code RSA PRIVATE KEY}, {@code openssl genrsa -traditional}, OpenSSL 1.x's {@code genrsa}) or PKCS#8
 * ({@code PRIVATE KEY}, OpenSSL 3's {@code genrsa}); a public key as SubjectPublicKeyInfo ({@code PUBLIC KEY},
 * {@code openssl rsa -pubout}) or PKCS#1 ({@code RSA PUBLIC KEY}). A passphrase-protected key is refused, as
 * upstream (which passes no passphrase) refuses it. Errors name the problem, never the key material.
 */
public final class PemKeys {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    /** DER of the AlgorithmIdentifier {rsaEncryption, NULL}. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemKeys() {
    }

    /**
     * The first private key of a PEM text: PKCS#8 {@code PRIVATE KEY} (RSA, EC, Ed25519, Ed448, RSASSA-PSS) or PKCS#1
     * {@code RSA PRIVATE KEY}; other blocks before it (e.g. {@code EC PARAMETERS}) are skipped.
     *
     * @throws GeneralSecurityException naming the problem: passphrase-protected, SEC1 EC, no key, bad encoding
     */
    public static PrivateKey privateKey(byte[] pem) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
        while (m.find()) {
            String type = m.group(1);
            if (m.group(2).contains("Proc-Type:") || type.equals("ENCRYPTED PRIVATE KEY")) {
                throw new GeneralSecurityException("the private key is protected by a passphrase; an unencrypted"
                        + " one is needed (openssl pkcs8 -topk8 -nocrypt)");
            }
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(body(m));
                case "RSA PRIVATE KEY":
                    return rsa().generatePrivate(new PKCS8EncodedKeySpec(
                            sequence(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, tlv(0x04, body(m)))));
                case "EC PRIVATE KEY":
                    throw new GeneralSecurityException("a SEC1 EC key; convert it to PKCS#8"
                            + " (openssl pkcs8 -topk8 -nocrypt)");
                default:
                    // not a key: look further
            }
        }
        throw new GeneralSecurityException("no PEM private key (PRIVATE KEY or RSA PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException wrongAlgorithm) {
                // the next one
            }
        }
        throw new GeneralSecurityException("unsupported PKCS#8 key algorithm");
    }

    public static PublicKey publicKey(byte[] pem) throws GeneralSecurityException {
        Matcher m = block(pem);
        String type = m.group(1);
        byte[] der = body(m);
        return switch (type) {
            case "PUBLIC KEY" -> rsa().generatePublic(new X509EncodedKeySpec(der));
            case "RSA PUBLIC KEY" -> {
                byte[] bits = new byte[der.length + 1]; // no unused bits
                System.arraycopy(der, 0, bits, 1, der.length);
                yield rsa().generatePublic(new X509EncodedKeySpec(sequence(RSA_ALGORITHM, tlv(0x03, bits))));
            }
            default -> throw new GeneralSecurityException("not an RSA public key PEM block: " + type);
        };
    }

    private static KeyFactory rsa() throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA");
    }

    private static Matcher block(byte[] pem) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new GeneralSecurityException("no PEM block found");
        }
        return m;
    }

    private static byte[] body(Matcher m) throws GeneralSecurityException {
        try {
            return Base64.getMimeDecoder().decode(m.group(2).strip());
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("the PEM block is not base64");
        }
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        return tlv(0x30, content.toByteArray());
    }

    /** A DER tag-length-value with the definite length form. */
    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(len >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
