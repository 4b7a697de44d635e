package io.cephiscsi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cephiscsi.model.internal.PythonJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CHAP passwords at rest, as upstream's {@code CHAP} class (client.py) stores them: RSA-OAEP with SHA-256 and
 * MGF1-SHA-256, no label, base64; decryption falls back to OAEP-SHA-1 for passwords older ceph-iscsi (python-crypto)
 * encrypted. The key pair is {@code <ceph_config_dir>/<priv_key>} and {@code <pub_key>} (PEM; see
 * {@link PemKeys}); encryption is on when both files exist ({@code encryption_available}). The files are read on
 * each use, as upstream reads them, so a new key pair needs no restart.
 *
 * <p>Improvement on upstream: a private key that group or others may read is logged as a warning naming the file
 * (once per file and mode). Passwords, plain or encrypted, are never logged nor put in an exception.
 */
public final class ChapCipher {

    /** Upstream's error text for an encrypted password that cannot be decrypted. */
    public static final String DECODE_FAILED = "Problems decoding the encrypted password";
    /** Upstream's error text for a password that cannot be encrypted. */
    public static final String ENCODE_FAILED = "Encoding password failed";

    private static final Logger LOG = LoggerFactory.getLogger(ChapCipher.class);
    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec("SHA-256", "MGF1",
            MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    private static final OAEPParameterSpec OAEP_SHA1 = new OAEPParameterSpec("SHA-1", "MGF1",
            MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);
    /** private key file → the permissions already warned about */
    private static final Map<Path, Set<PosixFilePermission>> WARNED = new ConcurrentHashMap<>();

    private final Path privateKey;
    private final Path publicKey;

    private ChapCipher(Path privateKey, Path publicKey) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    }

    /** The key pair the settings name: {@code <ceph_config_dir>/<priv_key>} and {@code <ceph_config_dir>/<pub_key>}. */
    public static ChapCipher of(GatewaySettings settings) {
        Path dir = Path.of(settings.cephConfigDir());
        return new ChapCipher(dir.resolve(settings.privKey()), dir.resolve(settings.pubKey()));
    }

    public static ChapCipher of(Path privateKey, Path publicKey) {
        return new ChapCipher(privateKey, publicKey);
    }

    /** Whether both key files exist: passwords are then stored encrypted (upstream's encryption_available). */
    public boolean available() {
        return Files.exists(privateKey) && Files.exists(publicKey);
    }

    /**
     * The credentials as a change stores them: when {@link #available()}, each non-empty password encrypted and
     * both {@code *_encryption_enabled} flags true (upstream sets them for empty passwords too); otherwise as given,
     * flags false. Give plain values, already checked by {@link ChapRules}.
     */
    public ChapCredentials encrypt(ChapCredentials plain) {
        if (!available()) {
            return new ChapCredentials(plain.username(), plain.password(), false, plain.mutualUsername(),
                    plain.mutualPassword(), false);
        }
        return new ChapCredentials(plain.username(), encryptOrEmpty("password", plain.password()), true,
                plain.mutualUsername(), encryptOrEmpty("mutual_password", plain.mutualPassword()), true);
    }

    /**
     * The credentials with plain passwords; the {@code *_encryption_enabled} flags stay as stored, as upstream's
     * {@code GET /api/config?decrypt_passwords=true} shows them.
     *
     * @throws ChapCipherException naming the first password that cannot be decrypted
     */
    public ChapCredentials decrypt(ChapCredentials stored) {
        return new ChapCredentials(stored.username(),
                plain("password", stored.password(), stored.passwordEncryptionEnabled()),
                stored.passwordEncryptionEnabled(), stored.mutualUsername(),
                plain("mutual_password", stored.mutualPassword(), stored.mutualPasswordEncryptionEnabled()),
                stored.mutualPasswordEncryptionEnabled());
    }

    /** A stored password in plain: decrypted when {@code encrypted} and not empty, else as stored (upstream). */
    public String plain(String field, String stored, boolean encrypted) {
        return encrypted && !stored.isEmpty() ? decrypt(field, stored) : stored;
    }

    /**
     * RSA-OAEP(SHA-256) of the UTF-8 password with the public key, base64.
     *
     * @throws ChapCipherException {@value #ENCODE_FAILED}, naming {@code field}
     */
    public String encrypt(String field, String plain) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, PemKeys.publicKey(read(publicKey)), OAEP_SHA256);
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ChapCipherException(field, ENCODE_FAILED, publicKey + ": " + e.getMessage(), e);
        }
    }

    /**
     * The plain password of a stored (base64 RSA-OAEP) one: SHA-256 first, then SHA-1 as upstream falls back.
     *
     * @throws ChapCipherException {@value #DECODE_FAILED}, naming {@code field}
     */
    public String decrypt(String field, String stored) {
        try {
            Key key = PemKeys.privateKey(readPrivateKey());
            byte[] data = Base64.getMimeDecoder().decode(stored);
            byte[] plain;
            try {
                plain = oaep(key, OAEP_SHA256, data);
            } catch (BadPaddingException sha256) {
                plain = oaep(key, OAEP_SHA1, data);
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plain)).toString();
        } catch (IllegalArgumentException e) {
            throw new ChapCipherException(field, DECODE_FAILED, "the stored value is not base64", e);
        } catch (BadPaddingException e) {
            throw new ChapCipherException(field, DECODE_FAILED, "not encrypted with the key pair of " + privateKey, e);
        } catch (CharacterCodingException e) {
            throw new ChapCipherException(field, DECODE_FAILED, "the decrypted value is not UTF-8", e);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ChapCipherException(field, DECODE_FAILED, privateKey + ": " + e.getMessage(), e);
        }
    }

    /**
     * The whole configuration as {@code GET /api/config?decrypt_passwords=true} answers: every password of
     * discovery, targets and clients decrypted, the flags as stored, the layout of {@link GatewayConfig#toJson()}.
     * A password that cannot be decrypted becomes {@code null}, as upstream answers; a warning names where.
     */
    public byte[] decryptedJson(GatewayConfig config) {
        ObjectNode root = config.copyTree();
        decryptIn(root.path("discovery_auth"), "discovery_auth");
        root.path("targets").fields().forEachRemaining(t -> {
            decryptIn(t.getValue().path("auth"), "targets/" + t.getKey() + "/auth");
            t.getValue().path("clients").fields().forEachRemaining(c -> decryptIn(c.getValue().path("auth"),
                    "targets/" + t.getKey() + "/clients/" + c.getKey() + "/auth"));
        });
        return PythonJson.write(root);
    }

    private void decryptIn(JsonNode auth, String path) {
        if (auth instanceof ObjectNode node) {
            for (String field : new String[] {"password", "mutual_password"}) {
                JsonNode stored = node.get(field);
                if (stored != null && stored.isTextual() && node.path(field + "_encryption_enabled").asBoolean(false)) {
                    try {
                        node.put(field, plain(field, stored.asText(), true));
                    } catch (ChapCipherException e) {
                        LOG.warn("{}/{}: {} ({})", path, field, e.getMessage(), e.reason());
                        node.putNull(field);
                    }
                }
            }
        }
    }

    private static byte[] oaep(Key key, OAEPParameterSpec spec, byte[] data) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, spec);
        return cipher.doFinal(data);
    }

    private String encryptOrEmpty(String field, String plain) {
        return plain.isEmpty() ? "" : encrypt(field, plain);
    }

    private static byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    private byte[] readPrivateKey() throws IOException {
        byte[] pem = Files.readAllBytes(privateKey);
        warnIfExposed(privateKey);
        return pem;
    }

    /** For the private key only: a public key is meant to be read. */
    private static void warnIfExposed(Path file) {
        try {
            Set<PosixFilePermission> exposed = EnumSet.noneOf(PosixFilePermission.class);
            exposed.addAll(Files.getPosixFilePermissions(file));
            exposed.retainAll(GROUP_OR_OTHERS);
            if (exposed.isEmpty()) {
                WARNED.remove(file);
            } else if (!exposed.equals(WARNED.put(file, exposed))) {
                LOG.warn("the CHAP private key {} is readable by {}: make it readable by its owner only (chmod 600)",
                        file, exposed.contains(PosixFilePermission.OTHERS_READ) ? "others" : "its group");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions on this file system: nothing to check
        }
    }
}
