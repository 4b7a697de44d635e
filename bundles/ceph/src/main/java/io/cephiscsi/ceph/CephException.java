package io.cephiscsi.ceph;

/**
 * A Ceph operation failed; the message says what was attempted and why it failed.
 * {@code errno} is the negative librados return code, or 0 when the failure was not a librados error.
 */
public class CephException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    public CephException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
