package io.cephiscsi.rbd;

/**
 * An image or pool operation was refused or failed. {@link #status()} is the HTTP status the REST face answers with,
 * {@link #field()} the request field at fault (e.g. {@code size}, {@code pool}; empty when none is), and the message
 * names the bad value.
 */
public class RbdException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;
    public static final int CONFLICT = 409;
    public static final int FAILED = 500;
    public static final int UNAVAILABLE = 503;

    private final int status;
    private final String field;

    public RbdException(int status, String field, String message) {
        this(status, field, message, null);
    }

    public RbdException(int status, String field, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.field = field == null ? "" : field;
    }

    /** 400 bad input, 404 image or snapshot missing, 409 exists or busy, 500 Ceph failed, 503 Ceph unreachable. */
    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    /** 400 for {@code field}. */
    public static RbdException badRequest(String field, String message) {
        return new RbdException(BAD_REQUEST, field, message);
    }
}
