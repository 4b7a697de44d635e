package io.cephiscsi.config;

/**
 * The shared configuration cannot be read or written now: unreachable, locked by another writer for too long,
 * corrupt, or of a newer schema. Nothing was changed. Faces answer 503 with the message.
 */
public class ConfigUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public int status() {
        return 503;
    }
}
