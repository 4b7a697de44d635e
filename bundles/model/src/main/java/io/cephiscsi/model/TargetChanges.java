package io.cephiscsi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Changes of one target and its target-level parts: controls, CHAP, ACL mode, portals, ip_list, LUNs. */
final class TargetChanges {

    private TargetChanges() {
    }

    /** A target edit: finds the target (404 when gone) and stamps its {@code updated}, as update_item does. */
    static ConfigChange edit(String description, String targetIqn, TargetEdit edit) {
        return new TreeChange(description + " " + targetIqn, (root, now) -> {
            ObjectNode target = ConfigTree.target(root, targetIqn);
            edit.apply(root, target);
            ConfigTree.stampUpdated(target, now);
        });
    }

    @FunctionalInterface
    interface TargetEdit {
        void apply(ObjectNode root, ObjectNode target);
    }

    /** Upstream's seed: empty disks, clients, portals, groups, controls; ACLs on; no CHAP; stamped created. */
    static ConfigChange createTarget(String targetIqn) {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        return new TreeChange("createTarget " + iqn, (root, now) -> {
            ObjectNode targets = ConfigTree.section(root, "targets");
            if (targets.has(iqn)) {
                throw ConfigException.conflict("target_iqn", "Target " + iqn + " is already defined");
            }
            ObjectNode t = targets.putObject(iqn);
            t.putObject("disks");
            t.putObject("clients");
            t.put("acl_enabled", true);
            ConfigTree.putChap(t.putObject("auth"), ChapCredentials.NONE);
            t.putObject("portals");
            t.putObject("groups");
            t.putObject("controls");
            ConfigTree.stampNew(t, now);
        });
    }

    static ConfigChange removeTarget(String targetIqn) {
        return new TreeChange("removeTarget " + targetIqn, (root, now) -> {
            ConfigTree.target(root, targetIqn);
            ConfigTree.section(root, "targets").remove(targetIqn);
        });
    }

    /**
     * Replaces the overrides. Values that differ from what is stored are checked and normalized; unchanged ones
     * (possibly controls of a newer version) are kept as they are.
     */
    static ConfigChange setControls(String targetIqn, Map<String, Object> controls) {
        return edit("setTargetControls", targetIqn, (root, target) ->
                replaceControls(target, ControlRules.Kind.TARGET, controls));
    }

    /**
     * Applies raw control changes to the controls of the fresh copy ({@link ControlRules#apply}), so two writers
     * changing different controls of one target both survive.
     */
    static ConfigChange updateControls(String targetIqn, Map<String, ?> raw,
                                       Function<SettingKey, Object> effective) {
        return edit("updateTargetControls", targetIqn, (root, target) ->
                replaceControls(target, ControlRules.Kind.TARGET, ControlRules.apply(ControlRules.Kind.TARGET,
                        ConfigTree.scalars(target, "controls"), raw, effective)));
    }

    static void replaceControls(ObjectNode item, ControlRules.Kind kind, Map<String, Object> controls) {
        Map<String, Object> before = ConfigTree.scalars(item, "controls");
        ObjectNode node = item.putObject("controls");
        controls.forEach((k, v) -> {
            Object value = Objects.equals(before.get(k), v) ? v : ControlRules.normalize(kind, k, v).orElse(null);
            if (value != null) {
                ConfigTree.putScalar(node, k, value);
            }
        });
    }

    static ConfigChange setAuth(String targetIqn, ChapCredentials auth) {
        return edit("setTargetAuth", targetIqn, (root, target) ->
                ConfigTree.putChap(ConfigTree.child(target, "auth"), ChapRules.check(auth)));
    }

    static ConfigChange setAclEnabled(String targetIqn, boolean enabled) {
        return edit("setAclEnabled", targetIqn, (root, target) -> target.put("acl_enabled", enabled));
    }

    /** A gateway's portal; the gateway must exist. Its IPs not yet in ip_list are appended (TPG order). */
    static ConfigChange putPortal(String targetIqn, String gateway, PortalConfig portal) {
        return edit("putPortal " + gateway, targetIqn, (root, target) -> {
            if (!ConfigTree.section(root, "gateways").has(gateway)) {
                throw ConfigException.missing("gateway_name", "Gateway " + gateway + " is not defined");
            }
            portal.portalIpAddresses().forEach(ip -> ConfigRules.ipAddress("ip_address", ip));
            JsonNode existing = ConfigTree.section(target, "portals").get(gateway);
            ObjectNode node = existing == null ? ConfigTree.section(target, "portals").putObject(gateway)
                    : (ObjectNode) existing;
            ConfigTree.putStrings(node, "portal_ip_addresses", portal.portalIpAddresses());
            ConfigTree.putStrings(node, "gateway_ip_list", portal.gatewayIpList());
            ConfigTree.putStrings(node, "inactive_portal_ips", portal.inactivePortalIps());
            node.put("tpgs", portal.tpgs());
            List<String> ipList = ConfigTree.strings(target, "ip_list");
            portal.portalIpAddresses().stream().filter(ip -> !ipList.contains(ip)).forEach(ipList::add);
            ConfigTree.putStrings(target, "ip_list", ipList);
        });
    }

    /** Removes a gateway's portal and its IPs from ip_list. */
    static ConfigChange removePortal(String targetIqn, String gateway) {
        return edit("removePortal " + gateway, targetIqn, (root, target) -> {
            JsonNode portal = ConfigTree.section(target, "portals").remove(gateway);
            if (portal == null) {
                throw ConfigException.missing("gateway_name",
                        "Gateway " + gateway + " has no portal in target " + targetIqn);
            }
            List<String> gone = ConfigTree.strings((ObjectNode) portal, "portal_ip_addresses");
            List<String> ipList = new ArrayList<>(ConfigTree.strings(target, "ip_list"));
            ipList.removeAll(gone);
            if (target.has("ip_list")) {
                ConfigTree.putStrings(target, "ip_list", ipList);
            }
        });
    }

    static ConfigChange setIpList(String targetIqn, List<String> ips) {
        return edit("setIpList", targetIqn, (root, target) -> {
            List<String> normalized = new ArrayList<>();
            ips.forEach(ip -> normalized.add(ConfigRules.ipAddress("ip_address", ip)));
            ConfigTree.putStrings(target, "ip_list", normalized);
        });
    }

    /** Maps a disk to the target with a LUN id unique in the target. */
    static ConfigChange putDisk(String targetIqn, String diskId, int lunId) {
        return edit("putTargetDisk " + diskId, targetIqn, (root, target) -> {
            if (!ConfigTree.section(root, "disks").has(diskId)) {
                throw ConfigException.missing("disk", "rbd " + diskId + " is not defined to the configuration");
            }
            ConfigRules.lunId("lun_id", lunId);
            ObjectNode disks = ConfigTree.section(target, "disks");
            disks.fields().forEachRemaining(e -> {
                if (!e.getKey().equals(diskId) && e.getValue().path("lun_id").asLong(-1) == lunId) {
                    throw ConfigException.conflict("lun_id", "lun_id " + lunId + " is already used by "
                            + e.getKey() + " in target " + targetIqn);
                }
            });
            JsonNode existing = disks.get(diskId);
            (existing == null ? disks.putObject(diskId) : (ObjectNode) existing).put("lun_id", lunId);
        });
    }

    static ConfigChange removeDisk(String targetIqn, String diskId) {
        return edit("removeTargetDisk " + diskId, targetIqn, (root, target) -> {
            if (!ConfigTree.section(target, "disks").has(diskId)) {
                throw ConfigException.missing("disk", diskId + " is not mapped to target " + targetIqn);
            }
            List<String> users = new ArrayList<>();
            for (String section : List.of("clients", "groups")) {
                ConfigTree.section(target, section).fields().forEachRemaining(e -> {
                    if (e.getValue().path(section.equals("clients") ? "luns" : "disks").has(diskId)) {
                        users.add(e.getKey());
                    }
                });
            }
            if (!users.isEmpty()) {
                throw ConfigException.conflict("disk", "Unable to unmap " + diskId + ". Allocated to: " + users);
            }
            ConfigTree.section(target, "disks").remove(diskId);
        });
    }
}
