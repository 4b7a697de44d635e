package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.config.internal.FileConfigStore;
import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.TargetAuthAction;
import io.cephiscsi.model.ChapCredentials;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.GroupConfig;
import io.cephiscsi.model.PortalConfig;
import io.cephiscsi.model.TargetConfig;
import io.cephiscsi.rbd.internal.EmbeddedImageService;

/**
 * The target operations against the real file-backed gateway.conf store and the embedded image service; the
 * gateway being added answers its sysinfo routes from a real HTTP server on 127.0.0.1. Each test checks what a user
 * sees: the committed document (laid out as upstream lays it out) or the message of a refusal that committed nothing.
 */
public class TargetOperationsTest {

    private static final String IQN = "iqn.2003-01.com.example.iscsi-gw:t1";
    private static final String OTHER = "iqn.2003-01.com.example.iscsi-gw:t2";
    private static final String LOCAL = "gw1.example";
    private static final String GW2 = "gw2.example";
    private static final String GW3 = "gw3.example";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Object> peerAnswers = new HashMap<>();
    private final Map<String, Integer> peerStatus = new HashMap<>();
    private HttpServer peer;
    private ConfigStore store;
    private EmbeddedImageService images;
    private TargetOperations operations;

    @Before
    public void setUp() throws Exception {
        peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext("/api/sysinfo/", exchange -> {
            String query = exchange.getRequestURI().getPath().substring("/api/sysinfo/".length());
            byte[] body = json.writeValueAsBytes(Map.of("data", peerAnswers.getOrDefault(query, "")));
            exchange.sendResponseHeaders(peerStatus.getOrDefault(query, 200), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        peer.start();
        operations = operations(1);
        peerAnswers.put("hostname", GW2);
        peerAnswers.put("ip_addresses", List.of("10.0.0.2", "192.168.1.2"));
        peerAnswers.put("checkconf", settings(1).upstreamHash());
        peerAnswers.put("checkversions", "checks passed");
    }

    private GatewaySettings settings(int minimumGateways) {
        return GatewaySettings.of(Map.of(), Map.of("backend", "embedded", "gateway_name", LOCAL,
                "api_secure", false, "api_password", "not-a-secret", "api_port", peer.getAddress().getPort(),
                "minimum_gateways", minimumGateways), p -> false);
    }

    /** Operations as GatewayAdminImpl wires them, but with a committer that does not wait for gateways. */
    private TargetOperations operations(int minimumGateways) throws IOException {
        GatewaySettings settings = settings(minimumGateways);
        if (store == null) {
            store = FileConfigStore.at(folder.getRoot().toPath().resolve("gateway.conf"), settings);
            images = EmbeddedImageService.at(folder.newFolder("images").toPath());
        }
        return operations(settings, store);
    }

    private TargetOperations operations(GatewaySettings settings, ConfigStore target) {
        ChangeCommitter committer = new ChangeCommitter(() -> target, () -> LOCAL, (epoch, wait) -> false, () -> null, Duration.ZERO);
        AdminContext context = new AdminContext(GatewayAdminReadTest.settings(settings), () -> LOCAL,
                new ConfigQueries(() -> target), () -> images, () -> null, new FixedHost(), committer);
        return new TargetOperations(context);
    }

    @After
    public void tearDown() throws Exception {
        peer.stop(0);
    }

    /** This machine's addresses, fixed so the checks of the local gateway do not depend on the test host. */
    private static final class FixedHost extends LocalHost {
        @Override
        List<String> ipAddresses() {
            return List.of("10.0.0.1", "10.0.1.1");
        }
    }

    // ----- helpers

    private GatewayConfig config() {
        return store.current();
    }

    private TargetConfig target(String iqn) {
        return config().targets().get(iqn);
    }

    private void apply(ConfigChange... changes) {
        store.update(ConfigTransaction.of(changes));
    }

    /** A refusal with this message, naming this field, that committed nothing. */
    private ConfigException refused(String field, int status, String message, ThrowingRunnable call) {
        long epoch = config().epoch();
        ConfigException error = assertThrows(ConfigException.class, call);
        assertEquals(message, error.getMessage());
        assertEquals(field, error.field());
        assertEquals(status, error.status());
        assertEquals("nothing committed", epoch, config().epoch());
        return error;
    }

    private void targetWithGateways(String... gateways) {
        operations.createTarget(IQN, Map.of());
        for (int i = 0; i < gateways.length; i++) {
            operations.addGateway(IQN, gateways[i], List.of("10.0.0." + (i + 1)), true);
        }
    }

    private void disk(String image) {
        images.create("rbd", image, "1G");
        apply(ConfigChange.putDisk(DiskConfig.create("rbd", image, 1, "wwn-" + image, LOCAL)));
    }

    private static PortalConfig portal(List<String> own, List<String> all, List<String> inactive) {
        return new PortalConfig(own, all, inactive, all.size());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> storedTarget(String iqn) throws IOException {
        Map<String, Object> root = json.readValue(config().toJson(), Map.class);
        return (Map<String, Object>) ((Map<String, Object>) root.get("targets")).get(iqn);
    }

    // ----- targets

    @Test
    public void aLoneGatewaysCommitsBuildNoPeerClientAndAPeersCommitDoes() throws Exception {
        // building java.net.http's client (and with TLS its trust store) is a noticeable part of a cold first call
        AtomicInteger built = new AtomicInteger();
        ChangeCommitter committer = new ChangeCommitter(() -> store, () -> LOCAL, (epoch, wait) -> true, () -> {
            built.incrementAndGet();
            return null;
        }, Duration.ZERO);
        committer.commit("target", ConfigChange.createTarget(IQN), ConfigChange.putGateway(LOCAL, 0),
                ConfigChange.putGateway(GW2, 0));
        committer.commit("portal", ConfigChange.putPortal(IQN, LOCAL,
                portal(List.of("10.0.0.1"), List.of("10.0.0.1"), List.of())));
        assertEquals("the local gateway is waited for in process", 0, built.get());
        ChangeResult withPeer = committer.commit("peer portal", ConfigChange.putPortal(IQN, GW2,
                portal(List.of("10.0.0.2"), List.of("10.0.0.1", "10.0.0.2"), List.of())));
        assertEquals(1, built.get());
        assertEquals("a peer that cannot be asked is catching up", List.of(GW2), withPeer.catchingUp());
    }

    @Test
    public void createTargetSeedsUpstreamsEmptyTarget() throws Exception {
        long before = config().epoch();
        ChangeResult result = operations.createTarget(IQN.toUpperCase(), Map.of());
        assertEquals("Target defined successfully", result.message());
        assertEquals(before + 1, result.epoch());
        Map<String, Object> stored = storedTarget(IQN);
        assertEquals(true, stored.get("acl_enabled"));
        for (String empty : List.of("disks", "clients", "portals", "groups", "controls")) {
            assertEquals(empty, Map.of(), stored.get(empty));
        }
        assertEquals("", ((Map<?, ?>) stored.get("auth")).get("username"));
    }

    @Test
    public void createTargetKeepsValidControlsAndRefusesBadOnes() {
        operations.createTarget(IQN, Map.of("cmdsn_depth", "64"));
        assertEquals(Map.of("cmdsn_depth", 64), target(IQN).controls());
        refused("nopin_timeout", 400, "expected integer >= 3 for nopin_timeout",
                () -> operations.createTarget(OTHER, Map.of("nopin_timeout", "1")));
        assertFalse(config().targets().containsKey(OTHER));
    }

    @Test
    public void createTargetRefusesBadAndDuplicateIqns() {
        refused("target_iqn", 400, "target_iqn: 'iqn.bad' is not a valid name for iSCSI - WWN not valid as: iqn"
                + " (iqn.YYYY-MM.<reversed domain>[:<id>], no spaces or underscores)",
                () -> operations.createTarget("iqn.bad", Map.of()));
        operations.createTarget(IQN, Map.of());
        refused("target_iqn", 409, "Target " + IQN + " is already defined",
                () -> operations.createTarget(IQN, Map.of()));
    }

    @Test
    public void reconfigureTargetSetsAndResetsControls() {
        refused("target_iqn", 400, "Target: " + IQN + " is not defined.",
                () -> operations.reconfigureTarget(IQN, Map.of("cmdsn_depth", "64")));
        operations.createTarget(IQN, Map.of());
        long epoch = config().epoch();
        assertEquals("Target reconfigured.", operations.reconfigureTarget(IQN, Map.of()).message());
        assertEquals("no controls, no commit", epoch, config().epoch());

        ChangeResult result = operations.reconfigureTarget(IQN, Map.of("cmdsn_depth", "64", "immediate_data", "no"));
        assertEquals("Target reconfigured.", result.message());
        assertEquals(Map.of("cmdsn_depth", 64, "immediate_data", false), target(IQN).controls());
        operations.reconfigureTarget(IQN, Map.of("cmdsn_depth", "", "immediate_data", "yes"));
        assertEquals("a reset and a value equal to the setting remove the override", Map.of(),
                target(IQN).controls());
        refused("cmdsn_depth", 400, "expected integer for cmdsn_depth",
                () -> operations.reconfigureTarget(IQN, Map.of("cmdsn_depth", "many")));
    }

    @Test
    public void deleteTargetRefusesWhileDisksOrClientsRemain() {
        targetWithGateways(LOCAL);
        disk("disk_1");
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty());
        apply(ConfigChange.putClient(IQN, "iqn.1994-05.com.redhat:client1", ClientConfig.EMPTY));
        refused("target_iqn", 400, "Clients(1) and disks(1) must be removed before the gateways",
                () -> operations.deleteTarget(IQN));
        refused("target_iqn", 404, "Target " + OTHER + " does not exist", () -> operations.deleteTarget(OTHER));
    }

    @Test
    public void deleteTargetDropsGatewaysNoOtherTargetUses() {
        targetWithGateways(LOCAL, GW2);
        operations.createTarget(OTHER, Map.of());
        operations.addGateway(OTHER, GW2, List.of("10.0.5.2"), true);

        assertEquals("Target deleted.", operations.deleteTarget(IQN).message());
        assertFalse(config().targets().containsKey(IQN));
        assertEquals(List.of(GW2), List.copyOf(config().gateways().keySet()));
    }

    // ----- gateways: upstream's portal layout for 1, 2 and 3 gateways

    @Test
    public void portalsAreLaidOutAsUpstreamForOneTwoAndThreeGateways() throws Exception {
        operations.createTarget(IQN, Map.of());
        String a = "10.0.0.1";
        String b = "10.0.0.2";
        String c = "10.0.0.3";
        String d = "10.0.0.4";

        ChangeResult first = operations.addGateway(IQN, LOCAL, List.of(a), true);
        assertEquals("Gateway creation successful", first.message());
        assertEquals(List.of(a), target(IQN).ipList());
        assertEquals(Map.of(LOCAL, portal(List.of(a), List.of(a), List.of())), target(IQN).portals());
        assertEquals(0, config().gateways().get(LOCAL).activeLuns());

        operations.addGateway(IQN, GW2, List.of(b), true);
        assertEquals(List.of(a, b), target(IQN).ipList());
        assertEquals(Map.of(LOCAL, portal(List.of(a), List.of(a, b), List.of(b)),
                GW2, portal(List.of(b), List.of(a, b), List.of(a))), target(IQN).portals());

        operations.addGateway(IQN, GW3, List.of(c, d), true);
        List<String> all = List.of(a, b, c, d);
        assertEquals(all, target(IQN).ipList());
        assertEquals(Map.of(LOCAL, portal(List.of(a), all, List.of(b, c, d)),
                GW2, portal(List.of(b), all, List.of(a, c, d)),
                GW3, portal(List.of(c, d), all, List.of(a, b))), target(IQN).portals());

        // the stored JSON uses upstream's field names and types
        assertEquals(Map.of("portal_ip_addresses", List.of(c, d), "gateway_ip_list", all,
                "inactive_portal_ips", List.of(a, b), "tpgs", 4),
                ((Map<?, ?>) storedTarget(IQN).get("portals")).get(GW3));
        assertEquals(List.of(GW2, GW3, LOCAL).size(), config().gateways().size());
    }

    @Test
    public void addGatewayRefusesClashesAndBadInput() {
        targetWithGateways(LOCAL);
        refused("gateway_name", 400, "Gateway already exists in configuration",
                () -> operations.addGateway(IQN, LOCAL, List.of("10.0.0.9"), true));
        refused("ip_address", 400, "IP address already defined to the configuration",
                () -> operations.addGateway(IQN, GW2, List.of("10.0.0.1"), true));
        refused("ip_address", 400, "ip_address: '10.0.0.300' is not a valid IPv4 or IPv6 address",
                () -> operations.addGateway(IQN, GW2, List.of("10.0.0.300"), true));
        refused("ip_address", 400, "IP address 10.0.0.2 is given twice",
                () -> operations.addGateway(IQN, GW2, List.of("10.0.0.2", "10.0.0.2"), true));
        refused("ip_address", 400, "ip_address is required",
                () -> operations.addGateway(IQN, GW2, List.of(), true));
        refused("gateway_name", 400, "gateway_name is required",
                () -> operations.addGateway(IQN, " ", List.of("10.0.0.2"), true));
        refused("target_iqn", 404, "Target " + OTHER + " does not exist",
                () -> operations.addGateway(OTHER, GW2, List.of("10.0.0.2"), true));
    }

    @Test
    public void addGatewayChecksTheNewGatewayThroughItsApiAtItsFirstIp() {
        operations.createTarget(IQN, Map.of());
        // reached at 127.0.0.1, which its own list does not hold: reaching it there proves it is its address
        ChangeResult result = operations.addGateway(IQN, GW2, List.of("127.0.0.1", "10.0.0.2"), false);
        assertEquals("Gateway creation successful", result.message());
        assertEquals(List.of("127.0.0.1", "10.0.0.2"), target(IQN).portals().get(GW2).portalIpAddresses());
    }

    @Test
    public void addGatewayRefusesAGatewayThatFailsACheck() {
        operations.createTarget(IQN, Map.of());
        List<String> ips = List.of("127.0.0.1", "10.0.0.3");

        refused("ip_address", 400, "IP address of 10.0.0.3 is not available on " + GW2
                + ". Valid IPs are :10.0.0.2,192.168.1.2", () -> operations.addGateway(IQN, GW2, ips, false));

        peerAnswers.put("hostname", "gw9.example");
        refused("gateway_name", 400, "Gateway name " + GW2 + " does not match the host name gw9.example reported"
                + " by the gateway at 127.0.0.1", () -> operations.addGateway(IQN, GW2, List.of("127.0.0.1"), false));
        peerAnswers.put("hostname", GW2);

        peerAnswers.put("checkconf", "0123");
        refused("gateway_name", 400, "/etc/ceph/iscsi-gateway.cfg on " + GW2 + " does not match the local version."
                + " Correct and retry request", () -> operations.addGateway(IQN, GW2, List.of("127.0.0.1"), false));
        peerStatus.put("checkconf", 500);
        refused("gateway_name", 400, "checkconf API call to " + GW2 + " failed with code 500",
                () -> operations.addGateway(IQN, GW2, List.of("127.0.0.1"), false));
        peerStatus.remove("checkconf");
        peerAnswers.put("checkconf", settings(1).upstreamHash());

        peerStatus.put("checkversions", 500);
        peerAnswers.put("checkversions", List.of("OS is unsupported"));
        refused("gateway_name", 400, GW2 + " failed package validation checks - OS is unsupported",
                () -> operations.addGateway(IQN, GW2, List.of("127.0.0.1"), false));
        peerStatus.remove("checkversions");

        peer.stop(0);
        refused("gateway_name", 400, "ip_addresses query to " + GW2 + " failed - check rbd-target-api log."
                + " Is the API server running and in the right mode (http/https)?",
                () -> operations.addGateway(IQN, GW2, List.of("127.0.0.1"), false));
        assertEquals(Map.of(), target(IQN).portals());
    }

    @Test
    public void addingThisGatewayIsCheckedLocally() {
        operations.createTarget(IQN, Map.of());
        refused("ip_address", 400, "IP address of 10.0.0.7 is not available on " + LOCAL
                + ". Valid IPs are :10.0.0.1,10.0.1.1",
                () -> operations.addGateway(IQN, LOCAL, List.of("10.0.0.1", "10.0.0.7"), false));
        peer.stop(0); // nothing is called over HTTP for this gateway
        List<String> problems = OsRelease.problems(Path.of("/etc/os-release"));
        if (problems.isEmpty()) {
            operations.addGateway(IQN, LOCAL, List.of("10.0.0.1"), false);
            assertEquals(List.of("10.0.0.1"), target(IQN).ipList());
        } else {
            refused("gateway_name", 400, LOCAL + " failed package validation checks - " + String.join(",", problems),
                    () -> operations.addGateway(IQN, LOCAL, List.of("10.0.0.1"), false));
        }
    }

    @Test
    public void removeGatewayFixesTheOtherPortalsAndMovesItsLuns() {
        targetWithGateways(LOCAL, GW2, GW3);
        disk("disk_1");
        disk("disk_2");
        disk("disk_3");
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty()); // gw1 (all at 0: first by name)
        operations.addTargetLun(IQN, "rbd/disk_2", Optional.empty()); // gw2
        operations.addTargetLun(IQN, "rbd/disk_3", Optional.empty()); // gw3
        assertEquals(GW2, config().disks().get("rbd/disk_2").owner());

        ChangeResult result = operations.removeGateway(IQN, GW2, false);
        assertEquals("Gateway deletion successful", result.message());
        List<String> left = List.of("10.0.0.1", "10.0.0.3");
        assertEquals(left, target(IQN).ipList());
        assertEquals(Map.of(LOCAL, portal(List.of("10.0.0.1"), left, List.of("10.0.0.3")),
                GW3, portal(List.of("10.0.0.3"), left, List.of("10.0.0.1"))), target(IQN).portals());
        assertFalse("no target uses it any more", config().gateways().containsKey(GW2));
        assertEquals(LOCAL, config().disks().get("rbd/disk_2").owner());
        assertEquals(2, config().gateways().get(LOCAL).activeLuns());
        assertEquals(1, config().gateways().get(GW3).activeLuns());
        assertEquals("the LUNs stay mapped", 3, target(IQN).disks().size());

        refused("gateway_name", 404, "Gateway does not exist in configuration",
                () -> operations.removeGateway(IQN, GW2, false));
    }

    @Test
    public void removeGatewayKeepsTheEntryAnotherTargetUses() {
        targetWithGateways(LOCAL, GW2);
        operations.createTarget(OTHER, Map.of());
        operations.addGateway(OTHER, GW2, List.of("10.0.5.2"), true);
        disk("disk_1");
        disk("disk_2");
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty()); // gw1
        operations.addTargetLun(IQN, "rbd/disk_2", Optional.empty()); // gw2
        operations.removeGateway(IQN, GW2, false);
        assertEquals(0, config().gateways().get(GW2).activeLuns());
        assertEquals(2, config().gateways().get(LOCAL).activeLuns());
        assertEquals(LOCAL, config().disks().get("rbd/disk_2").owner());
        assertTrue(target(OTHER).portals().containsKey(GW2));
    }

    @Test
    public void removingTheLastGatewayEmptiesTheTargetOnlyWhenForced() {
        targetWithGateways(LOCAL);
        disk("disk_1");
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty());
        String client = "iqn.1994-05.com.redhat:client1";
        apply(ConfigChange.putClient(IQN, client, ClientConfig.EMPTY),
                ConfigChange.putGroup(IQN, "group1", new GroupConfig(List.of(client), Map.of("rbd/disk_1", 0))));
        operations.reconfigureTarget(IQN, Map.of("cmdsn_depth", "64"));
        refused("gateway_name", 400, "Deleting the last gateway will remove all objects on this target."
                + " Use confirm=true", () -> operations.removeGateway(IQN, LOCAL, false));

        operations.removeGateway(IQN, LOCAL, true);
        TargetConfig target = target(IQN);
        assertEquals("the target stays, empty, as upstream leaves it", Map.of(), target.portals());
        assertEquals(List.of(), target.ipList());
        assertEquals(Map.of(), target.disks());
        assertEquals(Map.of(), target.clients());
        assertEquals(Map.of(), target.groups());
        assertEquals(Map.of(), target.controls());
        assertEquals("", config().disks().get("rbd/disk_1").owner());
        assertEquals(Map.of(), config().gateways());
    }

    // ----- target LUNs

    @Test
    public void addTargetLunPicksTheLeastLoadedOwnerAndTheLowestFreeLunId() {
        targetWithGateways(LOCAL, GW2);
        disk("disk_1");
        disk("disk_2");
        disk("disk_3");
        ChangeResult result = operations.addTargetLun(IQN, "rbd/disk_1", Optional.of(1));
        assertEquals("Target LUN mapping updated successfully", result.message());
        operations.addTargetLun(IQN, "rbd/disk_2", Optional.empty());
        operations.addTargetLun(IQN, "rbd/disk_3", Optional.empty());
        assertEquals(Map.of("rbd/disk_1", 1, "rbd/disk_2", 0, "rbd/disk_3", 2), target(IQN).disks());
        // fewest active LUNs; a tie goes to the first name, as upstream's stable sort of sorted portals does
        assertEquals(LOCAL, config().disks().get("rbd/disk_1").owner());
        assertEquals(GW2, config().disks().get("rbd/disk_2").owner());
        assertEquals(LOCAL, config().disks().get("rbd/disk_3").owner());
        assertEquals(2, config().gateways().get(LOCAL).activeLuns());
        assertEquals(1, config().gateways().get(GW2).activeLuns());
    }

    @Test
    public void addTargetLunChecksInUpstreamsOrder() throws Exception {
        operations = operations(2);
        targetWithGateways(LOCAL);
        disk("disk_1");
        refused("target_iqn", 400, "at least 2 gateways must exist before disk mapping operations are permitted",
                () -> operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty()));
        operations.addGateway(IQN, GW2, List.of("10.0.0.2"), true);
        refused("disk", 400, "Disk rbd/nodisk is not defined in the configuration",
                () -> operations.addTargetLun(IQN, "rbd/nodisk", Optional.empty()));
        refused("disk", 400, "disk: 'nodisk' is not a disk id of the form pool/image",
                () -> operations.addTargetLun(IQN, "nodisk", Optional.empty()));
        apply(ConfigChange.putDisk(DiskConfig.create("rbd", "noimage", 1, "wwn", LOCAL)));
        refused("disk", 400, "Image rbd/noimage not found",
                () -> operations.addTargetLun(IQN, "rbd/noimage", Optional.empty()));
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.of(3));
        disk("disk_2");
        refused("lun_id", 400, "Lun id 3 already in use",
                () -> operations.addTargetLun(IQN, "rbd/disk_2", Optional.of(3)));
        refused("lun_id", 400, "lun_id 256 is out of range (0-255)",
                () -> operations.addTargetLun(IQN, "rbd/disk_2", Optional.of(256)));
        operations.createTarget(OTHER, Map.of());
        operations.addGateway(OTHER, LOCAL, List.of("10.0.5.1"), true);
        operations.addGateway(OTHER, GW2, List.of("10.0.5.2"), true);
        refused("disk", 400, "Disk rbd/disk_1 cannot be used because it is already mapped on target " + IQN,
                () -> operations.addTargetLun(OTHER, "rbd/disk_1", Optional.empty()));
    }

    @Test
    public void removeTargetLunRefusesWhileAClientOrGroupHasIt() {
        targetWithGateways(LOCAL, GW2);
        disk("disk_1");
        disk("disk_2");
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty());
        operations.addTargetLun(IQN, "rbd/disk_2", Optional.empty());
        String client = "iqn.1994-05.com.redhat:client1";
        String member = "iqn.1994-05.com.redhat:client2";
        apply(ConfigChange.putClient(IQN, client, ClientConfig.EMPTY.withLuns(Map.of("rbd/disk_1", 0))),
                ConfigChange.putClient(IQN, member, ClientConfig.EMPTY),
                ConfigChange.putGroup(IQN, "group1", new GroupConfig(List.of(member), Map.of("rbd/disk_2", 1))));
        refused("disk", 400, "Unable to delete rbd/disk_1 - allocated to " + client,
                () -> operations.removeTargetLun(IQN, "rbd/disk_1"));
        refused("disk", 400, "Disk rbd/disk_2 belongs to group group1",
                () -> operations.removeTargetLun(IQN, "rbd/disk_2"));
        disk("disk_3");
        refused("disk", 400, "Disk rbd/disk_3 is not defined in target " + IQN,
                () -> operations.removeTargetLun(IQN, "rbd/disk_3"));
        refused("disk", 400, "Disk rbd/disk_9 is not defined in the configuration",
                () -> operations.removeTargetLun(IQN, "rbd/disk_9"));
    }

    @Test
    public void removeTargetLunDropsTheOwnerAndItsCount() {
        targetWithGateways(LOCAL, GW2);
        disk("disk_1");
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty());
        assertEquals(1, config().gateways().get(LOCAL).activeLuns());
        ChangeResult result = operations.removeTargetLun(IQN, "rbd/disk_1");
        assertEquals("Target LUN mapping updated successfully", result.message());
        assertEquals(Map.of(), target(IQN).disks());
        assertEquals("", config().disks().get("rbd/disk_1").owner());
        assertEquals(0, config().gateways().get(LOCAL).activeLuns());
    }

    // ----- auth

    @Test
    public void discoveryAuthIsCheckedThenStored() {
        refused("password", 400, "Password is required",
                () -> operations.setDiscoveryAuth("myiscsiusername", "", "", ""));
        refused("password", 400, "Minimum length of password is 12 characters",
                () -> operations.setDiscoveryAuth("myiscsiusername", "short", "", ""));
        ChangeResult result = operations.setDiscoveryAuth("myiscsiusername", "myiscsipassword", null, null);
        assertEquals("discovery auth successful", result.message());
        assertEquals(ChapCredentials.of("myiscsiusername", "myiscsipassword", "", ""), config().discoveryAuth());
        operations.setDiscoveryAuth("", "", "", "");
        assertEquals(ChapCredentials.NONE, config().discoveryAuth());
    }

    @Test
    public void targetAuthFollowsUpstreamsActionRules() {
        targetWithGateways(LOCAL);
        String client = "iqn.1994-05.com.redhat:client1";
        apply(ConfigChange.putClient(IQN, client, ClientConfig.EMPTY));
        refused("action", 400, "Cannot disable ACL authentication because target has clients",
                () -> operations.setTargetAuth(IQN, TargetAuthAction.DISABLE_ACL, "", "", "", ""));
        refused("username", 400, "Cannot enable target CHAP authentication because ACL authentication is enabled",
                () -> operations.setTargetAuth(IQN, TargetAuthAction.NONE, "myiscsiusername", "myiscsipassword",
                        "", ""));
        apply(ConfigChange.removeClient(IQN, client));

        ChangeResult disabled = operations.setTargetAuth(IQN, TargetAuthAction.DISABLE_ACL, "", "", "", "");
        assertEquals("target auth disable_acl - successful", disabled.message());
        assertFalse(target(IQN).aclEnabled());
        refused("mutual_password", 400, "Mutual password is required",
                () -> operations.setTargetAuth(IQN, null, "myiscsiusername", "myiscsipassword", "mutualuser1",
                        ""));
        ChangeResult chap = operations.setTargetAuth(IQN, null, "myiscsiusername", "myiscsipassword", "", "");
        assertEquals("target auth None - successful", chap.message());
        assertEquals(ChapCredentials.of("myiscsiusername", "myiscsipassword", "", ""), target(IQN).auth());

        refused("action", 400, "Cannot enable ACL authentication because target CHAP authentication is enabled",
                () -> operations.setTargetAuth(IQN, TargetAuthAction.ENABLE_ACL, "", "", "", ""));
        operations.setTargetAuth(IQN, TargetAuthAction.NONE, "", "", "", "");
        assertEquals(ChapCredentials.NONE, target(IQN).auth());
        assertEquals("target auth enable_acl - successful",
                operations.setTargetAuth(IQN, TargetAuthAction.ENABLE_ACL, "", "", "", "").message());
        assertTrue(target(IQN).aclEnabled());
    }

    // ----- one commit, computed from what was checked

    @Test
    public void aChangeMadeMeanwhileIsNotUndone() {
        targetWithGateways(LOCAL, GW2);
        disk("disk_1");
        // another writer maps a LUN between this request's check and its commit
        ConfigStore racing = new RacingStore(store, () -> operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty()));
        TargetOperations slow = operations(settings(1), racing);
        ConfigException error = assertThrows(ConfigException.class,
                () -> slow.addGateway(IQN, GW3, List.of("10.0.0.3"), true));
        assertEquals(409, error.status());
        assertEquals("Target " + IQN + " was changed by another request meanwhile; nothing was changed, retry",
                error.getMessage());
        assertEquals(Map.of("rbd/disk_1", 0), target(IQN).disks());
        assertFalse(target(IQN).portals().containsKey(GW3));
    }

    /** Runs another request once, just before the first commit it is asked for. */
    private static final class RacingStore implements ConfigStore {
        private final ConfigStore store;
        private Runnable before;

        RacingStore(ConfigStore store, Runnable before) {
            this.store = store;
            this.before = before;
        }

        @Override
        public GatewayConfig current() {
            return store.current();
        }

        @Override
        public GatewayConfig refresh() {
            return store.refresh();
        }

        @Override
        public GatewayConfig update(ConfigTransaction transaction) {
            if (before != null) {
                Runnable other = before;
                before = null;
                other.run();
            }
            return store.update(transaction);
        }

        @Override
        public AutoCloseable subscribe(Consumer<GatewayConfig> listener) {
            return store.subscribe(listener);
        }
    }
}
