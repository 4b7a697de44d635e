package io.cephiscsi.gateway.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.cephiscsi.gateway.TreeNode;
import io.cephiscsi.gateway.TreeNode.Health;
import io.cephiscsi.model.ChapCredentials;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GroupConfig;
import io.cephiscsi.model.PortalConfig;
import io.cephiscsi.model.TargetConfig;
import io.cephiscsi.rbd.ClusterInfo;
import io.cephiscsi.rbd.DiskSize;
import io.cephiscsi.rbd.ImageId;
import io.cephiscsi.rbd.ImageService;
import io.cephiscsi.rbd.PoolInfo;

/**
 * Builds gwcli's tree with upstream's summaries in one pass: the configuration, one bulk
 * {@link ImageService#sizes} call for every size, and one call per cluster fact. No call per node.
 */
final class TreeBuilder {

    private final GatewayConfig config;
    private final String clusterName;
    private final ImageService images;
    private final ClusterInfo cluster;
    private final Set<String> loggedIn;
    private final Map<String, PeerLiveness.State> liveness;
    private final Map<String, DeviceStatus> deviceStatus;

    /**
     * @param images     null when the image service is not available: every disk then shows {@code NOT FOUND}
     * @param cluster    null when the cluster facts are not available
     * @param loggedIn   {@code target iqn + " " + client iqn} of the clients with a session on this gateway
     * @param liveness   the gateways' states by name; a gateway missing here is {@code UNKNOWN}
     * @param deviceStatus the disks' status by disk id; a disk missing here is {@code Unknown}
     */
    TreeBuilder(GatewayConfig config, String clusterName, ImageService images, ClusterInfo cluster,
                Set<String> loggedIn, Map<String, PeerLiveness.State> liveness,
                Map<String, DeviceStatus> deviceStatus) {
        this.config = config;
        this.clusterName = clusterName;
        this.images = images;
        this.cluster = cluster;
        this.loggedIn = loggedIn;
        this.liveness = liveness;
        this.deviceStatus = deviceStatus;
    }

    TreeNode build() {
        Map<String, Long> sizes = sizes();
        return new TreeNode("/", "", Health.NEUTRAL,
                List.of(cluster(sizes), disks(sizes), targets(sizes)));
    }

    /** Bytes by disk id; a disk whose image does not exist (or cannot be read) is missing. */
    private Map<String, Long> sizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        if (images == null || config.disks().isEmpty()) {
            return sizes;
        }
        List<ImageId> ids = new ArrayList<>();
        for (DiskConfig disk : config.disks().values()) {
            ids.add(new ImageId(disk.pool(), disk.image()));
        }
        try {
            images.sizes(ids).forEach((id, bytes) -> sizes.put(id.toString(), bytes));
        } catch (RuntimeException e) {
            // the cluster cannot say: every disk shows as not found, the rest of the tree still answers
        }
        return sizes;
    }

    private TreeNode cluster(Map<String, Long> sizes) {
        if (cluster == null) {
            return new TreeNode("cluster", "Clusters: 1", Health.NEUTRAL,
                    List.of(TreeNode.leaf(clusterName, "UNAVAILABLE", Health.ERROR)));
        }
        String name = clusterName;
        try {
            name = cluster.name();
            String status = cluster.health().status();
            Health health = switch (status) {
                case "HEALTH_OK" -> Health.OK;
                case "HEALTH_ERR" -> Health.ERROR;
                default -> Health.NEUTRAL;
            };
            Map<String, Long> committed = new TreeMap<>();
            for (DiskConfig disk : config.disks().values()) {
                committed.merge(disk.pool(), sizes.getOrDefault(disk.id(), 0L), Long::sum);
            }
            List<TreeNode> pools = new ArrayList<>();
            for (PoolInfo pool : cluster.pools(committed)) {
                pools.add(TreeNode.leaf(pool.name(), pool.summary(), Health.OK));
            }
            TreeNode poolsNode = new TreeNode("pools", "Pools: " + pools.size(), Health.OK, pools);
            TreeNode topology = TreeNode.leaf("topology", cluster.topology().summary(), Health.OK);
            return new TreeNode("cluster", "Clusters: 1", Health.NEUTRAL,
                    List.of(new TreeNode(name, status, health, List.of(poolsNode, topology))));
        } catch (RuntimeException e) {
            return new TreeNode("cluster", "Clusters: 1", Health.NEUTRAL,
                    List.of(TreeNode.leaf(name, "UNAVAILABLE", Health.ERROR)));
        }
    }

    private TreeNode disks(Map<String, Long> sizes) {
        Map<String, List<DiskConfig>> byPool = new TreeMap<>();
        for (DiskConfig disk : config.disks().values()) {
            byPool.computeIfAbsent(disk.pool(), p -> new ArrayList<>()).add(disk);
        }
        long total = 0;
        List<TreeNode> pools = new ArrayList<>();
        for (Map.Entry<String, List<DiskConfig>> pool : byPool.entrySet()) {
            long poolTotal = 0;
            List<TreeNode> disks = new ArrayList<>();
            for (DiskConfig disk : pool.getValue()) {
                Long size = sizes.get(disk.id());
                if (size == null) {
                    disks.add(TreeNode.leaf(disk.image(), "NOT FOUND", Health.ERROR));
                } else {
                    poolTotal += size;
                    // upstream's: green only when Online
                    DeviceStatus status = deviceStatus.get(disk.id());
                    String state = status == null ? DeviceStatus.UNKNOWN : status.state();
                    disks.add(TreeNode.leaf(disk.image(), disk.id() + " (" + state + ", " + DiskSize.human(size) + ")",
                            state.equals(DeviceStatus.ONLINE) ? Health.OK : Health.ERROR));
                }
            }
            total += poolTotal;
            pools.add(new TreeNode(pool.getKey(), pool.getKey() + " (" + DiskSize.human(poolTotal) + ")",
                    Health.NEUTRAL, disks));
        }
        return new TreeNode("disks", DiskSize.human(total) + ", Disks: " + config.disks().size(), Health.NEUTRAL,
                pools);
    }

    private TreeNode targets(Map<String, Long> sizes) {
        List<TreeNode> targets = new ArrayList<>();
        for (Map.Entry<String, TargetConfig> target : config.targets().entrySet()) {
            targets.add(target(target.getKey(), target.getValue(), sizes));
        }
        Optional<String> discovery = authText(config.discoveryAuth(), true);
        return new TreeNode("iscsi-targets", "DiscoveryAuth: " + discovery.orElse("None") + ", Targets: "
                + targets.size(), Health.NEUTRAL, targets);
    }

    private TreeNode target(String iqn, TargetConfig target, Map<String, Long> sizes) {
        Optional<String> auth = authText(target.auth(), false);
        List<TreeNode> children = List.of(targetDisks(target), gateways(target), groups(target),
                hosts(iqn, target, sizes));
        return new TreeNode(iqn, "Auth: " + auth.orElse("None") + ", Gateways: " + target.portals().size(),
                auth.isPresent() ? Health.OK : Health.NEUTRAL, children);
    }

    private TreeNode targetDisks(TargetConfig target) {
        List<TreeNode> disks = new ArrayList<>();
        for (Map.Entry<String, Integer> disk : target.disks().entrySet()) {
            disks.add(TreeNode.leaf(disk.getKey(), "Owner: " + owner(disk.getKey()) + ", Lun: " + disk.getValue(),
                    Health.OK));
        }
        return new TreeNode("disks", "Disks: " + disks.size(), Health.NEUTRAL, disks);
    }

    private TreeNode gateways(TargetConfig target) {
        List<TreeNode> gateways = new ArrayList<>();
        int up = 0;
        for (Map.Entry<String, PortalConfig> portal : target.portals().entrySet()) {
            PeerLiveness.State state = liveness.getOrDefault(portal.getKey(), PeerLiveness.State.UNKNOWN);
            boolean isUp = state == PeerLiveness.State.UP;
            up += isUp ? 1 : 0;
            gateways.add(TreeNode.leaf(portal.getKey(), String.join(",", portal.getValue().portalIpAddresses())
                    + " (" + state + ")", isUp ? Health.OK : Health.ERROR));
        }
        return new TreeNode("gateways", "Up: " + up + "/" + gateways.size() + ", Portals: " + gateways.size(),
                up == gateways.size() ? Health.OK : Health.ERROR, gateways);
    }

    private TreeNode groups(TargetConfig target) {
        List<TreeNode> groups = new ArrayList<>();
        for (Map.Entry<String, GroupConfig> group : target.groups().entrySet()) {
            List<TreeNode> members = new ArrayList<>();
            for (String member : group.getValue().members()) {
                members.add(TreeNode.leaf(member, "host", Health.OK));
            }
            for (String disk : group.getValue().disks().keySet()) {
                members.add(TreeNode.leaf(disk, "disk", Health.OK));
            }
            groups.add(new TreeNode(group.getKey(), "Hosts: " + group.getValue().members().size() + ", Disks: "
                    + group.getValue().disks().size(), Health.NEUTRAL, members));
        }
        return new TreeNode("host-groups", "Groups : " + groups.size(), Health.NEUTRAL, groups);
    }

    private TreeNode hosts(String iqn, TargetConfig target, Map<String, Long> sizes) {
        boolean targetChap = !target.auth().username().isEmpty() && !target.auth().password().isEmpty();
        String aclText;
        Health health;
        if (target.aclEnabled()) {
            aclText = "ACL_ENABLED";
            health = Health.OK;
        } else {
            aclText = "ACL_DISABLED";
            health = targetChap ? Health.NEUTRAL : Health.ERROR;
        }
        if (!targetChap) {
            boolean withChap = target.clients().values().stream().anyMatch(c -> !c.auth().username().isEmpty());
            boolean withoutChap = target.clients().values().stream().anyMatch(c -> c.auth().username().isEmpty());
            if (withChap && withoutChap) {
                aclText = "MISCONFIG";
                health = Health.ERROR;
            }
        }
        List<TreeNode> clients = new ArrayList<>();
        for (Map.Entry<String, ClientConfig> client : target.clients().entrySet()) {
            clients.add(client(iqn, client.getKey(), client.getValue(), sizes));
        }
        return new TreeNode("hosts", "Auth: " + aclText + ", Hosts: " + clients.size(), health, clients);
    }

    private TreeNode client(String targetIqn, String clientIqn, ClientConfig client, Map<String, Long> sizes) {
        List<TreeNode> luns = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Integer> lun : client.luns().entrySet()) {
            Long size = sizes.get(lun.getKey());
            total += size == null ? 0 : size;
            luns.add(TreeNode.leaf("lun " + lun.getValue(), lun.getKey() + "("
                    + (size == null ? "NOT FOUND" : DiskSize.human(size)) + "), Owner: " + owner(lun.getKey()),
                    Health.OK));
        }
        Optional<String> auth = authText(client.auth(), false);
        String summary = (loggedIn.contains(targetIqn + " " + clientIqn) ? "LOGGED-IN, " : "")
                + "Auth: " + auth.orElse("None") + ", Disks: " + luns.size() + "(" + DiskSize.human(total) + ")";
        return new TreeNode(clientIqn, summary, auth.isPresent() ? Health.OK : Health.ERROR, luns);
    }

    private String owner(String diskId) {
        DiskConfig disk = config.disks().get(diskId);
        return disk == null ? "" : disk.owner();
    }

    /**
     * CHAP_MUTUAL, CHAP or empty. Targets and clients look at the user names only (as upstream's summaries do);
     * discovery auth needs user name and password, as upstream's {@code ISCSITargets._set_auth}.
     */
    private static Optional<String> authText(ChapCredentials auth, boolean needPasswords) {
        if (!auth.mutualUsername().isEmpty() && (!needPasswords || !auth.mutualPassword().isEmpty())) {
            return Optional.of("CHAP_MUTUAL");
        }
        if (!auth.username().isEmpty() && (!needPasswords || !auth.password().isEmpty())) {
            return Optional.of("CHAP");
        }
        return Optional.empty();
    }
}
