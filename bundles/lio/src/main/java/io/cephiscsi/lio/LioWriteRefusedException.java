package io.cephiscsi.lio;

/**
 * The kernel (or the file system under the root) refused an operation: EINVAL, EEXIST, ENOENT, EBUSY... arrive
 * from java.nio as {@link java.io.IOException}s; this names the configfs path and the value, which the bare
 * IOException does not (the kernel logs its reason to dmesg only).
 */
public class LioWriteRefusedException extends LioException {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final String value;
    private final String reason;

    public LioWriteRefusedException(LioOp op, String reason, Throwable cause) {
        super("configfs refused " + op + ": " + reason, cause);
        this.path = op.path();
        this.value = op.shownValue();
        this.reason = reason;
    }

    /** the configfs path, relative to the root */
    public String path() {
        return path;
    }

    /** the value written (passwords masked), or null for mkdir/rmdir/unlink */
    public String value() {
        return value;
    }

    /** the error text of the file system, e.g. "Invalid argument" */
    public String reason() {
        return reason;
    }
}
