package io.cephiscsi.model;

/** How the gateways fail over between paths (upstream {@code alua_failover_type}). */
public enum AluaFailoverType implements SettingChoice {
    /** The initiator's multipath layer decides; gateways only report the states. Upstream's default. */
    IMPLICIT("implicit"),
    /** The initiator switches paths with SET TARGET PORT GROUPS. */
    EXPLICIT("explicit");

    private final String value;

    AluaFailoverType(String value) {
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
