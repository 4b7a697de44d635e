package io.cephiscsi.lio;

import java.util.List;

/**
 * What LIO says of one initiator's ACL on one TPG: whether it is logged in, and from which addresses.
 *
 * @param state     LIO's session state, e.g. {@code TARG_SESS_STATE_LOGGED_IN}; empty without a session
 * @param addresses the initiator's address of each connection
 */
public record AclSession(String targetIqn, int tpg, String initiatorIqn, String alias, boolean loggedIn,
        String state, List<String> addresses) {

    public AclSession {
        addresses = List.copyOf(addresses);
    }
}
