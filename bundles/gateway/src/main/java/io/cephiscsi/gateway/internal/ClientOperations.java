package io.cephiscsi.gateway.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cephiscsi.gateway.*;

/** Clients (ACLs), their CHAP and LUNs, host groups, and the live session facts: the rules and the one commit each. */
final class ClientOperations {

    private final AdminContext context;

    ClientOperations(AdminContext context) {
        this.context = context;
    }

    ChangeResult createClient(String targetIqn, String clientIqn) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult deleteClient(String targetIqn, String clientIqn) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult setClientAuth(String targetIqn, String clientIqn, String username, String password, String mutualUsername, String mutualPassword) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult addClientLun(String targetIqn, String clientIqn, String diskId) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult removeClientLun(String targetIqn, String clientIqn, String diskId) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult updateHostGroup(String targetIqn, String groupName, List<String> members, List<String> diskIds, boolean add) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult deleteHostGroup(String targetIqn, String groupName) {
        throw new GatewayException(501, "not implemented yet");
    }

    int targetSessions(String targetIqn) {
        throw new GatewayException(501, "not implemented yet");
    }

    int gatewaySessions() {
        throw new GatewayException(501, "not implemented yet");
    }

    ClientInfo clientInfo(String targetIqn, String clientIqn) {
        throw new GatewayException(501, "not implemented yet");
    }

    int localTargetSessions(String targetIqn) {
        throw new GatewayException(501, "not implemented yet");
    }

    ClientInfo localClientInfo(String targetIqn, String clientIqn) {
        throw new GatewayException(501, "not implemented yet");
    }
}
