package io.cephiscsi.lio;

/** Base of the engine's errors; unchecked because every caller treats them the same way: report and stop. */
public class LioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LioException(String message) {
        super(message);
    }

    public LioException(String message, Throwable cause) {
        super(message, cause);
    }
}
