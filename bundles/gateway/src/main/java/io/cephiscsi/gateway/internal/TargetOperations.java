package io.cephiscsi.gateway.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.TargetAuthAction;
import io.cephiscsi.model.ChapCipher;
import io.cephiscsi.model.ChapCredentials;
import io.cephiscsi.model.ChapRules;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.ConfigRules;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewayEntry;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.PortalConfig;
import io.cephiscsi.model.TargetConfig;

/**
 * Targets, their gateways (portals), target LUNs, target auth and discovery auth: the rules and the one commit each.
 *
 * <p>Every gateway builds its LIO from the shared configuration alone, so a change here is: check everything against
 * the newest configuration, then commit one transaction that holds every item the change touches (all portals of the
 * target, the LUN owners, the gateways' active LUN counts). The values are computed from the copy that was checked;
 * each transaction therefore starts with a guard that refuses it (409) when those items changed meanwhile, so no
 * other writer's change is silently undone.
 */
final class TargetOperations {

    private final AdminContext context;
    private final GatewayChecks checks;

    TargetOperations(AdminContext context) {
        this.context = context;
        this.checks = new GatewayChecks(context);
    }

    ChangeResult createTarget(String targetIqn, Map<String, ?> controls) {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        List<ConfigChange> changes = new ArrayList<>();
        changes.add(ConfigChange.createTarget(iqn));
        if (controls != null && !controls.isEmpty()) {
            // upstream drops controls given at creation; kept here, checked as a reconfigure would check them
            GatewaySettings settings = context.settings();
            changes.add(ConfigChange.updateTargetControls(iqn, controls, settings::get));
        }
        return commit("Target defined successfully", changes);
    }

    ChangeResult reconfigureTarget(String targetIqn, Map<String, ?> controls) {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        GatewayConfig config = context.config();
        if (!config.targets().containsKey(iqn)) {
            throw ConfigException.invalid("target_iqn", "Target: " + iqn + " is not defined.");
        }
        if (controls == null || controls.isEmpty()) {
            return new ChangeResult("Target reconfigured.", config.epoch(), List.of());
        }
        GatewaySettings settings = context.settings();
        return commit("Target reconfigured.",
                List.of(ConfigChange.updateTargetControls(iqn, controls, settings::get)));
    }

    ChangeResult deleteTarget(String targetIqn) {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        GatewayConfig config = context.config();
        TargetConfig target = AdminContext.target(config, iqn);
        requireNoClientsOrDisks(target);
        return commit("Target deleted.", deleteTargetChanges(config, iqn, target));
    }

    /** Upstream's rule before a target (or a gateway's part of it) is deleted. */
    private static void requireNoClientsOrDisks(TargetConfig target) {
        if (!target.clients().isEmpty() || !target.disks().isEmpty()) {
            throw ConfigException.invalid("target_iqn", "Clients(" + target.clients().size() + ") and disks("
                    + target.disks().size() + ") must be removed before the gateways");
        }
    }

    /** The target goes, and each of its gateways that serves no other target. */
    private static List<ConfigChange> deleteTargetChanges(GatewayConfig config, String iqn, TargetConfig target) {
        List<ConfigChange> changes = new ArrayList<>();
        changes.add(targetUnchanged(iqn, target));
        changes.add(ConfigChange.removeTarget(iqn));
        for (String gateway : target.portals().keySet()) {
            if (!servesOtherTarget(config, gateway, iqn)) {
                changes.add(ConfigChange.removeGateway(gateway));
            }
        }
        return changes;
    }

    /**
     * Upstream's {@code _target} DELETE (its "clearconfig"): a ceph-iscsi gateway deleting a target calls every
     * gateway of it in portal order, and each removes its own portal and IPs and commits that itself; the last one
     * removes the target, and a gateway left serving no target removes its own entry. Refused, as there, while the
     * target has disks or clients. A gateway no longer in the target has nothing to do.
     */
    ChangeResult clearTarget(String targetIqn) throws InterruptedException {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        GatewayConfig config = context.config();
        TargetConfig target = AdminContext.target(config, iqn);
        requireNoClientsOrDisks(target);
        String self = context.hostname();
        String message = "Gateway removed successfully"; // upstream's words
        if (!target.portals().containsKey(self)) {
            return new ChangeResult(message, config.epoch(), List.of());
        }
        // the last portal takes the target with it; otherwise this gateway leaves it as a removed gateway does
        List<ConfigChange> changes = target.portals().size() == 1 ? deleteTargetChanges(config, iqn, target)
                : removeGatewayChanges(config, iqn, target, self, true);
        return context.committer().commitForCephIscsi(message, ConfigTransaction.of(changes));
    }

    ChangeResult addGateway(String targetIqn, String gatewayName, List<String> ipAddresses, boolean skipChecks) {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        String name = gatewayName(gatewayName);
        if (ipAddresses == null || ipAddresses.isEmpty()) {
            throw ConfigException.invalid("ip_address", "ip_address is required");
        }
        LinkedHashSet<String> ips = new LinkedHashSet<>();
        for (String ip : ipAddresses) {
            String normalized = ConfigRules.ipAddress("ip_address", ip);
            if (!ips.add(normalized)) {
                throw ConfigException.invalid("ip_address", "IP address " + normalized + " is given twice");
            }
        }
        GatewayConfig config = context.config();
        TargetConfig target = AdminContext.target(config, iqn);
        if (target.portals().containsKey(name)) {
            // upstream's route answers this before any check, skipchecks or not
            throw ConfigException.invalid("gateway_name", "Gateway already exists in configuration");
        }
        for (String ip : ips) {
            // checked even with skipChecks: two TPGs for one IP would break every gateway's TPG numbering
            if (target.ipList().contains(ip)) {
                throw ConfigException.invalid("ip_address", "IP address already defined to the configuration");
            }
        }
        if (!skipChecks) {
            checks.check(name, List.copyOf(ips));
        }

        return commit("Gateway creation successful", addGatewayChanges(config, iqn, target, name, List.copyOf(ips)));
    }

    /**
     * This gateway's part of being added to a target through a ceph-iscsi gateway (upstream's {@code _gateway} PUT
     * naming it, which upstream calls first): it defines itself in the configuration as {@link #addGateway} would,
     * its IPs being those of {@code gatewayIpList} (the target's IPs, then the new gateway's) not yet in the
     * target; committed even while ceph-iscsi gateways run. Already in the target: nothing to do.
     */
    ChangeResult joinTarget(String targetIqn, List<String> gatewayIpList) throws InterruptedException {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        String self = context.hostname();
        String message = "Gateway defined/mapped"; // upstream's words
        GatewayConfig config = context.config();
        TargetConfig target = AdminContext.target(config, iqn);
        if (target.portals().containsKey(self)) {
            return new ChangeResult(message, config.epoch(), List.of());
        }
        List<String> given = new ArrayList<>();
        for (String ip : gatewayIpList == null ? List.<String>of() : gatewayIpList) {
            given.add(ConfigRules.ipAddress("gateway_ip_list", ip.strip()));
        }
        List<String> own = new ArrayList<>(given);
        own.removeAll(target.ipList());
        List<String> expected = new ArrayList<>(target.ipList());
        expected.addAll(own);
        if (own.isEmpty() || !given.equals(expected) || new LinkedHashSet<>(given).size() != given.size()) {
            throw ConfigException.invalid("gateway_ip_list", "gateway_ip_list must be the target's IPs "
                    + target.ipList() + " followed by this gateway's own, each once; got " + given);
        }
        List<String> local = checks.localAddresses();
        for (String ip : own) {
            if (!local.contains(ip)) {
                throw ConfigException.invalid("gateway_ip_list", "IP address " + ip + " is not on " + self
                        + " (its addresses: " + String.join(", ", local) + ")");
            }
        }
        return context.committer().commitForCephIscsi(message,
                ConfigTransaction.of(addGatewayChanges(config, iqn, target, self, own)));
    }

    /** A gateway with {@code ips} (not in the target) added: TPG n is ip_list[n] on every gateway. */
    private static List<ConfigChange> addGatewayChanges(GatewayConfig config, String iqn, TargetConfig target,
                                                        String name, List<String> ips) {
        // the new IPs go last, and every portal learns the new list
        List<String> ipList = new ArrayList<>(target.ipList());
        ipList.addAll(ips);
        List<ConfigChange> changes = new ArrayList<>();
        changes.add(targetUnchanged(iqn, target));
        changes.add(gatewaysUnchanged(config)); // a new entry must not reset counts another request just set
        if (!config.gateways().containsKey(name)) {
            changes.add(ConfigChange.putGateway(name, 0));
        }
        target.portals().forEach((gateway, portal) -> changes.add(
                ConfigChange.putPortal(iqn, gateway, portal(portal.portalIpAddresses(), ipList))));
        changes.add(ConfigChange.putPortal(iqn, name, portal(ips, ipList)));
        changes.add(ConfigChange.setIpList(iqn, ipList));
        return changes;
    }

    ChangeResult removeGateway(String targetIqn, String gatewayName, boolean force) {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        String name = gatewayName(gatewayName);
        GatewayConfig config = context.config();
        TargetConfig target = AdminContext.target(config, iqn);
        if (!target.portals().containsKey(name)) {
            throw ConfigException.missing("gateway_name", "Gateway does not exist in configuration");
        }
        return commit("Gateway deletion successful", removeGatewayChanges(config, iqn, target, name, force));
    }

    /**
     * This gateway's part of being removed from a target through a ceph-iscsi gateway (upstream's {@code _gateway}
     * DELETE naming it, called first): it removes itself as {@link #removeGateway} would with {@code force} (its LUNs
     * move to the others; with the last gateway the target is emptied), committed even while ceph-iscsi gateways
     * run. Not in the target: nothing to do.
     */
    ChangeResult leaveTarget(String targetIqn) throws InterruptedException {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        String self = context.hostname();
        GatewayConfig config = context.config();
        TargetConfig target = AdminContext.target(config, iqn);
        String message = "Gateway deleted."; // upstream's words
        if (!target.portals().containsKey(self)) {
            return new ChangeResult(message, config.epoch(), List.of());
        }
        return context.committer().commitForCephIscsi(message,
                ConfigTransaction.of(removeGatewayChanges(config, iqn, target, self, true)));
    }

    private List<ConfigChange> removeGatewayChanges(GatewayConfig config, String iqn, TargetConfig target,
                                                    String name, boolean force) {
        PortalConfig removed = target.portals().get(name);
        List<String> remaining = new ArrayList<>(target.portals().keySet());
        remaining.remove(name);
        boolean keepsEntry = servesOtherTarget(config, name, iqn);
        Map<String, Long> activeLuns = activeLuns(config);
        Map<String, Long> countsBefore = new TreeMap<>(activeLuns);

        List<ConfigChange> changes = new ArrayList<>();
        changes.add(targetUnchanged(iqn, target));
        changes.add(gatewaysUnchanged(config));
        changes.add(disksUnchanged(config, target.disks().keySet()));
        changes.add(ConfigChange.removePortal(iqn, name));
        if (remaining.isEmpty()) {
            // upstream empties the target with its last gateway (nothing can serve it); gwcli asks for confirm=true
            // first, which it sends as force
            if (!force && (!target.disks().isEmpty() || !target.clients().isEmpty() || !target.groups().isEmpty())) {
                throw ConfigException.invalid("gateway_name",
                        "Deleting the last gateway will remove all objects on this target. Use confirm=true");
            }
            target.groups().keySet().forEach(group -> changes.add(ConfigChange.removeGroup(iqn, group)));
            target.clients().keySet().forEach(client -> changes.add(ConfigChange.removeClient(iqn, client)));
            for (String diskId : target.disks().keySet()) {
                changes.add(ConfigChange.removeTargetDisk(iqn, diskId));
                DiskConfig disk = config.disks().get(diskId);
                if (disk != null && !disk.owner().isEmpty()) {
                    activeLuns.computeIfPresent(disk.owner(), (gateway, count) -> Math.max(0, count - 1));
                    changes.add(ConfigChange.putDisk(disk.withOwner("")));
                }
            }
            if (!target.controls().isEmpty()) {
                changes.add(ConfigChange.setTargetControls(iqn, Map.of()));
            }
        } else {
            List<String> ipList = new ArrayList<>(target.ipList());
            ipList.removeAll(removed.portalIpAddresses());
            for (String gateway : remaining) {
                changes.add(ConfigChange.putPortal(iqn, gateway,
                        portal(target.portals().get(gateway).portalIpAddresses(), ipList)));
            }
            // the LUNs it owned move, one by one, to the least loaded gateway left (upstream's reassign_owners)
            for (String diskId : target.disks().keySet()) {
                DiskConfig disk = config.disks().get(diskId);
                if (disk != null && disk.owner().equals(name)) {
                    String owner = leastLoaded(remaining, activeLuns);
                    activeLuns.merge(owner, 1L, Long::sum);
                    activeLuns.computeIfPresent(name, (gateway, count) -> Math.max(0, count - 1));
                    changes.add(ConfigChange.putDisk(disk.withOwner(owner)));
                }
            }
        }
        if (!keepsEntry) {
            changes.add(ConfigChange.removeGateway(name));
            activeLuns.remove(name);
        }
        activeLuns.forEach((gateway, count) -> {
            if (!count.equals(countsBefore.get(gateway))) {
                changes.add(ConfigChange.putGateway(gateway, count));
            }
        });
        return changes;
    }

    ChangeResult addTargetLun(String targetIqn, String diskId, Optional<Integer> lunId) {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        GatewayConfig config = context.config();
        TargetConfig target = AdminContext.target(config, iqn);
        int minimum = context.settings().minimumGateways();
        if (target.portals().size() < minimum) {
            throw ConfigException.invalid("target_iqn", "at least " + minimum
                    + " gateways must exist before disk mapping operations are permitted");
        }
        String id = ConfigRules.diskId("disk", diskId);
        DiskConfig disk = config.disks().get(id);
        if (disk == null) {
            throw ConfigException.invalid("disk", "Disk " + id + " is not defined in the configuration");
        }
        for (Map.Entry<String, TargetConfig> other : config.targets().entrySet()) {
            if (other.getValue().disks().containsKey(id)) {
                throw ConfigException.invalid("disk", "Disk " + id
                        + " cannot be used because it is already mapped on target " + other.getKey());
            }
        }
        if (!context.images().exists(disk.pool(), disk.image())) {
            throw ConfigException.invalid("disk", "Image " + id + " not found");
        }
        int lun;
        if (lunId != null && lunId.isPresent()) {
            lun = lunId.get();
            if (target.disks().containsValue(lun)) {
                throw ConfigException.invalid("lun_id", "Lun id " + lun + " already in use");
            }
        } else {
            lun = 0;
            while (target.disks().containsValue(lun)) {
                lun++;
            }
        }
        Map<String, Long> activeLuns = activeLuns(config);
        String owner = leastLoaded(target.portals().keySet(), activeLuns);
        return commit("Target LUN mapping updated successfully", List.of(
                targetUnchanged(iqn, target),
                gatewaysUnchanged(config),
                disksUnchanged(config, List.of(id)),
                ConfigChange.putDisk(disk.withOwner(owner)),
                ConfigChange.putTargetDisk(iqn, id, lun),
                ConfigChange.putGateway(owner, activeLuns.getOrDefault(owner, 0L) + 1)));
    }

    ChangeResult removeTargetLun(String targetIqn, String diskId) {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        GatewayConfig config = context.config();
        TargetConfig target = AdminContext.target(config, iqn);
        String id = ConfigRules.diskId("disk", diskId);
        DiskConfig disk = config.disks().get(id);
        if (disk == null) {
            throw ConfigException.invalid("disk", "Disk " + id + " is not defined in the configuration");
        }
        if (!target.disks().containsKey(id)) {
            throw ConfigException.invalid("disk", "Disk " + id + " is not defined in target " + iqn);
        }
        target.groups().forEach((groupName, group) -> {
            if (group.disks().containsKey(id)) {
                throw ConfigException.invalid("disk", "Disk " + id + " belongs to group " + groupName);
            }
        });
        target.clients().forEach((clientIqn, client) -> {
            if (client.luns().containsKey(id)) {
                throw ConfigException.invalid("disk", "Unable to delete " + id + " - allocated to " + clientIqn);
            }
        });
        List<ConfigChange> changes = new ArrayList<>();
        changes.add(targetUnchanged(iqn, target));
        changes.add(gatewaysUnchanged(config));
        changes.add(disksUnchanged(config, List.of(id)));
        changes.add(ConfigChange.removeTargetDisk(iqn, id));
        changes.add(ConfigChange.putDisk(disk.withOwner("")));
        GatewayEntry owner = config.gateways().get(disk.owner());
        if (owner != null && owner.activeLuns() > 0) {
            changes.add(ConfigChange.putGateway(disk.owner(), owner.activeLuns() - 1));
        }
        return commit("Target LUN mapping updated successfully", changes);
    }

    ChangeResult setDiscoveryAuth(String username, String password, String mutualUsername, String mutualPassword) {
        ChapCredentials auth = ChapCredentials.of(nz(username), nz(password), nz(mutualUsername),
                nz(mutualPassword));
        ChapRules.check(auth);
        // stored encrypted when this gateway has the key pair, as upstream
        return commit("discovery auth successful", List.of(ConfigChange.setDiscoveryAuth(
                ChapCipher.of(context.settings()).encrypt(auth))));
    }

    ChangeResult setTargetAuth(String targetIqn, TargetAuthAction action, String username, String password,
                               String mutualUsername, String mutualPassword) {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        TargetAuthAction what = action == null ? TargetAuthAction.NONE : action;
        GatewayConfig config = context.config();
        TargetConfig target = AdminContext.target(config, iqn);
        if (what == TargetAuthAction.DISABLE_ACL && !target.clients().isEmpty()) {
            throw ConfigException.invalid("action", "Cannot disable ACL authentication because target has clients");
        }
        // LIO authenticates per TPG: target CHAP and per-initiator ACLs exclude each other
        if (what == TargetAuthAction.ENABLE_ACL && !target.auth().username().isEmpty()
                && !target.auth().password().isEmpty()) {
            throw ConfigException.invalid("action",
                    "Cannot enable ACL authentication because target CHAP authentication is enabled");
        }
        ChapCredentials auth = ChapCredentials.of(nz(username), nz(password), nz(mutualUsername),
                nz(mutualPassword));
        if (!auth.username().isEmpty() && !auth.password().isEmpty() && target.aclEnabled()) {
            throw ConfigException.invalid("username",
                    "Cannot enable target CHAP authentication because ACL authentication is enabled");
        }
        ChapRules.check(auth);
        ConfigChange change = switch (what) {
            case DISABLE_ACL -> ConfigChange.setAclEnabled(iqn, false);
            case ENABLE_ACL -> ConfigChange.setAclEnabled(iqn, true);
            // an empty username clears every field, as upstream stores it
            case NONE -> ConfigChange.setTargetAuth(iqn,
                    ChapCipher.of(context.settings()).encrypt(auth.enabled() ? auth : ChapCredentials.NONE));
        };
        // upstream formats the missing action as Python's None
        String shown = what == TargetAuthAction.NONE ? "None" : what.wireName();
        return commit("target auth " + shown + " - successful", List.of(targetUnchanged(iqn, target), change));
    }

    // ----- helpers

    private ChangeResult commit(String message, List<ConfigChange> changes) {
        return context.committer().commit(message, ConfigTransaction.of(changes));
    }

    private static final java.util.regex.Pattern HOST_NAME = java.util.regex.Pattern.compile(
            "[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*");

    private static String gatewayName(String gatewayName) {
        String name = gatewayName == null ? "" : gatewayName.strip();
        if (name.isEmpty()) {
            throw ConfigException.invalid("gateway_name", "gateway_name is required");
        }
        // a host name (RFC 1123 labels; '_' tolerated as some hosts have it): the name is resolved, compared with
        // the peer's hostname and written into the shared configuration
        if (name.length() > 253 || !HOST_NAME.matcher(name).matches()) {
            String shown = name.replaceAll("\\p{Cntrl}", "?");
            throw ConfigException.invalid("gateway_name", "gateway_name '" + (shown.length() > 64
                    ? shown.substring(0, 64) + "..." : shown) + "' is not a valid host name (labels of letters, "
                    + "digits and '-', separated by '.', at most 253 characters)");
        }
        return name;
    }

    /** Upstream's portal entry: the gateway's IPs, all IPs (= TPG order), the others' IPs, one TPG per IP. */
    private static PortalConfig portal(List<String> own, List<String> ipList) {
        List<String> inactive = new ArrayList<>(ipList);
        inactive.removeAll(own);
        return new PortalConfig(own, ipList, inactive, ipList.size());
    }

    private static boolean servesOtherTarget(GatewayConfig config, String gateway, String iqn) {
        return config.targets().entrySet().stream()
                .anyMatch(t -> !t.getKey().equals(iqn) && t.getValue().portals().containsKey(gateway));
    }

    private static Map<String, Long> activeLuns(GatewayConfig config) {
        Map<String, Long> counts = new TreeMap<>();
        config.gateways().forEach((name, entry) -> counts.put(name, entry.activeLuns()));
        return counts;
    }

    /**
     * Upstream's LUN.get_owner: the gateway with the fewest active LUNs; on a tie the first by name, since upstream
     * reads the portals from JSON written with sorted keys and its sort is stable.
     */
    private static String leastLoaded(Collection<String> gateways, Map<String, Long> activeLuns) {
        String best = null;
        long fewest = Long.MAX_VALUE;
        for (String gateway : new TreeSet<>(gateways)) {
            long count = activeLuns.getOrDefault(gateway, 0L);
            if (count < fewest) {
                best = gateway;
                fewest = count;
            }
        }
        return best;
    }

    // ----- guards: the transaction's values were computed from the copy checked above

    private static ConfigChange targetUnchanged(String iqn, TargetConfig seen) {
        return guard("target_iqn", "Target " + iqn,
                current -> Objects.equals(current.targets().get(iqn), seen));
    }

    private static ConfigChange gatewaysUnchanged(GatewayConfig seen) {
        Map<String, Long> counts = activeLuns(seen);
        return guard("gateway_name", "The gateways' LUN counts", current -> activeLuns(current).equals(counts));
    }

    private static ConfigChange disksUnchanged(GatewayConfig seen, Collection<String> diskIds) {
        Map<String, DiskConfig> disks = new TreeMap<>();
        diskIds.forEach(id -> disks.put(id, seen.disks().get(id)));
        return guard("disk", "Disk " + String.join(",", diskIds), current -> {
            for (Map.Entry<String, DiskConfig> disk : disks.entrySet()) {
                if (!Objects.equals(current.disks().get(disk.getKey()), disk.getValue())) {
                    return false;
                }
            }
            return true;
        });
    }

    private static ConfigChange guard(String field, String what, Predicate<GatewayConfig> unchanged) {
        return current -> {
            if (!unchanged.test(current)) {
                throw ConfigException.conflict(field, what + " was changed by another request meanwhile;"
                        + " nothing was changed, retry");
            }
            return current;
        };
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
