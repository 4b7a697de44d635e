package io.cephiscsi.gateway.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.ConfigDiff;
import io.cephiscsi.model.ChapCredentials;
import io.cephiscsi.model.ChapRules;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.ConfigFormatException;
import io.cephiscsi.model.ConfigRules;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GroupConfig;
import io.cephiscsi.model.PortalConfig;
import io.cephiscsi.model.TargetConfig;
import io.cephiscsi.rbd.ImageId;

/**
 * Whole-configuration operations of the shell: {@code clearconfig} as upstream, and {@code import} (upstream has
 * none): a configuration is checked as a whole, item by item, before it may replace the current one in one commit.
 */
final class ConfigImport {

    private final AdminContext context;

    ConfigImport(AdminContext context) {
        this.context = context;
    }

    ChangeResult clearConfig() {
        GatewayConfig config = context.config();
        for (Map.Entry<String, TargetConfig> target : config.targets().entrySet()) {
            int clients = target.getValue().clients().size();
            if (clients > 0) {
                throw ConfigException.conflict("targets", target.getKey() + " - Clients(" + clients
                        + ") must be removed first before clearing the gateway configuration");
            }
        }
        if (!config.disks().isEmpty()) {
            throw ConfigException.conflict("disks", "Disks(" + config.disks().size()
                    + ") must be removed first before clearing the gateway configuration");
        }
        List<ConfigChange> changes = new ArrayList<>();
        config.targets().keySet().forEach(iqn -> changes.add(ConfigChange.removeTarget(iqn)));
        config.gateways().keySet().forEach(name -> changes.add(ConfigChange.removeGateway(name)));
        return context.committer().commit("configuration cleared", io.cephiscsi.model.ConfigTransaction.of(changes));
    }

    ConfigDiff preview(byte[] json) {
        GatewayConfig imported = check(json);
        GatewayConfig current = context.config();
        return new ConfigDiff(current.epoch(), diff(current, imported));
    }

    ChangeResult apply(byte[] json, long expectedEpoch) {
        GatewayConfig imported = check(json);
        ConfigChange replace = current -> {
            if (current.epoch() != expectedEpoch) {
                throw ConfigException.conflict("epoch", "the configuration changed since the import was checked"
                        + " (epoch " + expectedEpoch + ", now " + current.epoch() + "): check it again");
            }
            return imported.withEpoch(current.epoch(), Instant.now());
        };
        return context.committer().commit("configuration imported", replace);
    }

    /** Parses (migrating older schemas as upstream does) and checks every item and reference. */
    GatewayConfig check(byte[] json) {
        GatewayConfig config;
        try {
            config = GatewayConfig.parse(json);
        } catch (ConfigFormatException e) {
            throw ConfigException.invalid("config", e.getMessage());
        }
        for (Map.Entry<String, DiskConfig> entry : config.disks().entrySet()) {
            DiskConfig disk = entry.getValue();
            String field = "disks." + entry.getKey();
            ConfigRules.diskId(field, entry.getKey());
            if (!entry.getKey().equals(disk.id())) {
                throw ConfigException.invalid(field, "disk " + entry.getKey() + " names pool/image " + disk.id());
            }
            if (!disk.owner().isEmpty() && !config.gateways().containsKey(disk.owner())) {
                throw ConfigException.invalid(field, "owner " + disk.owner() + " is not a defined gateway");
            }
        }
        chap("discovery_auth", config.discoveryAuth());
        Set<String> mappedAnywhere = new HashSet<>();
        for (Map.Entry<String, TargetConfig> entry : config.targets().entrySet()) {
            checkTarget(config, entry.getKey(), entry.getValue(), mappedAnywhere);
        }
        requireImages(config);
        return config;
    }

    private static void checkTarget(GatewayConfig config, String iqn, TargetConfig target, Set<String> mapped) {
        String field = "targets." + iqn;
        if (!ConfigRules.iqn(field, iqn).equals(iqn)) {
            throw ConfigException.invalid(field, "target IQN " + iqn + " is not in normal (lower case) form");
        }
        chap(field + ".auth", target.auth());
        for (Map.Entry<String, PortalConfig> portal : target.portals().entrySet()) {
            if (!config.gateways().containsKey(portal.getKey())) {
                throw ConfigException.invalid(field + ".portals",
                        "portal of " + portal.getKey() + ", which is not in gateways");
            }
            for (String ip : portal.getValue().portalIpAddresses()) {
                ConfigRules.ipAddress(field + ".portals." + portal.getKey(), ip);
                if (!target.ipList().contains(ip)) {
                    throw ConfigException.invalid(field + ".ip_list", ip + " of " + portal.getKey()
                            + " is not in the target's ip_list");
                }
            }
        }
        Set<Integer> lunIds = new HashSet<>();
        for (Map.Entry<String, Integer> lun : target.disks().entrySet()) {
            if (!config.disks().containsKey(lun.getKey())) {
                throw ConfigException.invalid(field + ".disks", "disk " + lun.getKey() + " is not defined in disks");
            }
            if (!mapped.add(lun.getKey())) {
                throw ConfigException.invalid(field + ".disks", "disk " + lun.getKey()
                        + " is mapped to more than one target");
            }
            ConfigRules.lunId(field + ".disks." + lun.getKey(), lun.getValue());
            if (!lunIds.add(lun.getValue())) {
                throw ConfigException.invalid(field + ".disks", "LUN id " + lun.getValue() + " is used twice");
            }
            String owner = config.disks().get(lun.getKey()).owner();
            if (!owner.isEmpty() && !target.portals().containsKey(owner)) {
                throw ConfigException.invalid("disks." + lun.getKey(), "owner " + owner + " is not a gateway of "
                        + iqn);
            }
        }
        for (Map.Entry<String, ClientConfig> client : target.clients().entrySet()) {
            String clientField = field + ".clients." + client.getKey();
            if (!ConfigRules.iqn(clientField, client.getKey()).equals(client.getKey())) {
                throw ConfigException.invalid(clientField, "client IQN " + client.getKey()
                        + " is not in normal (lower case) form");
            }
            chap(clientField + ".auth", client.getValue().auth());
            for (String disk : client.getValue().luns().keySet()) {
                if (!target.disks().containsKey(disk)) {
                    throw ConfigException.invalid(clientField + ".luns", "disk " + disk
                            + " is not mapped to the target");
                }
            }
            String group = client.getValue().groupName();
            if (!group.isEmpty() && !target.groups().containsKey(group)) {
                throw ConfigException.invalid(clientField + ".group_name", "group " + group + " is not defined");
            }
        }
        for (Map.Entry<String, GroupConfig> group : target.groups().entrySet()) {
            String groupField = field + ".groups." + group.getKey();
            for (String member : group.getValue().members()) {
                ClientConfig client = target.clients().get(member);
                if (client == null || !group.getKey().equals(client.groupName())) {
                    throw ConfigException.invalid(groupField + ".members", "member " + member
                            + " is not a client of the target in this group");
                }
            }
            for (String disk : group.getValue().disks().keySet()) {
                if (!target.disks().containsKey(disk)) {
                    throw ConfigException.invalid(groupField + ".disks", "disk " + disk
                            + " is not mapped to the target");
                }
            }
        }
    }

    /** Plain credentials must pass upstream's CHAP rules; encrypted ones are checked when a gateway decrypts them. */
    private static void chap(String field, ChapCredentials auth) {
        if (auth.passwordEncryptionEnabled() || auth.mutualPasswordEncryptionEnabled()) {
            return;
        }
        try {
            ChapRules.check(auth);
        } catch (ConfigException e) {
            throw ConfigException.invalid(field + "." + e.field(), e.getMessage());
        }
    }

    private void requireImages(GatewayConfig config) {
        if (config.disks().isEmpty()) {
            return;
        }
        Set<ImageId> wanted = new TreeSet<>((a, b) -> (a.pool() + "/" + a.image()).compareTo(b.pool() + "/"
                + b.image()));
        config.disks().values().forEach(disk -> wanted.add(new ImageId(disk.pool(), disk.image())));
        Set<ImageId> found = context.images().infos(wanted).keySet();
        for (ImageId image : wanted) {
            if (!found.contains(image)) {
                throw ConfigException.invalid("disks." + image.pool() + "/" + image.image(),
                        "Image " + image.pool() + "/" + image.image() + " does not exist");
            }
        }
    }

    /** Item-level difference, in tree order: disks, gateways, discovery auth, then each target's parts. */
    static List<String> diff(GatewayConfig current, GatewayConfig imported) {
        List<String> lines = new ArrayList<>();
        items(lines, "disk", "", current.disks(), imported.disks());
        items(lines, "gateway", "", current.gateways(), imported.gateways());
        if (!current.discoveryAuth().equals(imported.discoveryAuth())) {
            lines.add("~ discovery_auth");
        }
        Set<String> targets = new TreeSet<>(current.targets().keySet());
        targets.addAll(imported.targets().keySet());
        for (String iqn : targets) {
            TargetConfig before = current.targets().get(iqn);
            TargetConfig after = imported.targets().get(iqn);
            if (before == null || after == null) {
                lines.add((before == null ? "+ " : "- ") + "target " + iqn);
                continue;
            }
            String of = " of " + iqn;
            if (!before.controls().equals(after.controls())) {
                lines.add("~ target " + iqn + " controls");
            }
            if (!before.auth().equals(after.auth()) || before.aclEnabled() != after.aclEnabled()) {
                lines.add("~ target " + iqn + " auth");
            }
            items(lines, "portal", of, before.portals(), after.portals());
            items(lines, "lun", of, before.disks(), after.disks());
            items(lines, "client", of, before.clients(), after.clients());
            items(lines, "host group", of, before.groups(), after.groups());
        }
        return lines;
    }

    private static void items(List<String> lines, String kind, String suffix, Map<String, ?> before,
                              Map<String, ?> after) {
        Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            Object was = before.get(name);
            Object is = after.get(name);
            if (was == null) {
                lines.add("+ " + kind + " " + name + suffix);
            } else if (is == null) {
                lines.add("- " + kind + " " + name + suffix);
            } else if (!Objects.equals(stripStamps(was), stripStamps(is))) {
                lines.add("~ " + kind + " " + name + suffix);
            }
        }
    }

    /** Created/updated stamps alone are no change worth showing. */
    private static Object stripStamps(Object item) {
        if (item instanceof DiskConfig disk) {
            return new DiskConfig(disk.pool(), disk.image(), disk.poolId(), disk.wwn(), disk.backstore(),
                    disk.backstoreObjectName(), disk.allocatingHost(), disk.owner(), disk.controls(), "", "");
        }
        if (item instanceof io.cephiscsi.model.GatewayEntry gateway) {
            return gateway.activeLuns();
        }
        return item;
    }
}
