package io.cephiscsi.model;

/**
 * A CHAP password that cannot be encrypted or decrypted with the gateway's key pair. The message is upstream's
 * ({@value ChapCipher#ENCODE_FAILED}, {@value ChapCipher#DECODE_FAILED}), {@link #field()} the password field,
 * {@link #reason()} why (a missing or unreadable key file, a bad key, bad base64, the wrong key) for the log.
 * Neither ever holds the password. Status 500: the gateway's keys are at fault, not the request.
 */
public final class ChapCipherException extends ConfigException {

    private static final long serialVersionUID = 1L;

    public static final int SERVER_ERROR = 500;

    private final String reason;

    public ChapCipherException(String field, String message, String reason, Throwable cause) {
        super(field, SERVER_ERROR, message);
        this.reason = reason;
        initCause(cause);
    }

    /** Why, for the log: names files and key problems, never a password. */
    public String reason() {
        return reason;
    }
}
