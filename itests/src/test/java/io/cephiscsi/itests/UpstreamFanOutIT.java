package io.cephiscsi.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A mixed target during a migration: one appliance and an upstream (ceph-iscsi 3.5) gateway "gw-up" that the test
 * plays exactly as upstream's rbd-target-api does. For each change upstream's gateway commits to gateway.conf with
 * upstream's own Config class (its lock, epoch + 1, write_full, no notify: src/test/resources/upstream_commit.py)
 * before or after calling the appliance's internal route with upstream's form fields, in upstream's order. The
 * appliance answers upstream's success message once its LIO has the change (checked on its folder configfs root as
 * the reply returns), and refuses what upstream would have it commit itself, changing nothing.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class UpstreamFanOutIT {

    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:mixed";
    private static final String CLIENT = "iqn.1994-05.com.example:mixed1";
    private static final String MEMBER = "iqn.1994-05.com.example:mixed2";
    private static final String UP = "gw-up";
    private static final String UP_IP = "127.0.0.9";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String DISK_1 = "rbd/mixed_1_" + RUN;
    private static final String DISK_2 = "rbd/mixed_2_" + RUN;
    private static final long MIB = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GatewayProcess gw;
    private static String gwConf;
    private static Path script;
    private static Path upstreamSettings;

    @BeforeClass
    public static void start() throws Exception {
        Path parent = Files.createDirectories(Path.of("target/upstream-fan-out"));
        gwConf = "gateway.conf.mixed-" + UUID.randomUUID();
        gw = GatewayProcess.install(parent, "gwk", "127.0.0.1", GatewayProcess.freePort(), "pw-" + UUID.randomUUID(),
                Map.of("backend", "ceph", "ceph_conf", TestCluster.conf(), "cluster_client_name", "client.admin",
                        "pool", "rbd", "gateway_conf", gwConf, "api_secure", "false", "minimum_gateways", "1"));
        gw.start();
        script = parent.resolve("upstream_commit.py");
        try (InputStream in = UpstreamFanOutIT.class.getResourceAsStream("/upstream_commit.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path conf = Path.of(TestCluster.conf()).toAbsolutePath();
        upstreamSettings = parent.resolve("iscsi-gateway.cfg");
        Files.writeString(upstreamSettings, "[config]\nceph_config_dir = " + conf.getParent() + "\ncluster_name = "
                + conf.getFileName().toString().replaceFirst("\\.conf$", "")
                + "\ncluster_client_name = client.admin\npool = rbd\n");
        // the target as it stood before the migration began: built through the appliance, its only gateway
        gw.ok("PUT", "/api/target/" + TARGET, Map.of());
        gw.ok("PUT", "/api/gateway/" + TARGET + "/gwk", Map.of("ip_address", "127.0.0.1"));
        for (String disk : List.of(DISK_1, DISK_2)) {
            gw.ok("PUT", "/api/disk/" + disk, Map.of("mode", "create", "size", "64M"));
        }
    }

    @AfterClass
    public static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    /** gw-up joins: it defines itself (and updates gwk's portal) first, then asks gwk to follow. */
    @Test
    public void a_anUpstreamGatewayJoinsAndMapsLunsClientsAndChap() throws Exception {
        Map<String, Object> target = target(dump());
        List<String> ips = List.of("127.0.0.1", UP_IP);
        target.put("ip_list", ips);
        Map<String, Object> portals = map(target.get("portals"));
        Map<String, Object> own = map(portals.get("gwk"));
        own.put("gateway_ip_list", ips);
        own.put("tpgs", 2);
        own.put("inactive_portal_ips", List.of(UP_IP));
        portals.put(UP, new LinkedHashMap<>(Map.of("tpgs", 2, "gateway_ip_list", ips,
                "portal_ip_addresses", List.of(UP_IP), "inactive_portal_ips", List.of("127.0.0.1"))));
        commit(op("add", "gateways", UP, Map.of("active_luns", 0)), op("update", "targets", TARGET, target));
        ok("PUT", "/api/_gateway/" + TARGET + "/" + UP, Map.of("gateway_ip_list", String.join(",", ips),
                "nosync", "false"), "Gateway defined/mapped");
        Path tpgs = gw.configfs().resolve("target/iscsi/" + TARGET);
        assertTrue("gw-up's TPG in gwk's LIO", Files.isDirectory(tpgs.resolve("tpgt_2")));

        // map two disks (each: gw-up, the allocating host, commits first)
        mapDisk(DISK_1, 0);
        assertTrue(Files.isDirectory(tpgs.resolve("tpgt_1/lun/lun_0")));
        mapDisk(DISK_2, 1);
        assertTrue(Files.isDirectory(tpgs.resolve("tpgt_1/lun/lun_1")));

        // a client, its LUN, its CHAP: the committing host (gw-up) first
        Map<String, Object> config = dump();
        target = target(config);
        map(target.get("clients")).put(CLIENT, client(Map.of(), ""));
        commit(op("update", "targets", TARGET, target));
        ok("PUT", "/api/_client/" + TARGET + "/" + CLIENT, Map.of("committing_host", UP),
                "Client configured successfully");
        Path acl = tpgs.resolve("tpgt_1/acls/" + CLIENT);
        assertTrue("ACL in LIO", Files.isDirectory(acl));

        target = target(dump());
        map(map(target.get("clients")).get(CLIENT)).put("luns", Map.of(DISK_1, Map.of("lun_id", 0)));
        commit(op("update", "targets", TARGET, target));
        ok("PUT", "/api/_clientlun/" + TARGET + "/" + CLIENT, clientForm(DISK_1, "", ""),
                "Client configured successfully");
        assertTrue("LUN mapped to the host", Files.isDirectory(acl.resolve("lun_0")));

        target = target(dump());
        map(map(target.get("clients")).get(CLIENT)).put("auth", chap("upuser", "upsecret1234"));
        commit(op("update", "targets", TARGET, target));
        ok("PUT", "/api/_clientauth/" + TARGET + "/" + CLIENT, clientForm(DISK_1, "upuser", "upsecret1234"),
                "Client configured successfully");
        assertEquals("upuser", read(acl.resolve("auth/userid")));
        assertEquals("upsecret1234", read(acl.resolve("auth/password")));

        // a host group with a second host: its ACL and LUN
        target = target(dump());
        map(target.get("clients")).put(MEMBER, client(Map.of(DISK_1, Map.of("lun_id", 0)), "g1"));
        map(target.get("groups")).put("g1", Map.of("members", List.of(MEMBER),
                "disks", Map.of(DISK_1, Map.of("lun_id", 0))));
        commit(op("update", "targets", TARGET, target));
        ok("PUT", "/api/_hostgroup/" + TARGET + "/g1", Map.of("members", MEMBER, "disks", DISK_1),
                "Group created/updated");
        assertTrue("group member's LUN", Files.isDirectory(tpgs.resolve("tpgt_1/acls/" + MEMBER + "/lun_0")));

        // ACLs off and on again (target auth): gw-up commits first
        for (boolean acls : List.of(false, true)) {
            target = target(dump());
            target.put("acl_enabled", acls);
            commit(op("update", "targets", TARGET, target));
            Map<String, String> form = new LinkedHashMap<>(chapForm("", ""));
            form.put("committing_host", UP);
            form.put("action", acls ? "enable_acl" : "disable_acl");
            ok("PUT", "/api/_targetauth/" + TARGET, form, "OK");
            assertEquals(acls ? "0" : "1", read(tpgs.resolve("tpgt_1/attrib/generate_node_acls")));
        }
    }

    /** upstream's internal GETs, answered from the stored configuration in upstream's shapes and 404 texts */
    @Test
    public void b_theInternalReadsAnswerFromTheStoredConfiguration() throws Exception {
        Map<String, Object> client = gw.ok("GET", "/api/_client/" + TARGET + "/" + CLIENT, Map.of()).json();
        assertEquals("upuser", map(client.get("auth")).get("username"));
        assertEquals(Map.of(DISK_1, Map.of("lun_id", 0)), client.get("luns"));
        notFound("/api/_client/" + TARGET + "/iqn.1994-05.com.example:nobody", "Client does not exist");

        Map<String, Object> disk = gw.ok("GET", "/api/_disk/" + DISK_1, Map.of()).json();
        assertEquals("gwk", disk.get("owner"));
        assertFalse("no status in the internal read", disk.containsKey("status"));
        notFound("/api/_disk/rbd/nothing_" + RUN, "rbd image rbd/nothing_" + RUN + " not found");

        Map<String, Object> portal = gw.ok("GET", "/api/_gateway/" + TARGET + "/" + UP, Map.of()).json();
        assertEquals(List.of(UP_IP), portal.get("portal_ip_addresses"));
        notFound("/api/_gateway/" + TARGET + "/gw-none", "Gateway doesn't exist in the configuration");

        Map<String, Object> group = gw.ok("GET", "/api/_hostgroup/" + TARGET + "/g1", Map.of()).json();
        assertEquals(List.of(MEMBER), group.get("members"));
        notFound("/api/_hostgroup/" + TARGET + "/g2", "Group name does not exist");
    }

    /** what upstream has a gateway commit itself is refused, before and without any change */
    @Test
    public void c_whatUpstreamHasThisGatewayCommitItselfIsRefusedAndChangesNothing() throws Exception {
        Object epoch = dump().get("epoch");
        Map<String, String> lio = lio();
        refused("DELETE", "/api/_hostgroup/" + TARGET + "/g1", Map.of());
        refused("PUT", "/api/_client/" + TARGET + "/iqn.1994-05.com.example:mine", Map.of("committing_host", "gwk"));
        refused("DELETE", "/api/_disk/" + DISK_2, Map.of("purge_host", "gwk", "preserve_image", "true"));
        refused("PUT", "/api/_disk/" + DISK_2, Map.of("mode", "resize", "size", "128M", "owner", "gwk",
                "pool", "rbd"));
        assertEquals("no commit", epoch, dump().get("epoch"));
        assertEquals("LIO unchanged", lio, lio());
        assertEquals(64 * MIB, imageSize(DISK_2));
    }

    /**
     * A resize: gw-up grows the image (no commit) and calls the others; a disk reconfigure: deactivate and
     * activate on all, then the controls' commit. The LUN stays in gwk's LIO throughout.
     */
    @Test
    public void d_aResizeReachesLioAndAReconfigureKeepsTheLun() throws Exception {
        rbd("resize", DISK_1, "--size", "96M");
        ok("PUT", "/api/_disk/" + DISK_1, Map.of("mode", "resize", "size", "96M", "owner", UP, "pool", "rbd"),
                "LUN resized");
        Path backstore = backstore(DISK_1);
        assertEquals(Long.toString(96 * MIB), read(backstore.resolve("attrib/dev_size")));

        // an initiator with the LUN logged in through gwk (as the kernel shows it): deactivate refused as upstream's
        Path info = gw.configfs().resolve("target/iscsi/" + TARGET + "/tpgt_1/acls/" + MEMBER + "/info");
        String idle = Files.readString(info);
        Files.writeString(info, "InitiatorName: " + MEMBER + "\nInitiatorAlias: \n"
                + "LIO Session ID: 1   ISID: 0x80 31 88 70 00 00  TSIH: 1  SessionType: Normal\n"
                + "Session State: TARG_SESS_STATE_LOGGED_IN\n"
                + "----------------------[iSCSI Connections]-------------------------\n"
                + "CID: 0  Connection State: TARG_CONN_STATE_LOGGED_IN\n   Address 192.0.2.50 TCP  StatSN: 0x1\n");
        GatewayProcess.Reply inUse = gw.request("PUT", "/api/_disk/" + DISK_1, Map.of("mode", "deactivate"));
        assertEquals(inUse.body(), 500, inUse.status());
        assertEquals("deactivate failed - LUN " + DISK_1.substring(4) + " in-use", inUse.json().get("message"));
        Files.writeString(info, idle);
        ok("PUT", "/api/_disk/" + DISK_1, Map.of("mode", "deactivate"), "LUN deactivated");
        ok("PUT", "/api/_disk/" + DISK_1, Map.of("mode", "activate", "controls", "{\"qfull_timeout\": 20}"),
                "LUN activated");
        Map<String, Object> disk = map(map(dump().get("disks")).get(DISK_1));
        disk.put("controls", Map.of("qfull_timeout", 20));
        long epoch = commit(op("update", "disks", DISK_1, disk));
        awaitEpoch(epoch);
        assertEquals("20", read(backstore.resolve("attrib/qfull_time_out")));
        assertTrue(Files.isDirectory(gw.configfs().resolve("target/iscsi/" + TARGET + "/tpgt_1/lun/lun_0")));
    }

    /**
     * Upstream's remote-first orders: gwk is called before gw-up commits; it answers at once and its LIO follows
     * the commit. Discovery CHAP, target controls, a client delete, a LUN unmap, a disk delete.
     */
    @Test
    public void e_remoteFirstChangesReachLioWithUpstreamsCommit() throws Exception {
        Path iscsi = gw.configfs().resolve("target/iscsi");
        ok("PUT", "/api/_discoveryauth/", chapForm("discuser", "discsecret12"), "OK");
        Map<String, Object> discovery = chap("discuser", "discsecret12");
        awaitEpoch(commit(op("update", "discovery_auth", "", discovery)));
        assertEquals("discuser", read(iscsi.resolve("discovery_auth/userid")));

        Path tpg = iscsi.resolve(TARGET + "/tpgt_1");
        Map<String, String> reconfigure = Map.of("mode", "reconfigure", "controls", "{\"cmdsn_depth\": 128}");
        ok("PUT", "/api/_target/" + TARGET, reconfigure, "Target reconfigured successfully");
        Map<String, Object> target = target(dump());
        target.put("controls", Map.of("cmdsn_depth", 128));
        awaitEpoch(commit(op("update", "targets", TARGET, target)));
        assertEquals("128", read(tpg.resolve("acls/" + MEMBER + "/cmdsn_depth")));
        GatewayProcess.Reply noMode = gw.request("PUT", "/api/_target/" + TARGET, Map.of("controls", "{}"));
        assertEquals(noMode.body(), 500, noMode.status());

        ok("DELETE", "/api/_client/" + TARGET + "/" + CLIENT, Map.of("committing_host", UP), "Client deleted ok");
        target = target(dump());
        map(target.get("clients")).remove(CLIENT);
        awaitEpoch(commit(op("update", "targets", TARGET, target)));
        assertFalse("ACL gone", Files.exists(tpg.resolve("acls/" + CLIENT)));

        ok("DELETE", "/api/_targetlun/" + TARGET, Map.of("disk", DISK_2, "purge_host", UP), "LUN mapped");
        Map<String, Object> config = dump();
        target = target(config);
        map(target.get("disks")).remove(DISK_2);
        Map<String, Object> disk = map(map(config.get("disks")).get(DISK_2));
        disk.remove("owner");
        Map<String, Object> gwk = map(map(config.get("gateways")).get("gwk"));
        gwk.put("active_luns", ((Number) gwk.get("active_luns")).intValue() - 1);
        awaitEpoch(commit(op("update", "targets", TARGET, target), op("update", "disks", DISK_2, disk),
                op("update", "gateways", "gwk", gwk)));
        assertFalse("LUN 1 gone", Files.exists(tpg.resolve("lun/lun_1")));

        // a disk still mapped is not deleted: upstream's answer
        GatewayProcess.Reply mapped = gw.request("DELETE", "/api/_disk/" + DISK_1, Map.of("purge_host", UP));
        assertEquals(mapped.body(), 400, mapped.status());
        assertThat(mapped.body(), containsString("allocated to " + TARGET));
        // gwk holds no backstore of an unmapped disk: the purge host may delete the image
        ok("DELETE", "/api/_disk/" + DISK_2, Map.of("purge_host", UP, "preserve_image", "false"), "LUN removed");
        assertTrue(lio().keySet().stream().noneMatch(path -> path.contains(DISK_2.substring(4))));
        rbd("rm", DISK_2);
        awaitEpoch(commit(op("delete", "disks", DISK_2, null)));
        notFound("/api/_disk/" + DISK_2, "rbd image " + DISK_2 + " not found");
    }

    /** gw-up leaves: it removes itself from the configuration first, then gwk follows */
    @Test
    public void f_anUpstreamGatewayLeaves() throws Exception {
        Map<String, Object> config = dump();
        Map<String, Object> target = target(config);
        target.put("ip_list", List.of("127.0.0.1"));
        Map<String, Object> portals = map(target.get("portals"));
        portals.remove(UP);
        Map<String, Object> own = map(portals.get("gwk"));
        own.put("gateway_ip_list", List.of("127.0.0.1"));
        own.put("inactive_portal_ips", List.of());
        own.put("tpgs", 1);
        commit(op("update", "targets", TARGET, target), op("delete", "gateways", UP, null));
        ok("DELETE", "/api/_gateway/" + TARGET + "/" + UP, Map.of(), "Gateway deleted.");
        Path tpgs = gw.configfs().resolve("target/iscsi/" + TARGET);
        assertFalse("gw-up's TPG gone", Files.exists(tpgs.resolve("tpgt_2")));
        assertTrue(Files.isDirectory(tpgs.resolve("tpgt_1/lun/lun_0")));
    }

    /**
     * A target deleted through gw-up (upstream's DELETE /api/target): gw-up, first in portal order, clears its own
     * part and commits it, then calls gwk's _target DELETE; gwk removes and commits its own part (the last portal:
     * the target goes) and replies once its LIO has no target. Refused first, changing nothing, while the target has
     * disks or clients.
     */
    @Test
    public void g_aTargetDeletedThroughAnUpstreamGateway() throws Exception {
        Object epoch = dump().get("epoch");
        GatewayProcess.Reply busy = gw.request("DELETE", "/api/_target/" + TARGET, Map.of());
        assertEquals(busy.body(), 400, busy.status());
        assertEquals("Clients(1) and disks(1) must be removed before the gateways", busy.json().get("message"));
        assertEquals("no commit", epoch, dump().get("epoch"));

        // a second target served by gw-up first, then gwk (gw-up joined it before gwk)
        String second = TARGET + "-2";
        List<String> ips = List.of(UP_IP, "127.0.0.1");
        Map<String, Object> target = new LinkedHashMap<>(target(dump()));
        target.put("clients", Map.of());
        target.put("disks", Map.of());
        target.put("groups", Map.of());
        target.put("controls", Map.of());
        target.put("ip_list", ips);
        Map<String, Object> portals = new LinkedHashMap<>();
        portals.put(UP, new LinkedHashMap<>(Map.of("tpgs", 2, "gateway_ip_list", ips,
                "portal_ip_addresses", List.of(UP_IP), "inactive_portal_ips", List.of("127.0.0.1"))));
        portals.put("gwk", new LinkedHashMap<>(Map.of("tpgs", 2, "gateway_ip_list", ips,
                "portal_ip_addresses", List.of("127.0.0.1"), "inactive_portal_ips", List.of(UP_IP))));
        target.put("portals", portals);
        awaitEpoch(commit(op("add", "gateways", UP, Map.of("active_luns", 0)), op("add", "targets", second, target)));
        Path secondInLio = gw.configfs().resolve("target/iscsi/" + second);
        assertTrue("gwk serves the second target", Files.isDirectory(secondInLio.resolve("tpgt_2")));

        // gw-up's own part (upstream's clearconfig on gw-up), then the call to gwk
        target = target(dump(), second);
        map(target.get("portals")).remove(UP);
        target.put("ip_list", List.of("127.0.0.1"));
        commit(op("update", "targets", second, target), op("delete", "gateways", UP, null));
        ok("DELETE", "/api/_target/" + second, Map.of(), "Gateway removed successfully");

        assertFalse("the target left gwk's LIO when the reply came", Files.exists(secondInLio));
        Map<String, Object> config = dump();
        assertFalse("the last portal took the target with it", map(config.get("targets")).containsKey(second));
        assertTrue("gwk still serves the first target", map(config.get("gateways")).containsKey("gwk"));
        assertTrue(Files.isDirectory(gw.configfs().resolve("target/iscsi/" + TARGET + "/tpgt_1/lun/lun_0")));
        // upstream calls no gateway twice; a repeat finds nothing to do and commits nothing
        Object after = config.get("epoch");
        GatewayProcess.Reply again = gw.request("DELETE", "/api/_target/" + second, Map.of());
        assertEquals(again.body(), 404, again.status());
        assertEquals(after, dump().get("epoch"));
    }

    /**
     * An appliance added to a target of live ceph-iscsi gateways, and removed again, through upstream's gwcli (its
     * PUT/DELETE /api/gateway on gw-up): upstream calls the gateway being added or removed first, and it defines or
     * removes itself in the configuration; gwk does so and replies once its LIO has it.
     */
    @Test
    public void h_anApplianceJoinsAndLeavesATargetThroughAnUpstreamGateway() throws Exception {
        String third = TARGET + "-3";
        Map<String, Object> target = new LinkedHashMap<>(target(dump()));
        target.put("clients", Map.of());
        target.put("disks", Map.of());
        target.put("groups", Map.of());
        target.put("controls", Map.of());
        target.put("ip_list", List.of(UP_IP));
        target.put("portals", Map.of(UP, Map.of("tpgs", 1, "gateway_ip_list", List.of(UP_IP),
                "portal_ip_addresses", List.of(UP_IP), "inactive_portal_ips", List.of())));
        awaitEpoch(commit(op("add", "gateways", UP, Map.of("active_luns", 0)), op("add", "targets", third, target)));
        Path thirdInLio = gw.configfs().resolve("target/iscsi/" + third);
        assertFalse("not gwk's target yet", Files.exists(thirdInLio));

        Object epoch = dump().get("epoch");
        GatewayProcess.Reply foreign = gw.request("PUT", "/api/_gateway/" + third + "/gwk",
                Map.of("gateway_ip_list", UP_IP + ",10.255.255.1", "nosync", "true"));
        assertEquals(foreign.body(), 400, foreign.status());
        assertThat(String.valueOf(foreign.json().get("message")), containsString("IP address 10.255.255.1 is not on gwk"));
        assertEquals("no commit", epoch, dump().get("epoch"));

        // gwk is added: called first, it defines itself
        ok("PUT", "/api/_gateway/" + third + "/gwk", Map.of("gateway_ip_list", UP_IP + ",127.0.0.1", "nosync", "true"),
                "Gateway defined/mapped");
        assertTrue("gwk's TPG in its LIO when the reply came", Files.isDirectory(thirdInLio.resolve("tpgt_2")));
        target = target(dump(), third);
        List<String> both = List.of(UP_IP, "127.0.0.1");
        assertEquals(both, target.get("ip_list"));
        assertEquals(Map.of("tpgs", 2, "gateway_ip_list", both, "portal_ip_addresses", List.of("127.0.0.1"),
                "inactive_portal_ips", List.of(UP_IP)), map(target.get("portals")).get("gwk"));
        assertEquals("gw-up's entry learns the new list", Map.of("tpgs", 2, "gateway_ip_list", both,
                "portal_ip_addresses", List.of(UP_IP), "inactive_portal_ips", List.of("127.0.0.1")),
                map(target.get("portals")).get(UP));

        // gwk is removed: called first, it removes itself
        ok("DELETE", "/api/_gateway/" + third + "/gwk", Map.of(), "Gateway deleted.");
        assertFalse("gone from gwk's LIO when the reply came", Files.exists(thirdInLio));
        Map<String, Object> config = dump();
        target = target(config, third);
        assertEquals(List.of(UP_IP), target.get("ip_list"));
        assertEquals(List.of(UP), new ArrayList<>(map(target.get("portals")).keySet()));
        assertTrue("gwk still serves the first target", map(config.get("gateways")).containsKey("gwk"));
    }

    // ----- upstream's side

    /** what upstream's LUN.map_lun commits on the allocating host (gw-up), then the fan-out call */
    private static void mapDisk(String disk, int lunId) throws Exception {
        Map<String, Object> config = dump();
        Map<String, Object> target = target(config);
        map(target.get("disks")).put(disk, Map.of("lun_id", lunId));
        Map<String, Object> entry = map(map(config.get("disks")).get(disk));
        entry.put("owner", "gwk");
        Map<String, Object> gwk = map(map(config.get("gateways")).get("gwk"));
        gwk.put("active_luns", ((Number) gwk.get("active_luns")).intValue() + 1);
        commit(op("update", "disks", disk, entry), op("update", "targets", TARGET, target),
                op("update", "gateways", "gwk", gwk));
        ok("PUT", "/api/_targetlun/" + TARGET, Map.of("disk", disk, "owner", "gwk", "allocating_host", UP),
                "LUN mapped");
    }

    private static List<Object> op(String op, String section, String key, Object value) {
        List<Object> list = new ArrayList<>(List.of(op, section, key));
        list.add(value);
        return list;
    }

    /** commits as upstream's gateway does; returns the committed epoch */
    @SafeVarargs
    private static long commit(List<Object>... ops) throws Exception {
        Map<String, Object> committed = JSON.readValue(upstream("commit", JSON.writeValueAsString(List.of(ops))),
                Map.class);
        return ((Number) committed.get("epoch")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dump() throws Exception {
        return JSON.readValue(upstream("dump"), Map.class);
    }

    private static String upstream(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(),
                upstreamSettings.toString(), gwConf));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("CEPH_CONF");
        builder.environment().remove("CEPH_ARGS");
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("upstream_commit.py " + command.subList(4, command.size()) + " failed: "
                    + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> target(Map<String, Object> config) {
        return target(config, TARGET);
    }

    private static Map<String, Object> target(Map<String, Object> config, String iqn) {
        return map(map(config.get("targets")).get(iqn));
    }

    private static Map<String, Object> client(Map<String, Object> luns, String group) {
        return new LinkedHashMap<>(Map.of("auth", chap("", ""), "luns", luns, "group_name", group));
    }

    private static Map<String, Object> chap(String user, String password) {
        return new LinkedHashMap<>(Map.of("username", user, "password", password,
                "password_encryption_enabled", false, "mutual_username", "", "mutual_password", "",
                "mutual_password_encryption_enabled", false));
    }

    private static Map<String, String> chapForm(String user, String password) {
        return Map.of("username", user, "password", password, "mutual_username", "", "mutual_password", "");
    }

    /** upstream's _clientlun / _clientauth form: committing host, image list, CHAP */
    private static Map<String, String> clientForm(String images, String user, String password) {
        Map<String, String> form = new LinkedHashMap<>(chapForm(user, password));
        form.put("committing_host", UP);
        form.put("image_list", images);
        return form;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    // ----- the appliance's side

    private static void ok(String method, String path, Map<String, String> form, String message) throws Exception {
        assertEquals(message, gw.ok(method, path, form).json().get("message"));
    }

    private static void notFound(String path, String message) throws Exception {
        GatewayProcess.Reply reply = gw.get(path);
        assertEquals(reply.body(), 404, reply.status());
        assertEquals(message, reply.json().get("message"));
    }

    private static void refused(String method, String path, Map<String, String> form) throws Exception {
        GatewayProcess.Reply reply = gw.request(method, path, form);
        assertEquals(method + " " + path + ": " + reply.body(), 400, reply.status());
        assertThat(String.valueOf(reply.json().get("message")),
                containsString("finish the migration of the other gateways first"));
    }

    /** waits (as a peer does, one {@code _status} call) until gwk's LIO is at {@code epoch} */
    private static void awaitEpoch(long epoch) throws Exception {
        Map<String, Object> status = gw.ok("GET", "/api/_status?epoch=" + epoch + "&wait_ms=5000", Map.of()).json();
        assertTrue("gwk at epoch " + epoch + ": " + status, ((Number) status.get("applied_epoch")).longValue() >= epoch);
    }

    /** every path under gwk's configfs root, with the content of each file */
    private static Map<String, String> lio() throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.walk(gw.configfs())) {
            for (Path path : paths.sorted().toList()) {
                String key = gw.configfs().relativize(path).toString();
                all.put(key, Files.isRegularFile(path) ? Files.readString(path) : "/");
            }
        }
        return all;
    }

    private static Path backstore(String disk) throws IOException {
        try (Stream<Path> sos = Files.list(gw.configfs().resolve("target/core/user_0"))) {
            TreeSet<Path> names = new TreeSet<>(sos.filter(Files::isDirectory).toList());
            return names.stream().filter(p -> p.getFileName().toString().endsWith(disk.substring(4))).findFirst()
                    .orElseThrow(() -> new AssertionError("no backstore of " + disk + " in " + names));
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }

    private static long imageSize(String disk) throws Exception {
        Map<String, Object> info = JSON.readValue(rbd("info", disk, "--format", "json"), Map.class);
        return ((Number) info.get("size")).longValue();
    }

    private static String rbd(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("rbd", "-c", TestCluster.conf()));
        command.addAll(List.of(arguments));
        Process rbd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(rbd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("rbd " + List.of(arguments) + ": " + out, rbd.waitFor(60, TimeUnit.SECONDS) && rbd.exitValue() == 0);
        return out;
    }
}
