package io.cephiscsi.model;

/**
 * A closed set of values a setting may take. Implemented by the enums that back enum-typed settings so that the
 * table in {@link SettingKey} can parse and describe them without knowing each enum.
 */
public interface SettingChoice {

    /** The spelling used in the settings file and the PID, e.g. {@code "implicit"}. */
    String value();
}
