package io.cephiscsi.model;

/**
 * The stored gateway.conf cannot be read: not JSON, truncated, a value of the wrong type, or a schema version newer
 * than this appliance understands. The message names what is wrong and where, as a JSON path such as
 * {@code targets["iqn.2003-01.com.example:t1"].clients["iqn.1994-05.com.example:c1"].luns}.
 *
 * <p>Nothing is ever repaired: a caller that gets this exception must not overwrite the object.
 */
public class ConfigFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String path;

    public ConfigFormatException(String path, String problem) {
        this(path, problem, null);
    }

    public ConfigFormatException(String path, String problem, Throwable cause) {
        super("gateway.conf is unusable at " + (path.isEmpty() ? "the document root" : path) + ": " + problem,
                cause);
        this.path = path;
    }

    /** Where the problem is, as a JSON path; empty for the document as a whole. */
    public String path() {
        return path;
    }
}
