package io.cephiscsi.model;

/**
 * Where the gateway keeps its shared configuration and its images: inside the appliance (a single node with no
 * Ceph cluster), or in a real Ceph cluster as upstream ceph-iscsi does.
 */
public enum Backend implements SettingChoice {
    EMBEDDED("embedded"),
    CEPH("ceph");

    private final String value;

    Backend(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    /** The settings spelling, so that logs and {@code GatewaySettings.asMap()} read like the file. */
    @Override
    public String toString() {
        return value;
    }
}
