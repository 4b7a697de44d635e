package io.cephiscsi.model;

/** The section a setting belongs to. The first three are the sections of upstream's settings file. */
public enum SettingSection {
    /** Upstream {@code [config]}: system settings. */
    CONFIG("config"),
    /** Upstream {@code [target]}: cluster-wide defaults for target, client and disk controls. */
    TARGET("target"),
    /** Upstream {@code [device_status]}: thresholds of the device health tracker. */
    DEVICE_STATUS("device_status"),
    /** The appliance's own settings; they are read only from the OSGi configuration, never from upstream's file. */
    APPLIANCE("appliance");

    private final String sectionName;

    SettingSection(String sectionName) {
        this.sectionName = sectionName;
    }

    /** The name as written between brackets in an INI file. */
    public String sectionName() {
        return sectionName;
    }
}
