package io.cephiscsi.gateway;

import java.util.List;

/**
 * Every admin operation of the gateway, called alike by the REST API and the gwcli shell.
 * This first slice answers what a gateway says about itself; target, disk and client operations follow.
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
}
