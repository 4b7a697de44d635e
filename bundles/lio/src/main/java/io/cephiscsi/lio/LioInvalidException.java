package io.cephiscsi.lio;

/** A value the engine refuses before touching configfs (bad IQN, LUN index out of range, name with '/'...). */
public class LioInvalidException extends LioException {
    private static final long serialVersionUID = 1L;

    public LioInvalidException(String message) {
        super(message);
    }
}
