package io.cephiscsi.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * 3→4: the single-target layout becomes {@code targets}. Up to v3 {@code gateways} held the one target's IQN and
 * {@code ip_list} beside one object per gateway that mixed gateway and portal data, and clients, groups and
 * controls were top-level. Now each gateway keeps only active_luns and its stamps, its portal data moves to
 * {@code targets[iqn].portals}, clients/groups/controls move into the target (clients and groups lose their
 * stamps, client CHAP gains an empty {@code chap_mutual}), the target's disks are the list of all disk ids, and
 * an empty discovery CHAP is added. Without an IQN there was no target: the gateways are dropped as upstream does.
 */
final class SingleTargetMigration {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String now;

    SingleTargetMigration(String now) {
        this.now = now;
    }

    void apply(ObjectNode root) {
        ObjectNode gateways = Migrations.object(root, "gateways", "");
        JsonNode iqn = gateways.get("iqn");
        ObjectNode targets = root.putObject("targets");
        ObjectNode discovery = root.putObject("discovery_auth");
        discovery.put("chap", "");
        discovery.put("chap_mutual", "");
        ObjectNode newGateways = NODES.objectNode();
        if (iqn != null && iqn.isTextual() && !iqn.textValue().isEmpty()) {
            ObjectNode portals = NODES.objectNode();
            for (Map.Entry<String, JsonNode> e : Json.entries(gateways).entrySet()) {
                if (!e.getValue().isObject()) {
                    continue; // "iqn", "ip_list", "created" live beside the gateways in v3
                }
                String gPath = JsonPaths.item("gateways", e.getKey());
                ObjectNode portal = (ObjectNode) e.getValue();
                portal.remove("iqn");
                ObjectNode gateway = newGateways.putObject(e.getKey());
                gateway.set("active_luns", Migrations.require(portal, "active_luns", gPath));
                portal.remove("active_luns");
                moveIfTruthy(portal, gateway, "created");
                moveIfTruthy(portal, gateway, "updated");
                portals.set(e.getKey(), portal);
            }
            for (Map.Entry<String, ObjectNode> c : Migrations.entries(root, "clients", "").entrySet()) {
                c.getValue().remove("created");
                c.getValue().remove("updated");
                Migrations.object(c.getValue(), "auth", JsonPaths.item("clients", c.getKey())).put("chap_mutual", "");
            }
            for (ObjectNode group : Migrations.items(root, "groups", "")) {
                group.remove("created");
                group.remove("updated");
            }
            ObjectNode target = targets.putObject(iqn.textValue());
            ArrayNode disks = target.putArray("disks");
            Migrations.object(root, "disks", "").fieldNames().forEachRemaining(disks::add);
            target.set("clients", Migrations.object(root, "clients", ""));
            target.set("portals", portals);
            target.set("groups", Migrations.object(root, "groups", ""));
            target.set("controls", root.has("controls") ? root.get("controls") : NODES.objectNode());
            target.set("ip_list", Migrations.require(gateways, "ip_list", "gateways"));
            target.put("created", now);
            target.put("updated", now);
        }
        root.set("gateways", newGateways);
        root.remove("controls");
        root.remove("clients");
        root.remove("groups");
    }

    private static void moveIfTruthy(ObjectNode from, ObjectNode to, String name) {
        JsonNode v = from.remove(name);
        if (v != null && !(v.isTextual() && v.textValue().isEmpty()) && !v.isNull()) {
            to.set(name, v);
        }
    }
}
