package io.cephiscsi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Changes of a target's clients (ACLs) and host groups. Each stamps the target's {@code updated}. */
final class ClientChanges {

    private ClientChanges() {
    }

    static ConfigChange putClient(String targetIqn, String clientIqn, ClientConfig client) {
        String iqn = ConfigRules.iqn("client_iqn", clientIqn);
        ChapRules.check(client.auth());
        if (!client.groupName().isEmpty()) {
            ConfigRules.groupName("group_name", client.groupName());
        }
        return TargetChanges.edit("putClient " + iqn, targetIqn, (root, target) -> {
            ObjectNode clients = ConfigTree.section(target, "clients");
            JsonNode existing = clients.get(iqn);
            if (existing == null && !target.path("auth").path("username").asText("").isEmpty()) {
                throw ConfigException.conflict("client_iqn",
                        "Cannot create client because target CHAP authentication is enabled");
            }
            if (!client.groupName().isEmpty() && !ConfigTree.section(target, "groups").has(client.groupName())) {
                throw ConfigException.missing("group_name", "Group " + client.groupName()
                        + " is not defined in target " + targetIqn);
            }
            checkLuns(target, iqn, client.luns());
            ObjectNode node = existing == null ? clients.putObject(iqn) : (ObjectNode) existing;
            ConfigTree.putChap(ConfigTree.child(node, "auth"), client.auth());
            ConfigTree.putLunMap(node, "luns", client.luns());
            node.put("group_name", client.groupName());
        });
    }

    static ConfigChange removeClient(String targetIqn, String clientIqn) {
        return TargetChanges.edit("removeClient " + clientIqn, targetIqn, (root, target) -> {
            ObjectNode client = ConfigTree.client(target, targetIqn, clientIqn);
            String group = client.path("group_name").asText("");
            if (!group.isEmpty()) {
                throw ConfigException.conflict("client_iqn",
                        "Unable to delete '" + clientIqn + "' - it belongs to group " + group);
            }
            ConfigTree.section(target, "clients").remove(clientIqn);
        });
    }

    static ConfigChange setClientAuth(String targetIqn, String clientIqn, ChapCredentials auth) {
        ChapRules.check(auth);
        return TargetChanges.edit("setClientAuth " + clientIqn, targetIqn, (root, target) ->
                ConfigTree.putChap(ConfigTree.child(ConfigTree.client(target, targetIqn, clientIqn), "auth"), auth));
    }

    static ConfigChange setClientLuns(String targetIqn, String clientIqn, Map<String, Integer> luns) {
        return TargetChanges.edit("setClientLuns " + clientIqn, targetIqn, (root, target) -> {
            ObjectNode client = ConfigTree.client(target, targetIqn, clientIqn);
            String group = client.path("group_name").asText("");
            if (!group.isEmpty()) {
                throw ConfigException.conflict("client_iqn",
                        "Unable to manage disks for '" + clientIqn + "' - it belongs to group " + group);
            }
            checkLuns(target, clientIqn, luns);
            ConfigTree.putLunMap(client, "luns", luns);
        });
    }

    /** Disks must be mapped to the target; LUN ids in range and unique for this initiator. */
    private static void checkLuns(ObjectNode target, String clientIqn, Map<String, Integer> luns) {
        List<String> missing = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        luns.forEach((disk, lun) -> {
            if (!ConfigTree.section(target, "disks").has(disk)) {
                missing.add(disk);
            }
            ConfigRules.lunId("lun_id", lun);
            if (!ids.add(lun)) {
                throw ConfigException.conflict("lun_id", "lun_id " + lun + " is used twice for " + clientIqn);
            }
        });
        if (!missing.isEmpty()) {
            throw ConfigException.missing("disk", "Non-existent images " + missing + " requested for " + clientIqn);
        }
    }

    /**
     * A host group. Members must be clients of the target, in no other group, and (when newly added) without
     * LUNs of their own; the group's disks must be mapped to the target. As upstream, each member's group_name
     * is set and its LUN map becomes a copy of the group's disks; a member that leaves keeps its LUNs and loses
     * its group_name.
     */
    static ConfigChange putGroup(String targetIqn, String groupName, GroupConfig group) {
        ConfigRules.groupName("group_name", groupName);
        List<String> members = new ArrayList<>();
        group.members().forEach(m -> members.add(ConfigRules.iqn("members", m)));
        if (new LinkedHashSet<>(members).size() != members.size()) {
            throw ConfigException.invalid("members", "Group members must be unique: " + members);
        }
        return TargetChanges.edit("putGroup " + groupName, targetIqn, (root, target) -> {
            ObjectNode groups = ConfigTree.section(target, "groups");
            JsonNode existing = groups.get(groupName);
            List<String> before = existing == null ? List.of() : ConfigTree.strings((ObjectNode) existing, "members");
            for (String m : members) {
                JsonNode client = ConfigTree.section(target, "clients").get(m);
                if (client == null) {
                    throw ConfigException.missing("members", "client '" + m + "' doesn't exist");
                }
                String other = client.path("group_name").asText("");
                if (!other.isEmpty() && !other.equals(groupName)) {
                    throw ConfigException.conflict("members", "Client already assigned to " + other + " - " + m);
                }
                if (!before.contains(m) && !client.path("luns").isEmpty()) {
                    throw ConfigException.conflict("members", "Client '" + m + "' already has luns. Only clients"
                            + " without prior lun maps can be added to a group");
                }
            }
            for (String d : group.disks().keySet()) {
                if (!ConfigTree.section(target, "disks").has(d)) {
                    throw ConfigException.missing("disks", "disk '" + d + "' doesn't exist");
                }
            }
            group.disks().values().forEach(lun -> ConfigRules.lunId("lun_id", lun));
            ObjectNode node = existing == null ? groups.putObject(groupName) : (ObjectNode) existing;
            ConfigTree.putStrings(node, "members", members);
            ConfigTree.putLunMap(node, "disks", group.disks());
            for (String m : members) {
                ObjectNode client = (ObjectNode) ConfigTree.section(target, "clients").get(m);
                client.put("group_name", groupName);
                ConfigTree.putLunMap(client, "luns", group.disks());
            }
            before.stream().filter(m -> !members.contains(m)).forEach(m -> leave(target, m));
        });
    }

    static ConfigChange removeGroup(String targetIqn, String groupName) {
        return TargetChanges.edit("removeGroup " + groupName, targetIqn, (root, target) -> {
            JsonNode group = ConfigTree.section(target, "groups").remove(groupName);
            if (group == null) {
                throw ConfigException.missing("group_name", "Group name requested does not exist");
            }
            ConfigTree.strings((ObjectNode) group, "members").forEach(m -> leave(target, m));
        });
    }

    private static void leave(ObjectNode target, String member) {
        JsonNode client = ConfigTree.section(target, "clients").get(member);
        if (client != null && client.isObject()) {
            ((ObjectNode) client).put("group_name", "");
        }
    }
}
