package io.cephiscsi.model;

/**
 * One gateway in {@code gateways}, keyed by its FQDN. {@code activeLuns} counts the LUNs whose ALUA
 * active/optimized owner it is; timestamps are upstream's {@code YYYY/MM/DD HH:MM:SS} strings ("" when absent).
 */
public record GatewayEntry(long activeLuns, String created, String updated) {
}
