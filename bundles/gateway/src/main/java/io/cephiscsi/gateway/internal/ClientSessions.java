package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.cephiscsi.lio.AclSession;
import io.cephiscsi.lio.Configfs;
import io.cephiscsi.lio.LioException;
import io.cephiscsi.lio.SessionFacts;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.TargetConfig;

/**
 * The iSCSI sessions of a target's gateways: this one's from its LIO, the others' through their internal routes
 * ({@code /_targetinfo}, {@code /_clientinfo}). A gateway whose LIO or API does not answer counts as having no
 * sessions, as upstream skips gateways whose iSCSI is down.
 */
final class ClientSessions {

    /** One gateway's view of an initiator: upstream's {@code _clientinfo} reply, state without its prefix. */
    record Session(String alias, String state, List<String> ipAddresses) {

        static final Session NONE = new Session("", "", List.of());

        boolean loggedIn() {
            return "LOGGED_IN".equals(state);
        }
    }

    private final AdminContext context;

    ClientSessions(AdminContext context) {
        this.context = context;
    }

    /** Logged-in sessions on a target through this gateway; 0 without LIO. */
    int localCount(String targetIqn) {
        return localCounts().getOrDefault(targetIqn, 0);
    }

    /** Logged-in sessions per target through this gateway; none without LIO. */
    Map<String, Integer> localCounts() {
        try {
            return SessionFacts.sessionCounts(context.lio());
        } catch (IOException | LioException | NumberFormatException e) {
            return Map.of(); // no LIO here (yet): nobody is logged in through this gateway
        }
    }

    /** The initiator's session on this gateway, as upstream's get_client_info reads its ACL. */
    Session local(String targetIqn, String clientIqn) {
        List<AclSession> acls;
        try {
            Configfs lio = context.lio();
            acls = SessionFacts.acls(lio);
        } catch (IOException | LioException | NumberFormatException e) {
            return Session.NONE;
        }
        Session found = Session.NONE;
        for (AclSession acl : acls) {
            if (!acl.targetIqn().equals(targetIqn) || !acl.initiatorIqn().equals(clientIqn) || acl.state().isEmpty()) {
                continue;
            }
            String state = state(acl.state());
            // upstream lists the addresses only of a logged-in session
            Session session = new Session(acl.alias(), state,
                    acl.loggedIn() ? acl.addresses().stream().distinct().toList() : List.of());
            if (session.loggedIn()) {
                return session;
            }
            if (found == Session.NONE) {
                found = session;
            }
        }
        return found;
    }

    /** The target's other gateways (portals) that can be asked, by name, with the address each is reached at. */
    Map<String, String> peers(GatewayConfig config, TargetConfig target) {
        Map<String, String> peers = new LinkedHashMap<>();
        if (context.settings().apiPassword().isEmpty()) {
            return peers; // the gateways share the API password: without it every peer would refuse us
        }
        Map<String, String> addresses = ChangeCommitter.portalGateways(config);
        String local = context.hostname();
        for (String gateway : target.portals().keySet()) {
            if (!gateway.equals(local)) {
                peers.put(gateway, addresses.getOrDefault(gateway, gateway));
            }
        }
        return peers;
    }

    /** A peer's session count on a target; empty when it does not answer. */
    Optional<Integer> peerCount(String address, String targetIqn) {
        Map<String, Object> body = ask(address, "/_targetinfo/" + targetIqn);
        return body.get("num_sessions") instanceof Number n ? Optional.of(n.intValue()) : Optional.empty();
    }

    /** A peer's view of an initiator; empty when it does not answer. */
    Optional<Session> peer(String address, String targetIqn, String clientIqn) {
        Map<String, Object> body = ask(address, "/_clientinfo/" + targetIqn + "/" + clientIqn);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        Object state = body.get("state");
        if (state instanceof Map<?, ?> merged) {
            // a gateway that answers with the merged shape: the first state it names is its own
            state = merged.isEmpty() ? "" : merged.keySet().iterator().next();
        }
        List<String> ips = new ArrayList<>();
        if (body.get("ip_address") instanceof List<?> list) {
            list.forEach(ip -> ips.add(String.valueOf(ip)));
        }
        Object alias = body.get("alias");
        return Optional.of(new Session(alias == null ? "" : String.valueOf(alias),
                state == null ? "" : String.valueOf(state), ips));
    }

    /** The peer's JSON body when it answered 200; empty otherwise (down, not yet at the target, refusing). */
    private Map<String, Object> ask(String address, String path) {
        try {
            PeerClient.Reply reply = context.peers().get(address, path);
            return reply.status() == 200 ? reply.body() : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** LIO's {@code TARG_SESS_STATE_LOGGED_IN} as rtslib reports it: {@code LOGGED_IN}. */
    private static String state(String lioState) {
        int at = lioState.indexOf("_STATE_");
        return (at < 0 ? lioState : lioState.substring(at + "_STATE_".length())).toUpperCase(Locale.ROOT);
    }
}
