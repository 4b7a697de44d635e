package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.ceph.ClusterHealth;
import io.cephiscsi.gateway.TreeNode;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.rbd.ClusterInfo;
import io.cephiscsi.rbd.ImageId;
import io.cephiscsi.rbd.ImageService;
import io.cephiscsi.rbd.PoolInfo;
import io.cephiscsi.rbd.Topology;

/** gwcli's tree built from the v11 fixture, fake image sizes and fake cluster facts. */
public class TreeBuilderTest {

    private static final long M = 1L << 20;
    private static final long G = 1L << 30;
    private static final String BACKUP = "/iscsi-targets/iqn.2003-01.com.example.iscsi-gw:backup";
    private static final String IGW = "/iscsi-targets/iqn.2003-01.com.redhat.iscsi-gw:iscsi-igw";

    private final AtomicInteger sizesCalls = new AtomicInteger();
    private final InMemoryConfigStore store = InMemoryConfigStore.fromResource("/gateway-conf/v11.json");
    private final GatewayAdminImpl gateway = new GatewayAdminImpl(GatewayAdminReadTest.settings(
            GatewaySettings.of(Map.of(), Map.of("backend", "embedded", "gateway_name", "node1.example.com"),
                    p -> false)), new LocalHost(), store);

    /** rbd/disk_2 does not exist. */
    private ImageService images() {
        Map<ImageId, Long> existing = Map.of(new ImageId("rbd", "disk_1"), G,
                new ImageId("iscsi-pool", "db_vol"), 1536 * M);
        return (ImageService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ImageService.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("sizes")) {
                        throw new UnsupportedOperationException("no per-image call expected: " + method.getName());
                    }
                    sizesCalls.incrementAndGet();
                    Map<ImageId, Long> found = new LinkedHashMap<>();
                    for (Object id : (Collection<?>) args[0]) {
                        if (existing.containsKey(id)) {
                            found.put((ImageId) id, existing.get(id));
                        }
                    }
                    return found;
                });
    }

    @SuppressWarnings("unchecked")
    private static ClusterInfo cluster() {
        return (ClusterInfo) Proxy.newProxyInstance(TreeBuilderTest.class.getClassLoader(),
                new Class<?>[] {ClusterInfo.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> "ceph";
                    case "health" -> new ClusterHealth("HEALTH_WARN", List.of());
                    case "pools" -> {
                        Map<String, Long> committed = (Map<String, Long>) args[0];
                        yield List.of(
                                new PoolInfo("iscsi-pool", true, 3, 0, 0, 10 * G, 5 * 1024,
                                        committed.getOrDefault("iscsi-pool", 0L)),
                                new PoolInfo("rbd", true, 2, 0, 0, 10 * G, 0, committed.getOrDefault("rbd", 0L)));
                    }
                    case "topology" -> new Topology(3, 3, 3, List.of("a"), List.of(), 30 * G, G);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Every node as {@code path [summary]}, depth first in the builder's order. */
    private static List<String> lines(TreeNode root) {
        List<String> lines = new ArrayList<>();
        walk(root, "", lines);
        return lines;
    }

    private static void walk(TreeNode node, String parent, List<String> lines) {
        String path = node.name().equals("/") ? "" : parent + "/" + node.name();
        lines.add((path.isEmpty() ? "/" : path) + " [" + node.summary() + "]");
        for (TreeNode child : node.children()) {
            walk(child, path, lines);
        }
    }

    @Test
    public void theTreeHasUpstreamsSummariesFromOneBulkSizeLookup() {
        gateway.setImages(images());
        gateway.setClusterInfo(cluster());
        assertEquals(List.of(
                "/ []",
                "/cluster [Clusters: 1]",
                "/cluster/ceph [HEALTH_WARN]",
                "/cluster/ceph/pools [Pools: 2]",
                "/cluster/ceph/pools/iscsi-pool [(x3), Commit: 1536M/10G (15%), Used: 5K]",
                "/cluster/ceph/pools/rbd [(x2), Commit: 1G/10G (10%), Used: 0b]",
                "/cluster/ceph/topology [OSDs: 3,MONs: 1]",
                "/disks [2560M, Disks: 3]",
                "/disks/iscsi-pool [iscsi-pool (1536M)]",
                "/disks/iscsi-pool/db_vol [iscsi-pool/db_vol (Unknown, 1536M)]",
                "/disks/rbd [rbd (1G)]",
                "/disks/rbd/disk_1 [rbd/disk_1 (Unknown, 1G)]",
                "/disks/rbd/disk_2 [NOT FOUND]",
                "/iscsi-targets [DiscoveryAuth: CHAP, Targets: 2]",
                BACKUP + " [Auth: CHAP, Gateways: 2]",
                BACKUP + "/disks [Disks: 1]",
                BACKUP + "/disks/rbd/disk_2 [Owner: node2.example.com, Lun: 0]",
                BACKUP + "/gateways [Up: 1/2, Portals: 2]",
                BACKUP + "/gateways/node1.example.com [192.168.100.201 (UP)]",
                BACKUP + "/gateways/node2.example.com [192.168.100.202 (UNKNOWN)]",
                BACKUP + "/host-groups [Groups : 0]",
                BACKUP + "/hosts [Auth: ACL_DISABLED, Hosts: 1]",
                BACKUP + "/hosts/iqn.1998-01.com.vmware:esx1-4f1c2a3b [Auth: CHAP, Disks: 1(0b)]",
                BACKUP + "/hosts/iqn.1998-01.com.vmware:esx1-4f1c2a3b/lun 0 [rbd/disk_2(NOT FOUND), Owner: "
                        + "node2.example.com]",
                IGW + " [Auth: None, Gateways: 2]",
                IGW + "/disks [Disks: 3]",
                IGW + "/disks/iscsi-pool/db_vol [Owner: node1.example.com, Lun: 0]",
                IGW + "/disks/rbd/disk_1 [Owner: node1.example.com, Lun: 1]",
                IGW + "/disks/rbd/disk_2 [Owner: node2.example.com, Lun: 2]",
                IGW + "/gateways [Up: 1/2, Portals: 2]",
                IGW + "/gateways/node1.example.com [192.168.100.201 (UP)]",
                IGW + "/gateways/node2.example.com [192.168.100.202 (UNKNOWN)]",
                IGW + "/host-groups [Groups : 1]",
                IGW + "/host-groups/mygroup [Hosts: 1, Disks: 2]",
                IGW + "/host-groups/mygroup/iqn.1994-05.com.redhat:rh7-client [host]",
                IGW + "/host-groups/mygroup/iscsi-pool/db_vol [disk]",
                IGW + "/host-groups/mygroup/rbd/disk_1 [disk]",
                // target CHAP off, one client with CHAP and one without
                IGW + "/hosts [Auth: MISCONFIG, Hosts: 2]",
                IGW + "/hosts/iqn.1994-05.com.redhat:rh7-client [Auth: CHAP_MUTUAL, Disks: 2(2560M)]",
                IGW + "/hosts/iqn.1994-05.com.redhat:rh7-client/lun 2 [iscsi-pool/db_vol(1536M), Owner: "
                        + "node1.example.com]",
                IGW + "/hosts/iqn.1994-05.com.redhat:rh7-client/lun 0 [rbd/disk_1(1G), Owner: node1.example.com]",
                IGW + "/hosts/iqn.1994-05.com.redhat:rh8-client [Auth: None, Disks: 1(0b)]",
                IGW + "/hosts/iqn.1994-05.com.redhat:rh8-client/lun 1 [rbd/disk_2(NOT FOUND), Owner: "
                        + "node2.example.com]"),
                lines(gateway.tree()));
        assertEquals(1, sizesCalls.get());
    }

    /** The device status watcher's last poll colours each disk as upstream: green only when Online. */
    @Test
    public void aDiskShowsItsDeviceStateGreenOnlyWhenOnline() throws Exception {
        gateway.setImages(images());
        DeviceStatusWatcher watcher = new DeviceStatusWatcher(GatewaySettings.of(Map.of(), Map.of(), p -> false));
        gateway.setDeviceStatus(watcher);
        ObjectMapper json = new ObjectMapper();
        String counters = "\"lock_owner\":\"true\",\"lock_lost_cnt\":\"0\",\"cmd_timed_out_cnt\":\"0\"";
        watcher.apply(json.readTree("{\"node1:rbd/disk_1\":{\"status_stamp\":\"2026-11-24T10:00:00.1+0000\","
                + "\"status\":{" + counters + ",\"conn_lost_cnt\":\"0\"}},"
                + "\"node1:iscsi-pool/db_vol\":{\"status_stamp\":\"2026-11-24T10:00:00.1+0000\","
                + "\"status\":{" + counters + ",\"conn_lost_cnt\":\"0\"}}}"));
        watcher.apply(json.readTree("{\"node1:rbd/disk_1\":{\"status_stamp\":\"2026-11-24T10:00:00.1+0000\","
                + "\"status\":{" + counters + ",\"conn_lost_cnt\":\"0\"}},"
                + "\"node1:iscsi-pool/db_vol\":{\"status_stamp\":\"2026-11-24T10:00:05.1+0000\","
                + "\"status\":{" + counters + ",\"conn_lost_cnt\":\"1\"}}}"));
        TreeNode disks = gateway.tree().child("disks").orElseThrow();
        TreeNode online = disks.child("rbd").orElseThrow().child("disk_1").orElseThrow();
        TreeNode degraded = disks.child("iscsi-pool").orElseThrow().child("db_vol").orElseThrow();
        assertEquals("rbd/disk_1 (Online, 1G)", online.summary());
        assertEquals(TreeNode.Health.OK, online.health());
        assertEquals("iscsi-pool/db_vol (Degraded - cluster access failure, 1536M)", degraded.summary());
        assertEquals(TreeNode.Health.ERROR, degraded.health());
        assertEquals(Map.of("state", "Online", "lock_owner", "node1", "gateways", Map.of("node1",
                Map.of("cmd_timed_out_cnt", 0L, "conn_lost_cnt", 0L, "lock_lost_cnt", 0L))),
                gateway.disk("rbd", "disk_1").get("status"));
        assertEquals(Map.of("state", "Unknown"), gateway.disk("rbd", "disk_2").get("status"));
    }

    @Test
    public void withoutImagesOrClusterFactsTheTreeStillAnswers() {
        List<String> lines = lines(gateway.tree());
        assertEquals("/cluster/ceph [UNAVAILABLE]", lines.get(2));
        assertEquals("/disks [0b, Disks: 3]", lines.get(3));
        assertEquals("/disks/iscsi-pool/db_vol [NOT FOUND]", lines.get(5));
    }
}
