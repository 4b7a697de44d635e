package io.cephiscsi.model;

/** The kinds of value a setting holds, and the Java type {@link GatewaySettings} gives it. */
public enum SettingType {
    /** Free text, kept as given ({@link String}). */
    STRING,
    /** An absolute file system path ({@link java.nio.file.Path}). */
    PATH,
    /** A decimal integer within the key's range ({@link Integer}). */
    INT,
    /** true/false, also yes/no and 1/0, any case ({@link Boolean}). */
    BOOL,
    /** An LIO parameter written as Yes/No; also accepts true/false and 1/0 ({@link Boolean}). */
    YES_NO,
    /** One of the key's {@link SettingChoice} values (the matching enum constant). */
    ENUM,
    /** Comma-separated IPv4/IPv6 literals; blanks dropped ({@link java.util.List} of {@link String}). */
    IP_LIST
}
