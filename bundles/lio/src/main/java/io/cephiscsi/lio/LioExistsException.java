package io.cephiscsi.lio;

/** {@link OpenMode#CREATE} of an object that is already in configfs. */
public class LioExistsException extends LioException {
    private static final long serialVersionUID = 1L;

    public LioExistsException(String message) {
        super(message);
    }
}
