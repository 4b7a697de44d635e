package io.cephiscsi.lio;

/** How a factory opens a configfs object; explicit on every factory (rtslib infers it for some objects). */
public enum OpenMode {
    /** look it up, create it when missing (idempotent) */
    ANY,
    /** it must exist: {@link LioNotFoundException} otherwise */
    LOOKUP,
    /** it must not exist: {@link LioExistsException} otherwise */
    CREATE
}
