package io.cephiscsi.lio;

/** {@link OpenMode#LOOKUP} of an object that is not in configfs. */
public class LioNotFoundException extends LioException {
    private static final long serialVersionUID = 1L;

    public LioNotFoundException(String message) {
        super(message);
    }
}
