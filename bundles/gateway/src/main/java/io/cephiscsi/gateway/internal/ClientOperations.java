package io.cephiscsi.gateway.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.ClientInfo;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.model.ChapCipher;
import io.cephiscsi.model.ChapCredentials;
import io.cephiscsi.model.ChapRules;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.ConfigRules;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GroupConfig;
import io.cephiscsi.model.TargetConfig;

/**
 * Clients (ACLs), their CHAP and LUNs, host groups, and the live session facts: the rules and the one commit each.
 *
 * <p>Statuses: 400 for a value that breaks a rule, 404 for an item that is not there, 409 for a request that
 * clashes with the current state (upstream answers 400 for all three). The model re-checks what it can when the
 * change is applied; only what needs more context (upstream's messages, sessions, settings) is checked here.
 */
final class ClientOperations {

    private final AdminContext context;
    private final ClientSessions sessions;

    ClientOperations(AdminContext context) {
        this.context = context;
        this.sessions = new ClientSessions(context);
    }

    ChangeResult createClient(String targetIqn, String clientIqn) {
        GatewayConfig config = context.config();
        String target = ConfigRules.iqn("target_iqn", targetIqn);
        TargetConfig targetConfig = AdminContext.target(config, target);
        String client = ConfigRules.iqn("client_iqn", clientIqn);
        if (targetConfig.clients().containsKey(client)) {
            throw ConfigException.conflict("client_iqn", "A client with the name '" + client + "' is already defined");
        }
        int minimum = context.settings().minimumGateways();
        if (config.gateways().size() < minimum) {
            throw new GatewayException(409, "Clients can not be defined until a HA configuration has been defined"
                    + " (>" + minimum + " gateways)");
        }
        // target CHAP on is refused by the model when the client is added
        return commit("client create/update successful", targetConfig, target,
                ConfigChange.putClient(target, client, ClientConfig.EMPTY));
    }

    ChangeResult deleteClient(String targetIqn, String clientIqn) {
        GatewayConfig config = context.config();
        String target = ConfigRules.iqn("target_iqn", targetIqn);
        TargetConfig targetConfig = AdminContext.target(config, target);
        String client = ConfigRules.iqn("client_iqn", clientIqn);
        ClientConfig clientConfig = targetConfig.clients().get(client);
        if (clientConfig == null) {
            throw ConfigException.missing("client_iqn", client + " is not defined yet - nothing to delete");
        }
        // the model refuses a group member too; checked here first so that no gateway is asked in vain
        if (!clientConfig.groupName().isEmpty()) {
            throw ConfigException.conflict("client_iqn", "Unable to delete '" + client + "' - it belongs to group "
                    + clientConfig.groupName());
        }
        if (loggedInAnywhere(config, targetConfig, target, client)) {
            throw ConfigException.conflict("client_iqn", "Client '" + client + "' is logged in to " + target
                    + "- unable to delete until it's logged out");
        }
        return context.committer().commit("client delete successful", ConfigChange.removeClient(target, client));
    }

    ChangeResult setClientAuth(String targetIqn, String clientIqn, String username, String password,
                               String mutualUsername, String mutualPassword) {
        String target = ConfigRules.iqn("target_iqn", targetIqn);
        TargetConfig targetConfig = AdminContext.target(context.config(), target);
        String client = existingClient(targetConfig, clientIqn).getKey();
        // all four empty is ChapCredentials.NONE: CHAP removed, as upstream
        ChapCredentials auth = ChapRules.check(ChapCredentials.of(nz(username), nz(password), nz(mutualUsername),
                nz(mutualPassword)));
        // stored encrypted when this gateway has the key pair, as upstream
        return commit("client auth successful", targetConfig, target,
                ConfigChange.setClientAuth(target, client, ChapCipher.of(context.settings()).encrypt(auth)));
    }

    /**
     * The checks run on the newest configuration for a clear answer, and again, with the LUN id chosen, on the copy
     * the commit reads under the lock: two hosts given disks at once both get them, each at a free LUN id.
     */
    ChangeResult addClientLun(String targetIqn, String clientIqn, String diskId) {
        String target = ConfigRules.iqn("target_iqn", targetIqn);
        String disk = ConfigRules.diskId("disk", diskId);
        TargetConfig targetConfig = AdminContext.target(context.config(), target);
        String client = existingClient(targetConfig, clientIqn).getKey();
        Function<GatewayConfig, ConfigChange> mapping = current -> {
            TargetConfig now = AdminContext.target(current, target);
            ClientConfig seen = existingClient(now, client).getValue();
            if (seen.luns().containsKey(disk)) {
                throw ConfigException.conflict("disk", "Client's image list contains duplicate rbd's: " + disk);
            }
            if (!current.disks().containsKey(disk)) {
                throw ConfigException.missing("disk", "Invalid image list - it defines new disks that do not"
                        + " current exist");
            }
            // a disk not mapped to the target, and a group member, are refused by the model with upstream's texts
            Map<String, Integer> luns = new TreeMap<>(seen.luns());
            luns.put(disk, clientLunId(now, seen, disk));
            return ConfigChange.setClientLuns(target, client, luns);
        };
        mapping.apply(context.config()); // refused here already: nothing is locked or written
        return commit("client masking update successful", targetConfig, target, ConfigChange.decidedOn(mapping));
    }

    ChangeResult removeClientLun(String targetIqn, String clientIqn, String diskId) {
        String target = ConfigRules.iqn("target_iqn", targetIqn);
        String disk = ConfigRules.diskId("disk", diskId);
        TargetConfig targetConfig = AdminContext.target(context.config(), target);
        String client = existingClient(targetConfig, clientIqn).getKey();
        Function<GatewayConfig, ConfigChange> unmapping = current -> {
            ClientConfig seen = existingClient(AdminContext.target(current, target), client).getValue();
            if (!seen.luns().containsKey(disk)) {
                throw ConfigException.invalid("disk", "disk not mapped to client");
            }
            Map<String, Integer> luns = new TreeMap<>(seen.luns());
            luns.remove(disk);
            return ConfigChange.setClientLuns(target, client, luns);
        };
        unmapping.apply(context.config());
        return commit("client masking update successful", targetConfig, target, ConfigChange.decidedOn(unmapping));
    }

    /**
     * Upstream computes the group's new members and disks from the current ones and the request, then validates
     * the difference; its API hides the reason behind "Group request failed validation", which is named here.
     * Removing a client or disk the group does not have is refused, as gwcli does (upstream's API ignores it).
     */
    ChangeResult updateHostGroup(String targetIqn, String groupName, List<String> members, List<String> diskIds,
                                 boolean add) {
        GatewayConfig config = context.config();
        String target = ConfigRules.iqn("target_iqn", targetIqn);
        AdminContext.target(config, target); // 404 first, as upstream
        String name = ConfigRules.groupName("group_name", groupName);
        Set<String> changedMembers = new LinkedHashSet<>();
        for (String member : members == null ? List.<String>of() : members) {
            changedMembers.add(ConfigRules.iqn("members", member));
        }
        Set<String> changedDisks = new LinkedHashSet<>();
        for (String disk : diskIds == null ? List.<String>of() : diskIds) {
            changedDisks.add(ConfigRules.diskId("disks", disk));
        }
        String message = "hostgroup create/update successful";
        if (nextGroup(config, target, name, changedMembers, changedDisks, add).isEmpty()) {
            // upstream: "Current group definition matches request", and still a success
            return new ChangeResult(message, config.epoch(), List.of());
        }
        // decided again on the copy read under the lock: concurrent group requests each keep their members/disks
        return context.committer().commit(message, ConfigChange.decidedOn(current -> ConfigChange.putGroup(target,
                name, nextGroup(current, target, name, changedMembers, changedDisks, add)
                        .orElseGet(() -> AdminContext.target(current, target).groups().get(name)))));
    }

    /** The group after the request; empty when the request changes nothing of an existing group. */
    private static Optional<GroupConfig> nextGroup(GatewayConfig config, String target, String name,
                                                   Set<String> changedMembers, Set<String> changedDisks, boolean add) {
        TargetConfig targetConfig = AdminContext.target(config, target);
        GroupConfig current = targetConfig.groups().get(name);
        boolean exists = current != null;
        if (current == null) {
            current = GroupConfig.EMPTY;
        }
        List<String> newMembers = new ArrayList<>(current.members());
        Map<String, Integer> newDisks = new LinkedHashMap<>(current.disks());
        if (add) {
            for (String member : changedMembers) {
                if (!newMembers.contains(member)) {
                    checkNewMember(targetConfig, member);
                    newMembers.add(member);
                }
            }
            for (String disk : changedDisks) {
                if (!newDisks.containsKey(disk)) {
                    Integer targetLun = targetConfig.disks().get(disk);
                    if (targetLun == null) {
                        throw ConfigException.invalid("disks", "disk '" + disk + "' doesn't exist");
                    }
                    newDisks.put(disk, groupLunId(newDisks, targetLun));
                }
            }
        } else {
            for (String member : changedMembers) {
                if (!newMembers.remove(member)) {
                    throw ConfigException.invalid("members", "client '" + member + "' is not a member of " + name);
                }
            }
            for (String disk : changedDisks) {
                if (newDisks.remove(disk) == null) {
                    throw ConfigException.invalid("disks", "disk '" + disk + "' is not in the group");
                }
            }
        }
        if (exists && newMembers.equals(current.members()) && newDisks.equals(current.disks())) {
            return Optional.empty();
        }
        return Optional.of(new GroupConfig(newMembers, newDisks));
    }

    ChangeResult deleteHostGroup(String targetIqn, String groupName) {
        String target = ConfigRules.iqn("target_iqn", targetIqn);
        TargetConfig targetConfig = AdminContext.target(context.config(), target);
        if (groupName == null || !targetConfig.groups().containsKey(groupName)) {
            throw ConfigException.missing("group_name", "Group name '" + groupName + "' not found");
        }
        // as upstream, the members keep their LUNs and only lose the group's name
        return context.committer().commit("Group definition '" + groupName + "' deleted",
                ConfigChange.removeGroup(target, groupName));
    }

    int targetSessions(String targetIqn) {
        GatewayConfig config = context.config();
        String target = ConfigRules.iqn("target_iqn", targetIqn);
        TargetConfig targetConfig = knownTarget(config, target);
        int count = targetConfig.portals().containsKey(context.hostname()) ? sessions.localCount(target) : 0;
        for (String address : sessions.peers(config, targetConfig).values()) {
            count += sessions.peerCount(address, target).orElse(0);
        }
        return count;
    }

    int gatewaySessions() {
        GatewayConfig config = context.config();
        String local = context.hostname();
        List<String> targets = new ArrayList<>();
        config.targets().forEach((iqn, target) -> {
            if (target.portals().containsKey(local)) {
                targets.add(iqn);
            }
        });
        if (targets.isEmpty()) {
            throw GatewayException.notFound("Gateway " + local + " does not exist in configuration");
        }
        Map<String, Integer> counts = sessions.localCounts();
        return targets.stream().mapToInt(iqn -> counts.getOrDefault(iqn, 0)).sum();
    }

    ClientInfo clientInfo(String targetIqn, String clientIqn) {
        GatewayConfig config = context.config();
        String target = ConfigRules.iqn("target_iqn", targetIqn);
        TargetConfig targetConfig = knownTarget(config, target);
        String client = knownClient(targetConfig, clientIqn);
        String local = context.hostname();
        Map<String, String> peers = sessions.peers(config, targetConfig);
        String alias = "";
        Map<String, List<String>> states = new LinkedHashMap<>();
        Set<String> ips = new LinkedHashSet<>();
        for (String gateway : targetConfig.portals().keySet()) {
            ClientSessions.Session session;
            if (gateway.equals(local)) {
                session = sessions.local(target, client);
            } else if (peers.containsKey(gateway)) {
                session = sessions.peer(peers.get(gateway), target, client).orElse(ClientSessions.Session.NONE);
            } else {
                continue;
            }
            if (!session.alias().isEmpty()) {
                alias = session.alias();
            }
            if (!session.state().isEmpty()) {
                states.computeIfAbsent(session.state(), s -> new ArrayList<>()).add(gateway);
            }
            ips.addAll(session.ipAddresses());
        }
        return new ClientInfo(alias, states, List.copyOf(ips));
    }

    int localTargetSessions(String targetIqn) {
        String target = ConfigRules.iqn("target_iqn", targetIqn);
        knownTarget(context.config(), target);
        return sessions.localCount(target);
    }

    ClientInfo localClientInfo(String targetIqn, String clientIqn) {
        String target = ConfigRules.iqn("target_iqn", targetIqn);
        String client = knownClient(knownTarget(context.config(), target), clientIqn);
        ClientSessions.Session session = sessions.local(target, client);
        Map<String, List<String>> state = session.state().isEmpty()
                ? Map.of() : Map.of(session.state(), List.of(context.hostname()));
        return new ClientInfo(session.alias(), state, session.ipAddresses());
    }

    // ----- rules that need the configuration

    /**
     * Commits a change of a client's ACL. As upstream's GWClient does on every client change, a target whose ACL
     * mode is off (demo mode, generated ACLs) is switched back to ACLs in the same commit.
     */
    private ChangeResult commit(String message, TargetConfig targetConfig, String target, ConfigChange change) {
        if (targetConfig.aclEnabled()) {
            return context.committer().commit(message, change);
        }
        return context.committer().commit(message, change, ConfigChange.setAclEnabled(target, true));
    }

    /** Whether any gateway of the target that answers sees the initiator logged in. */
    private boolean loggedInAnywhere(GatewayConfig config, TargetConfig targetConfig, String target, String client) {
        if (sessions.local(target, client).loggedIn()) {
            return true;
        }
        for (String address : sessions.peers(config, targetConfig).values()) {
            if (sessions.peer(address, target, client).map(ClientSessions.Session::loggedIn).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /** Upstream's Group._valid_client for an added member, in its order. */
    private static void checkNewMember(TargetConfig target, String member) {
        ClientConfig client = target.clients().get(member);
        if (client == null) {
            throw ConfigException.invalid("members", "client '" + member + "' doesn't exist");
        }
        if (!client.luns().isEmpty()) {
            throw ConfigException.invalid("members", "Client '" + member + "' already has luns. Only clients without"
                    + " prior lun maps can be added to a group");
        }
        if (!client.groupName().isEmpty()) {
            throw ConfigException.invalid("members", "Client already assigned to " + client.groupName()
                    + " - a client can only belong to one host group");
        }
    }

    /**
     * The LUN id a client sees a new disk at, as upstream's GWClient picks it: the target's LUN id unless any
     * client of the target already uses that id, else the lowest id this client does not use.
     */
    static int clientLunId(TargetConfig target, ClientConfig client, String disk) {
        Integer targetLun = target.disks().get(disk);
        Set<Integer> usedByClients = new HashSet<>();
        target.clients().values().forEach(c -> usedByClients.addAll(c.luns().values()));
        if (targetLun != null && !usedByClients.contains(targetLun)) {
            return targetLun;
        }
        return lowestFree(new HashSet<>(client.luns().values()));
    }

    /** Upstream's Group._next_lun: the target's LUN id when the group has it free, else the lowest free one. */
    static int groupLunId(Map<String, Integer> groupDisks, int targetLun) {
        Set<Integer> used = new HashSet<>(groupDisks.values());
        return used.contains(targetLun) ? lowestFree(used) : targetLun;
    }

    private static int lowestFree(Set<Integer> used) {
        for (int id = 0; id <= ConfigRules.MAX_LUN_ID; id++) {
            if (!used.contains(id)) {
                return id;
            }
        }
        throw ConfigException.conflict("lun_id", "no free LUN id left (0-" + ConfigRules.MAX_LUN_ID + ")");
    }

    /** A target a read is about: 404 with upstream's targetinfo text. */
    private static TargetConfig knownTarget(GatewayConfig config, String target) {
        TargetConfig targetConfig = config.targets().get(target);
        if (targetConfig == null) {
            throw GatewayException.notFound("Target " + target + " does not exist");
        }
        return targetConfig;
    }

    private static String knownClient(TargetConfig target, String clientIqn) {
        String client = ConfigRules.iqn("client_iqn", clientIqn);
        if (!target.clients().containsKey(client)) {
            throw GatewayException.notFound("Client " + client + " does not exist");
        }
        return client;
    }

    private static Map.Entry<String, ClientConfig> existingClient(TargetConfig target, String clientIqn) {
        String client = ConfigRules.iqn("client_iqn", clientIqn);
        ClientConfig config = target.clients().get(client);
        if (config == null) {
            throw ConfigException.missing("client_iqn", "Client '" + client + "' does not exist");
        }
        return Map.entry(client, config);
    }

    private static String nz(String value) {
        return Objects.requireNonNullElse(value, "");
    }
}
