package io.cephiscsi.gateway;

import java.util.List;
import java.util.Map;

/**
 * Upstream's {@code GET /api/clientinfo/<iqn>/<client>}: the initiator's alias, which gateways see it in which
 * session state ({@code LOGGED_IN}, ...), and the IPs it logged in from, merged over the target's gateways.
 */
public record ClientInfo(String alias, Map<String, List<String>> state, List<String> ipAddresses) {

    public ClientInfo {
        state = Map.copyOf(state);
        ipAddresses = List.copyOf(ipAddresses);
    }
}
