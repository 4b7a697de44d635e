package io.cephiscsi.model;

import java.util.Objects;

/**
 * A change that cannot be made: a value breaks a rule (400), the item it refers to does not exist (404), or it
 * conflicts with what is already there (409). Carries the bad field so every face can point at it, and the HTTP
 * status the REST face answers with.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;
    public static final int CONFLICT = 409;

    private final String field;
    private final int status;

    public ConfigException(String field, int status, String message) {
        super(message);
        this.field = Objects.requireNonNull(field, "field");
        this.status = status;
    }

    /** A value that breaks a rule (HTTP 400). */
    public static ConfigException invalid(String field, String message) {
        return new ConfigException(field, BAD_REQUEST, message);
    }

    /** An item that is not in the configuration (HTTP 404). */
    public static ConfigException missing(String field, String message) {
        return new ConfigException(field, NOT_FOUND, message);
    }

    /** A change that clashes with the current configuration (HTTP 409). */
    public static ConfigException conflict(String field, String message) {
        return new ConfigException(field, CONFLICT, message);
    }

    /** The input field at fault, e.g. {@code client_iqn}, {@code password}, {@code lun_id}. */
    public String field() {
        return field;
    }

    /** The HTTP status a REST face answers with: 400, 404 or 409. */
    public int status() {
        return status;
    }
}
