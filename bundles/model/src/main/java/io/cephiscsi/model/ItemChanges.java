package io.cephiscsi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Changes of top-level items: disks, gateways, discovery CHAP. */
final class ItemChanges {

    private ItemChanges() {
    }

    static ConfigChange putDisk(DiskConfig disk) {
        return new TreeChange("putDisk " + disk.id(), (root, now) -> {
            ObjectNode disks = ConfigTree.section(root, "disks");
            JsonNode existing = disks.get(disk.id());
            ObjectNode node;
            if (existing == null) {
                ConfigRules.poolName("pool", disk.pool());
                ConfigRules.imageName("image", disk.image());
                node = disks.putObject(disk.id());
                ConfigTree.stampNew(node, now);
            } else {
                node = (ObjectNode) existing;
            }
            node.put("pool", disk.pool());
            node.put("image", disk.image());
            if (disk.poolId() >= 0) {
                node.put("pool_id", disk.poolId());
            }
            putText(node, "wwn", disk.wwn());
            putText(node, "backstore", disk.backstore());
            putText(node, "backstore_object_name", disk.backstoreObjectName());
            putText(node, "allocating_host", disk.allocatingHost());
            if (disk.owner().isEmpty()) {
                node.remove("owner"); // upstream drops the owner when the disk leaves its last target
            } else {
                node.put("owner", disk.owner());
            }
            TargetChanges.replaceControls(node, ControlRules.Kind.DISK, disk.controls());
            ConfigTree.stampUpdated(node, now);
        });
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (!value.isEmpty()) {
            node.put(field, value);
        }
    }

    /** Raw disk control changes applied to the fresh copy's overrides, stamping the disk. */
    static ConfigChange updateDiskControls(String diskId, Map<String, ?> raw,
                                           Function<SettingKey, Object> effective) {
        return new TreeChange("updateDiskControls " + diskId, (root, now) -> {
            JsonNode disk = ConfigTree.section(root, "disks").get(diskId);
            if (disk == null) {
                throw ConfigException.missing("disk", "rbd " + diskId + " is not defined to the configuration");
            }
            ObjectNode node = (ObjectNode) disk;
            TargetChanges.replaceControls(node, ControlRules.Kind.DISK, ControlRules.apply(ControlRules.Kind.DISK,
                    ConfigTree.scalars(node, "controls"), raw, effective));
            ConfigTree.stampUpdated(node, now);
        });
    }

    static ConfigChange removeDisk(String diskId) {
        return new TreeChange("removeDisk " + diskId, (root, now) -> {
            ObjectNode disks = ConfigTree.section(root, "disks");
            if (!disks.has(diskId)) {
                throw ConfigException.missing("disk", "rbd " + diskId + " is not defined to the configuration");
            }
            List<String> clients = new ArrayList<>();
            List<String> targets = new ArrayList<>();
            ConfigTree.section(root, "targets").fields().forEachRemaining(t -> {
                ObjectNode target = (ObjectNode) t.getValue();
                if (ConfigTree.section(target, "disks").has(diskId)) {
                    targets.add(t.getKey());
                }
                ConfigTree.section(target, "clients").fields().forEachRemaining(c -> {
                    if (ConfigTree.section((ObjectNode) c.getValue(), "luns").has(diskId)) {
                        clients.add(c.getKey());
                    }
                });
            });
            if (!clients.isEmpty()) {
                throw ConfigException.conflict("disk", "Unable to delete " + diskId + ". Allocated to: " + clients);
            }
            if (!targets.isEmpty()) {
                throw ConfigException.conflict("disk", "Unable to delete " + diskId + ". Mapped to: " + targets);
            }
            disks.remove(diskId);
        });
    }

    static ConfigChange putGateway(String name, long activeLuns) {
        return new TreeChange("putGateway " + name, (root, now) -> {
            if (name == null || name.isBlank()) {
                throw ConfigException.invalid("gateway_name", "gateway_name must not be empty");
            }
            ObjectNode gateways = ConfigTree.section(root, "gateways");
            JsonNode existing = gateways.get(name);
            ObjectNode node = existing == null ? gateways.putObject(name) : (ObjectNode) existing;
            if (existing == null) {
                ConfigTree.stampNew(node, now);
            }
            node.put("active_luns", activeLuns);
            ConfigTree.stampUpdated(node, now);
        });
    }

    static ConfigChange removeGateway(String name) {
        return new TreeChange("removeGateway " + name, (root, now) -> {
            ObjectNode gateways = ConfigTree.section(root, "gateways");
            if (!gateways.has(name)) {
                throw ConfigException.missing("gateway_name", "Gateway " + name + " is not defined");
            }
            List<String> targets = new ArrayList<>();
            ConfigTree.section(root, "targets").fields().forEachRemaining(t -> {
                if (ConfigTree.section((ObjectNode) t.getValue(), "portals").has(name)) {
                    targets.add(t.getKey());
                }
            });
            if (!targets.isEmpty()) {
                throw ConfigException.conflict("gateway_name",
                        "Gateway " + name + " still has portals in targets " + targets);
            }
            gateways.remove(name);
        });
    }

    /** Upstream replaces the discovery section without stamping it. */
    static ConfigChange setDiscoveryAuth(ChapCredentials auth) {
        return new TreeChange("setDiscoveryAuth", (root, now) -> {
            ChapRules.check(auth);
            ConfigTree.putChap(ConfigTree.section(root, "discovery_auth"), auth);
        });
    }

    static Map<String, Integer> checkLuns(Map<String, Integer> luns) {
        luns.forEach((disk, lun) -> ConfigRules.lunId("lun_id", lun));
        return luns;
    }
}
