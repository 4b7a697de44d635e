package io.cephiscsi.gateway;

import java.util.List;
import java.util.Map;

import io.cephiscsi.model.GatewayConfig;

/**
 * Every admin operation of the gateway, called alike by the REST API and the gwcli shell.
 * Reads answer from the newest shared configuration this gateway has seen; changes follow.
 * Every read of the configuration throws {@link GatewayException} with status 503 while it cannot be read.
 */
public interface GatewayAdmin {

    /**
     * What gwcli's root {@code info} shows, plus the backend and, on Ceph, the cluster health.
     *
     * @throws io.cephiscsi.model.SettingsException when the settings are invalid (the message names the key)
     */
    ApplianceInfo info();

    /** This gateway's name: the {@code gateway_name} setting, else the host's FQDN. */
    String hostname();

    /** Every local IPv4/IPv6 address except 127.0.0.1, ::1 and scoped (link-local) ones, as upstream lists them. */
    List<String> ipAddresses();

    /**
     * gwcli's tree ({@code /}, {@code cluster}, {@code disks}, {@code iscsi-targets} and below) with upstream's
     * summaries, built in one pass from the configuration, one bulk image lookup and the cluster facts.
     * Throws as every read of the configuration does.
     */
    TreeNode tree();

    /** The whole shared configuration, as stored. */
    GatewayConfig config();

    /** The IQNs of every target, sorted. */
    List<String> targets();

    /**
     * {@code targets[iqn].portals} as stored: gateway name to its portal data.
     *
     * @throws io.cephiscsi.model.ConfigException (400) when {@code targetIqn} is not a valid IQN
     * @throws GatewayException (404) when the target does not exist
     */
    Map<String, Object> portals(String targetIqn);

    /** The client IQNs of a target, sorted. Throws as {@link #portals}. */
    List<String> clients(String targetIqn);

    /** The host group names of a target, sorted. Throws as {@link #portals}. */
    List<String> groups(String targetIqn);

    /**
     * {@code targets[iqn].groups[name]} as stored: {@code members} and {@code disks}.
     *
     * @throws GatewayException (404) when the target or the group does not exist; as {@link #portals} otherwise
     */
    Map<String, Object> group(String targetIqn, String groupName);

    /** The ids ({@code pool/image}) of every disk, sorted. */
    List<String> diskIds();

    /** Every disk's entry as stored, by id. */
    Map<String, Object> disks();

    /**
     * One disk's entry as stored, plus its {@code status}.
     *
     * @throws GatewayException (404) when the disk is not in the configuration
     */
    Map<String, Object> disk(String pool, String image);

    /** The control defaults, limits and backstore facts upstream's {@code GET /api/settings} reports. */
    SettingsView settings();

    /** Upstream's settings checksum, equal on gateways whose settings must agree (a mixed pair included). */
    String settingsHash();

    /** Upstream's {@code checkversions}: why this OS is not supported; empty when the checks pass. */
    List<String> versionProblems();
}
