package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.ClientInfo;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.GroupConfig;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;

/**
 * Clients, their CHAP and LUNs, host groups and sessions, against the v11 fixture (epoch 53): what each change
 * commits, the reason each bad request is refused with (and that nothing is committed then), and the session facts
 * this gateway (node1) reads from a configfs-shaped folder and asks node2 for over its API.
 */
public class ClientOperationsTest {

    private static final String IGW = "iqn.2003-01.com.redhat.iscsi-gw:iscsi-igw";
    private static final String BACKUP = "iqn.2003-01.com.example.iscsi-gw:backup";
    private static final String RH7 = "iqn.1994-05.com.redhat:rh7-client";
    private static final String RH8 = "iqn.1994-05.com.redhat:rh8-client";
    private static final String NEW = "iqn.1994-05.com.redhat:new-client";
    private static final String NODE1 = "node1.example.com";
    private static final String NODE2 = "node2.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code acls/<client>/info} of a logged-in initiator, as a 6.1 kernel writes it. */
    private static final String LOGGED_IN = "InitiatorName: " + RH8 + "\n"
            + "InitiatorAlias: rh8\n"
            + "LIO Session ID: 1   ISID: 0x80 31 88 70 00 00  TSIH: 1  SessionType: Normal\n"
            + "Session State: TARG_SESS_STATE_LOGGED_IN\n"
            + "----------------------[iSCSI Connections]-------------------------\n"
            + "CID: 0  Connection State: TARG_CONN_STATE_LOGGED_IN\n"
            + "   Address 10.0.2.2 TCP  StatSN: 0x44ce2bc8\n";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private InMemoryConfigStore store;
    private HttpServer node2;
    /** What node2's API answers, by path; anything else is a 404, which counts as no answer. */
    private final Map<String, String> node2Replies = new HashMap<>();
    private final List<String> node2Asked = new ArrayList<>();
    private Path configfs;
    private ClientOperations clients;

    @Before
    public void setUp() throws Exception {
        // node2 is reached at the first IP of its portal: here a fake API on the loopback
        node2 = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        node2.createContext("/api/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring("/api".length());
            node2Asked.add(path);
            String reply = node2Replies.get(path);
            byte[] body = (reply == null ? "{\"message\":\"not found\"}" : reply).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        node2.start();
        store = new InMemoryConfigStore(fixtureWithNode2At("127.0.0.1"));
        configfs = folder.newFolder("configfs").toPath();
        clients = operations(Map.of());
    }

    @After
    public void tearDown() {
        node2.stop(0);
    }

    private ClientOperations operations(Map<String, Object> moreSettings) {
        Map<String, Object> pid = new HashMap<>(Map.of("configfs_root", configfs.toString(), "gateway_name", NODE1,
                "api_secure", false, "api_port", node2.getAddress().getPort(), "api_password", "peerpassword1"));
        pid.putAll(moreSettings);
        GatewaySettings settings = GatewaySettings.of(Map.of(), pid, p -> false);
        String hostname = settings.gatewayName().orElseThrow();
        ChangeCommitter committer = new ChangeCommitter(() -> store, () -> hostname, (epoch, wait) -> true, () -> null,
                Duration.ZERO);
        AdminContext context = new AdminContext(GatewayAdminReadTest.settings(settings), () -> hostname,
                new ConfigQueries(() -> store), () -> null, () -> null, new LocalHost(), committer);
        return new ClientOperations(context);
    }

    private static GatewayConfig fixtureWithNode2At(String ip) throws IOException {
        return fixture(root -> root.path("targets").forEach(target -> {
            ArrayNode ips = ((ObjectNode) target.path("portals").path(NODE2)).putArray("portal_ip_addresses");
            ips.add(ip);
        }));
    }

    private static GatewayConfig fixture(Consumer<ObjectNode> edit) throws IOException {
        try (InputStream in = ClientOperationsTest.class.getResourceAsStream("/gateway-conf/v11.json")) {
            ObjectNode root = (ObjectNode) JSON.readTree(in);
            edit.accept(root);
            return GatewayConfig.parse(JSON.writeValueAsBytes(root));
        }
    }

    // ----- what the configuration holds

    @SuppressWarnings("unchecked")
    private Map<String, Object> at(String... names) throws IOException {
        Map<String, Object> tree = JSON.readValue(store.current().toJson(), Map.class);
        for (String name : names) {
            tree = (Map<String, Object>) tree.get(name);
        }
        return tree;
    }

    private Map<String, Object> client(String target, String client) throws IOException {
        return at("targets", target, "clients", client);
    }

    private static Map<String, Object> luns(Object... diskAndLun) {
        Map<String, Object> luns = new LinkedHashMap<>();
        for (int i = 0; i < diskAndLun.length; i += 2) {
            luns.put((String) diskAndLun[i], Map.of("lun_id", diskAndLun[i + 1]));
        }
        return luns;
    }

    private static Map<String, Object> auth(String user, String password, String mutualUser, String mutualPassword) {
        return Map.of("username", user, "password", password, "password_encryption_enabled", false,
                "mutual_username", mutualUser, "mutual_password", mutualPassword,
                "mutual_password_encryption_enabled", false);
    }

    private static final Map<String, Object> NO_AUTH = auth("", "", "", "");

    /** The change is refused with {@code message}, naming {@code field}, and nothing is committed. */
    private void refused(int status, String field, String message, ThrowingRunnable change) {
        long epoch = store.current().epoch();
        ConfigException error = assertThrows(ConfigException.class, change);
        assertEquals(message, error.getMessage());
        assertEquals(field, error.field());
        assertEquals(status, error.status());
        assertEquals("nothing committed", epoch, store.current().epoch());
    }

    private void refusedBy(int status, String message, ThrowingRunnable change) {
        long epoch = store.current().epoch();
        GatewayException error = assertThrows(GatewayException.class, change);
        assertEquals(message, error.getMessage());
        assertEquals(status, error.status());
        assertEquals("nothing committed", epoch, store.current().epoch());
    }

    private void sessionOnNode1(String target, String client, String info, int targetSessions) throws IOException {
        Path acl = configfs.resolve("target/iscsi/" + target + "/tpgt_1/acls/" + client);
        Files.createDirectories(acl);
        Files.writeString(acl.resolve("info"), info);
        Path stats = configfs.resolve("target/iscsi/" + target + "/fabric_statistics/iscsi_instance");
        Files.createDirectories(stats);
        Files.writeString(stats.resolve("sessions"), targetSessions + "\n");
    }

    // ----- clients

    @Test
    public void createClientWritesUpstreamsSeed() throws Exception {
        ChangeResult result = clients.createClient(IGW.toUpperCase(), "IQN.1994-05.com.redhat:New-Client");
        assertEquals("client create/update successful", result.message());
        assertEquals(54, result.epoch());
        assertEquals(List.of(NODE2), result.catchingUp()); // node2 never confirms here: no peer client
        assertEquals(Map.of("auth", NO_AUTH, "luns", Map.of(), "group_name", ""), client(IGW, NEW));
    }

    @Test
    public void aClientTurnsTheTargetsAclModeBackOn() throws Exception {
        // the backup target serves generated ACLs (acl_enabled false); without its CHAP a client can be added
        store = new InMemoryConfigStore(fixture(root -> ((ObjectNode) root.path("targets").path(BACKUP).path("auth"))
                .put("username", "").put("password", "")));
        clients = operations(Map.of());
        clients.createClient(BACKUP, NEW);
        assertEquals(true, at("targets", BACKUP).get("acl_enabled"));
        assertEquals(Map.of("auth", NO_AUTH, "luns", Map.of(), "group_name", ""), client(BACKUP, NEW));
        assertEquals(54, store.current().epoch());
    }

    @Test
    public void createClientRefusals() {
        refused(409, "client_iqn", "A client with the name '" + RH8 + "' is already defined",
                () -> clients.createClient(IGW, RH8));
        refused(400, "client_iqn", "client_iqn: 'iqn.bad_name' is not a valid name for iSCSI - WWN not valid as: iqn"
                + " (iqn.YYYY-MM.<reversed domain>[:<id>], no spaces or underscores)",
                () -> clients.createClient(IGW, "iqn.bad_name"));
        refused(404, "target_iqn", "Target iqn.2003-01.com.x:none does not exist",
                () -> clients.createClient("iqn.2003-01.com.x:none", NEW));
        refused(409, "client_iqn", "Cannot create client because target CHAP authentication is enabled",
                () -> clients.createClient(BACKUP, NEW));
        refusedBy(409, "Clients can not be defined until a HA configuration has been defined (>3 gateways)",
                () -> operations(Map.of("minimum_gateways", 3)).createClient(IGW, NEW));
    }

    @Test
    public void deleteClientRemovesIt() throws Exception {
        ChangeResult result = clients.deleteClient(IGW, RH8);
        assertEquals("client delete successful", result.message());
        assertEquals(54, result.epoch());
        assertEquals(List.of(RH7), List.copyOf(at("targets", IGW, "clients").keySet()));
        assertTrue("node2 was asked whether the client is logged in there",
                node2Asked.contains("/_clientinfo/" + IGW + "/" + RH8));
    }

    @Test
    public void deleteClientRefusals() {
        refused(404, "client_iqn", NEW + " is not defined yet - nothing to delete",
                () -> clients.deleteClient(IGW, NEW));
        refused(409, "client_iqn", "Unable to delete '" + RH7 + "' - it belongs to group mygroup",
                () -> clients.deleteClient(IGW, RH7));
    }

    @Test
    public void aClientLoggedInThroughThisGatewayIsNotDeleted() throws Exception {
        sessionOnNode1(IGW, RH8, LOGGED_IN, 1);
        refused(409, "client_iqn", "Client '" + RH8 + "' is logged in to " + IGW
                + "- unable to delete until it's logged out", () -> clients.deleteClient(IGW, RH8));
    }

    @Test
    public void aClientLoggedInThroughAnotherGatewayIsNotDeleted() {
        node2Replies.put("/_clientinfo/" + IGW + "/" + RH8,
                "{\"alias\": \"\", \"state\": \"LOGGED_IN\", \"ip_address\": [\"10.0.2.3\"]}");
        refused(409, "client_iqn", "Client '" + RH8 + "' is logged in to " + IGW
                + "- unable to delete until it's logged out", () -> clients.deleteClient(IGW, RH8));
    }

    @Test
    public void aGatewayThatIsDownIsSkipped() throws Exception {
        node2Replies.put("/_clientinfo/" + IGW + "/" + RH8, "{\"alias\": \"\", \"state\": \"LOGGED_IN\"}");
        node2.stop(0);
        assertEquals("client delete successful", clients.deleteClient(IGW, RH8).message());
    }

    @Test
    public void clientAuthIsSetAndRemoved() throws Exception {
        ChangeResult result = clients.setClientAuth(IGW, RH8, "myiscsiusername", "myiscsipassword",
                "mutualusername", "mutualpassword");
        assertEquals("client auth successful", result.message());
        assertEquals(auth("myiscsiusername", "myiscsipassword", "mutualusername", "mutualpassword"),
                client(IGW, RH8).get("auth"));
        assertEquals(luns("rbd/disk_2", 1), client(IGW, RH8).get("luns"));

        clients.setClientAuth(IGW, RH8, "", "", null, null);
        assertEquals(NO_AUTH, client(IGW, RH8).get("auth"));
        assertEquals(55, store.current().epoch());
    }

    @Test
    public void clientAuthRefusals() {
        refused(400, "password", "Minimum length of password is 12 characters",
                () -> clients.setClientAuth(IGW, RH8, "myiscsiusername", "short", "", ""));
        refused(400, "mutual_password", "Mutual password is required",
                () -> clients.setClientAuth(IGW, RH8, "myiscsiusername", "myiscsipassword", "mutualusername", ""));
        refused(404, "client_iqn", "Client '" + NEW + "' does not exist",
                () -> clients.setClientAuth(IGW, NEW, "myiscsiusername", "myiscsipassword", "", ""));
    }

    @Test
    public void clientLunsTakeTheTargetsLunIdWhenNoClientUsesIt() throws Exception {
        // rh7 (via mygroup) uses ids 0 and 2, rh8 uses 1 for rbd/disk_2
        assertEquals("client masking update successful", clients.removeClientLun(IGW, RH8, "rbd/disk_2").message());
        assertEquals(Map.of(), client(IGW, RH8).get("luns"));

        // rbd/disk_1 is the target's LUN 1, which no client uses now
        assertEquals("client masking update successful", clients.addClientLun(IGW, RH8, "rbd/disk_1").message());
        assertEquals(luns("rbd/disk_1", 1), client(IGW, RH8).get("luns"));

        // rbd/disk_2 is the target's LUN 2, which rh7 uses: the new client gets its lowest free id
        clients.createClient(IGW, NEW);
        clients.addClientLun(IGW, NEW, "rbd/disk_2");
        clients.addClientLun(IGW, NEW, "rbd/disk_1");
        assertEquals(luns("rbd/disk_1", 1, "rbd/disk_2", 0), client(IGW, NEW).get("luns"));
        assertEquals(58, store.current().epoch());
    }

    @Test
    public void disksGivenToAHostByConcurrentRequestsAreAllKept() throws Exception {
        clients.createClient(IGW, NEW);
        // another request gives NEW rbd/disk_2 after this one checked and before it commits
        store.beforeNextUpdate(ConfigTransaction.of(ConfigChange.setClientLuns(IGW, NEW, Map.of("rbd/disk_2", 0))));
        clients.addClientLun(IGW, NEW, "rbd/disk_1");
        assertEquals("both mappings, each at its own LUN id", luns("rbd/disk_1", 1, "rbd/disk_2", 0),
                client(IGW, NEW).get("luns"));

        // and a removal takes away only its disk, not one mapped meanwhile
        store.beforeNextUpdate(ConfigTransaction.of(ConfigChange.setClientLuns(IGW, NEW,
                Map.of("rbd/disk_1", 1, "rbd/disk_2", 0, "iscsi-pool/db_vol", 3))));
        clients.removeClientLun(IGW, NEW, "rbd/disk_2");
        assertEquals(luns("rbd/disk_1", 1, "iscsi-pool/db_vol", 3), client(IGW, NEW).get("luns"));
    }

    @Test
    public void clientLunRefusals() {
        refused(409, "client_iqn", "Unable to manage disks for '" + RH7 + "' - it belongs to group mygroup",
                () -> clients.addClientLun(IGW, RH7, "rbd/disk_2"));
        refused(409, "disk", "Client's image list contains duplicate rbd's: rbd/disk_2",
                () -> clients.addClientLun(IGW, RH8, "rbd/disk_2"));
        refused(404, "disk", "Invalid image list - it defines new disks that do not current exist",
                () -> clients.addClientLun(IGW, RH8, "rbd/nodisk"));
        refused(404, "disk", "Non-existent images [rbd/disk_1] requested for iqn.1998-01.com.vmware:esx1-4f1c2a3b",
                () -> clients.addClientLun(BACKUP, "iqn.1998-01.com.vmware:esx1-4f1c2a3b", "rbd/disk_1"));
        refused(400, "disk", "disk: 'nodisk' is not a disk id of the form pool/image",
                () -> clients.addClientLun(IGW, RH8, "nodisk"));
        refused(400, "disk", "disk not mapped to client", () -> clients.removeClientLun(IGW, RH8, "rbd/disk_1"));
        refused(404, "client_iqn", "Client '" + NEW + "' does not exist",
                () -> clients.removeClientLun(IGW, NEW, "rbd/disk_1"));
    }

    // ----- host groups

    @Test
    public void aNewGroupGivesItsMembersItsDisks() throws Exception {
        clients.createClient(IGW, NEW);
        ChangeResult result = clients.updateHostGroup(IGW, "group2", List.of(NEW), List.of("rbd/disk_2"), true);
        assertEquals("hostgroup create/update successful", result.message());
        assertEquals(Map.of("members", List.of(NEW), "disks", luns("rbd/disk_2", 2)), at("targets", IGW, "groups",
                "group2"));
        assertEquals(Map.of("auth", NO_AUTH, "luns", luns("rbd/disk_2", 2), "group_name", "group2"),
                client(IGW, NEW));
    }

    @Test
    public void aGroupDiskTakesTheLowestFreeIdWhenTheTargetsIsTaken() throws Exception {
        // mygroup has iscsi-pool/db_vol at 2 and rbd/disk_1 at 0; rbd/disk_2 is the target's LUN 2
        clients.updateHostGroup(IGW, "mygroup", List.of(), List.of("rbd/disk_2"), true);
        Map<String, Object> disks = luns("iscsi-pool/db_vol", 2, "rbd/disk_1", 0, "rbd/disk_2", 1);
        assertEquals(Map.of("members", List.of(RH7), "disks", disks), at("targets", IGW, "groups", "mygroup"));
        assertEquals(disks, client(IGW, RH7).get("luns"));
    }

    @Test
    public void membersAddedToAGroupByConcurrentRequestsAreAllKept() throws Exception {
        String other = "iqn.1994-05.com.example:other";
        clients.createClient(IGW, NEW);
        clients.createClient(IGW, other);
        GroupConfig before = AdminContext.target(store.current(), IGW).groups().get("mygroup");
        List<String> withOther = new ArrayList<>(before.members());
        withOther.add(other);
        // another request adds 'other' after this one checked and before it commits
        store.beforeNextUpdate(ConfigTransaction.of(ConfigChange.putGroup(IGW, "mygroup",
                new GroupConfig(withOther, before.disks()))));
        clients.updateHostGroup(IGW, "mygroup", List.of(NEW), List.of(), true);
        List<String> members = AdminContext.target(store.current(), IGW).groups().get("mygroup").members();
        assertTrue(members.toString(), members.contains(NEW) && members.contains(other)
                && members.containsAll(before.members()));
    }

    @Test
    public void aMemberThatLeavesKeepsItsLuns() throws Exception {
        clients.updateHostGroup(IGW, "mygroup", List.of(RH7), List.of(), false);
        assertEquals(List.of(), at("targets", IGW, "groups", "mygroup").get("members"));
        assertEquals(Map.of("auth", auth("myiscsiusername", "myiscsipassword", "mutualusername", "mutualpassword"),
                "luns", luns("iscsi-pool/db_vol", 2, "rbd/disk_1", 0), "group_name", ""), client(IGW, RH7));
    }

    @Test
    public void aGroupRequestThatChangesNothingCommitsNothing() {
        ChangeResult result = clients.updateHostGroup(IGW, "mygroup", List.of(RH7), List.of("rbd/disk_1"), true);
        assertEquals("hostgroup create/update successful", result.message());
        assertEquals(53, result.epoch());
        assertEquals(53, store.current().epoch());
    }

    @Test
    public void groupRefusalsNameTheReason() {
        refused(400, "members", "client '" + NEW + "' doesn't exist",
                () -> clients.updateHostGroup(IGW, "mygroup", List.of(NEW), List.of(), true));
        refused(400, "members", "Client '" + RH8 + "' already has luns. Only clients without prior lun maps can be"
                + " added to a group", () -> clients.updateHostGroup(IGW, "mygroup", List.of(RH8), List.of(), true));
        refused(400, "disks", "disk 'rbd/nodisk' doesn't exist",
                () -> clients.updateHostGroup(IGW, "mygroup", List.of(), List.of("rbd/nodisk"), true));
        refused(400, "members", "client '" + RH8 + "' is not a member of mygroup",
                () -> clients.updateHostGroup(IGW, "mygroup", List.of(RH8), List.of(), false));
        refused(400, "disks", "disk 'rbd/disk_2' is not in the group",
                () -> clients.updateHostGroup(IGW, "mygroup", List.of(), List.of("rbd/disk_2"), false));
        refused(400, "group_name", "Invalid group name 'bad name' - max of 32 chars of alphanumeric and -,_,@"
                + " characters", () -> clients.updateHostGroup(IGW, "bad name", List.of(), List.of(), true));
        refused(400, "members", "members: 'rh9' is not a valid name for iSCSI - WWN not valid as: iqn"
                + " (iqn.YYYY-MM.<reversed domain>[:<id>], no spaces or underscores)",
                () -> clients.updateHostGroup(IGW, "mygroup", List.of("rh9"), List.of(), true));
    }

    @Test
    public void aClientInAnotherGroupIsNotAdded() {
        clients.createClient(IGW, NEW);
        clients.updateHostGroup(IGW, "group2", List.of(NEW), List.of(), true);
        refused(400, "members", "Client already assigned to group2 - a client can only belong to one host group",
                () -> clients.updateHostGroup(IGW, "mygroup", List.of(NEW), List.of(), true));
    }

    @Test
    public void deletingAGroupLeavesItsMembersTheirLuns() throws Exception {
        ChangeResult result = clients.deleteHostGroup(IGW, "mygroup");
        assertEquals("Group definition 'mygroup' deleted", result.message());
        assertEquals(Map.of(), at("targets", IGW, "groups"));
        assertEquals("", client(IGW, RH7).get("group_name"));
        assertEquals(luns("iscsi-pool/db_vol", 2, "rbd/disk_1", 0), client(IGW, RH7).get("luns"));
        refused(404, "group_name", "Group name 'mygroup' not found", () -> clients.deleteHostGroup(IGW, "mygroup"));
    }

    // ----- sessions

    @Test
    public void sessionsAreSummedOverTheGatewaysThatAnswer() throws Exception {
        sessionOnNode1(IGW, RH8, LOGGED_IN, 1);
        assertEquals(1, clients.targetSessions(IGW));
        node2Replies.put("/_targetinfo/" + IGW, "{\"num_sessions\": 2}");
        assertEquals(3, clients.targetSessions(IGW));
        assertEquals(1, clients.localTargetSessions(IGW));
        assertEquals(1, clients.gatewaySessions());
        assertEquals(0, clients.targetSessions(BACKUP));
    }

    @Test
    public void clientInfoMergesTheGatewaysViews() throws Exception {
        sessionOnNode1(IGW, RH8, LOGGED_IN, 1);
        assertEquals(new ClientInfo("rh8", Map.of("LOGGED_IN", List.of(NODE1)), List.of("10.0.2.2")),
                clients.localClientInfo(IGW, RH8));
        node2Replies.put("/_clientinfo/" + IGW + "/" + RH8,
                "{\"alias\": \"rh8\", \"state\": \"LOGGED_IN\", \"ip_address\": [\"10.0.2.3\", \"10.0.2.2\"]}");
        assertEquals(new ClientInfo("rh8", Map.of("LOGGED_IN", List.of(NODE1, NODE2)), List.of("10.0.2.2", "10.0.2.3")),
                clients.clientInfo(IGW, RH8));
        node2Replies.put("/_clientinfo/" + IGW + "/" + RH8, "{\"alias\": \"\", \"state\": \"FAILED\", \"ip_address\": []}");
        assertEquals(Map.of("LOGGED_IN", List.of(NODE1), "FAILED", List.of(NODE2)), clients.clientInfo(IGW, RH8).state());
    }

    @Test
    public void withoutLioNobodyIsLoggedIn() throws Exception {
        Files.delete(configfs);
        Files.writeString(configfs, "not a folder"); // LIO cannot be opened here
        assertEquals(0, clients.targetSessions(IGW));
        assertEquals(new ClientInfo("", Map.of(), List.of()), clients.localClientInfo(IGW, RH8));
        assertEquals(new ClientInfo("", Map.of(), List.of()), clients.clientInfo(IGW, RH8));
        assertEquals("client delete successful", clients.deleteClient(IGW, RH8).message());
    }

    @Test
    public void unknownItemsAre404() {
        refusedBy(404, "Target iqn.2003-01.com.x:none does not exist",
                () -> clients.targetSessions("iqn.2003-01.com.x:none"));
        refusedBy(404, "Target iqn.2003-01.com.x:none does not exist",
                () -> clients.localTargetSessions("iqn.2003-01.com.x:none"));
        refusedBy(404, "Client " + NEW + " does not exist", () -> clients.clientInfo(IGW, NEW));
        refusedBy(404, "Client " + NEW + " does not exist", () -> clients.localClientInfo(IGW, NEW));
        refusedBy(404, "Gateway node9.example.com does not exist in configuration",
                () -> operations(Map.of("gateway_name", "node9.example.com")).gatewaySessions());
    }
}
