package io.cephiscsi.gateway;

/**
 * A request the gateway cannot answer: the item asked for does not exist (404), or the shared configuration cannot
 * be read now (503). Faces show the message as is; the REST face answers {@code {"message": ...}} with
 * {@link #status()}.
 */
public class GatewayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public GatewayException(int status, String message) {
        super(message);
        this.status = status;
    }

    public GatewayException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** An item that is not in the configuration. */
    public static GatewayException notFound(String message) {
        return new GatewayException(404, message);
    }

    /** The HTTP status a REST face answers with. */
    public int status() {
        return status;
    }
}
