package io.cephiscsi.gateway.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cephiscsi.gateway.*;

/** Targets, their gateways (portals), target LUNs, target auth and discovery auth: the rules and the one commit each. */
final class TargetOperations {

    private final AdminContext context;

    TargetOperations(AdminContext context) {
        this.context = context;
    }

    ChangeResult createTarget(String targetIqn, Map<String, ?> controls) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult reconfigureTarget(String targetIqn, Map<String, ?> controls) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult deleteTarget(String targetIqn) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult addGateway(String targetIqn, String gatewayName, List<String> ipAddresses, boolean skipChecks) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult removeGateway(String targetIqn, String gatewayName, boolean force) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult addTargetLun(String targetIqn, String diskId, Optional<Integer> lunId) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult removeTargetLun(String targetIqn, String diskId) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult setDiscoveryAuth(String username, String password, String mutualUsername, String mutualPassword) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult setTargetAuth(String targetIqn, TargetAuthAction action, String username, String password, String mutualUsername, String mutualPassword) {
        throw new GatewayException(501, "not implemented yet");
    }
}
