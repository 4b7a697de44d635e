package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Bad input, table-driven: malformed or missing parameters sent to every mutating route of upstream's REST API
 * (reference §d). Each row must be refused with the 4xx it names, with a message that names the field (or the
 * phrase upstream uses for it), and must leave {@code GET /api/config}'s epoch where it was: nothing committed.
 *
 * <p>One appliance on its embedded backend over plain HTTP, {@code minimum_gateways = 1}, with a baseline built
 * through the API first: a target with this gateway, four disks (three mapped, one with a snapshot), three clients
 * (one with a LUN), two host groups (one with a disk, one without). The whole table is run and printed (row, route, form, expected, actual status and
 * message) before the test fails with every row that did not hold.
 */
public class RestBadInputIT {

    private static final String GW = "gw-bad.example.com";
    private static final String T = "iqn.2003-01.com.example.iscsi-gw:bad";
    private static final String T_NEW = "iqn.2003-01.com.example.iscsi-gw:bad-new";
    private static final String T_NONE = "iqn.2003-01.com.example.iscsi-gw:nosuch";
    private static final String C = "iqn.1994-05.com.example:bad-host";
    private static final String C2 = "iqn.1994-05.com.example:bad-host2";
    private static final String C3 = "iqn.1994-05.com.example:bad-host3"; // in group grp0, no LUNs
    private static final String C_NONE = "iqn.1994-05.com.example:nosuch";
    private static final String D1 = "rbd/bad_disk_1"; // mapped to T, LUN 0, given to C
    private static final String D2 = "rbd/bad_disk_2"; // defined, not mapped; has snapshot snap1
    private static final String D3 = "rbd/bad_disk_3"; // mapped to T, LUN 1, in group grp1
    private static final String D4 = "rbd/bad_disk_4"; // mapped to T, LUN 2, nobody has it
    private static final String GROUP = "grp1";      // members C2, disks D3
    private static final String GOOD_PW = "goodsecret12";
    private static final String GOOD_USER = "gooduser1";

    private static GatewayProcess gw;

    /** One row: the request and what it must be refused with. */
    record Row(String method, String path, Map<String, String> form, int status, String phrase) {
    }

    @BeforeClass
    public static void startAndBuildBaseline() throws Exception {
        Path parent = Files.createDirectories(Path.of("target/bad-input"));
        gw = GatewayProcess.install(parent, GW, "127.0.0.1", GatewayProcess.freePort(), "pw-" + UUID.randomUUID(),
                Map.of("backend", "embedded", "api_secure", "false", "minimum_gateways", "1"));
        gw.start();
        gw.ok("PUT", "/api/target/" + T, Map.of());
        gw.ok("PUT", "/api/gateway/" + T + "/" + GW, Map.of("ip_address", "127.0.0.1", "skipchecks", "true"));
        for (String disk : List.of(D1, D2, D3, D4)) {
            gw.ok("PUT", "/api/disk/" + disk, Map.of("mode", "create", "size", "16M"));
        }
        gw.ok("PUT", "/api/targetlun/" + T, Map.of("disk", D1));
        gw.ok("PUT", "/api/targetlun/" + T, Map.of("disk", D3));
        gw.ok("PUT", "/api/targetlun/" + T, Map.of("disk", D4));
        gw.ok("PUT", "/api/client/" + T + "/" + C, Map.of());
        gw.ok("PUT", "/api/client/" + T + "/" + C2, Map.of());
        gw.ok("PUT", "/api/clientlun/" + T + "/" + C, Map.of("disk", D1));
        gw.ok("PUT", "/api/hostgroup/" + T + "/" + GROUP, Map.of("members", C2, "disks", D3));
        gw.ok("PUT", "/api/client/" + T + "/" + C3, Map.of());
        gw.ok("PUT", "/api/hostgroup/" + T + "/grp0", Map.of("members", C3));
        gw.ok("PUT", "/api/disksnap/" + D2 + "/snap1", Map.of("mode", "create"));
    }

    @AfterClass
    public static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    public void everyMutatingRouteRefusesBadInputNamingTheFieldAndCommitsNothing() throws Exception {
        List<Row> rows = table();
        Set<String> routes = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        StringBuilder printed = new StringBuilder();
        printed.append(String.format("%n| # | request | form | expected | actual | epoch | message |%n"
                + "|---|---|---|---|---|---|---|%n"));
        int n = 0;
        for (Row row : rows) {
            n++;
            routes.add(row.method() + " /api/" + row.path().split("/")[0]
                    + (row.path().startsWith("disk/") && row.method().equals("PUT")
                    ? " mode=" + row.form().getOrDefault("mode", "<none>") : ""));
            long before = epoch();
            GatewayProcess.Reply reply = gw.request(row.method(), "/api/" + row.path(), row.form());
            long after = epoch();
            String message = message(reply);
            List<String> wrong = new ArrayList<>();
            if (reply.status() != row.status()) {
                wrong.add("status " + reply.status() + " (expected " + row.status() + ")");
            }
            if (!message.toLowerCase(Locale.ROOT).contains(row.phrase().toLowerCase(Locale.ROOT))) {
                wrong.add("message does not contain '" + row.phrase() + "'");
            }
            if (after != before) {
                wrong.add("epoch changed " + before + " -> " + after);
            }
            printed.append(String.format("| %d | %s %s | %s | %d `%s` | %d | %s | %s |%n", n, row.method(),
                    shorten(row.path()), shorten(row.form().toString()), row.status(), row.phrase(), reply.status(),
                    after == before ? "=" + before : before + "->" + after,
                    shorten(message)));
            if (!wrong.isEmpty()) {
                failures.add("#" + n + " " + row.method() + " /api/" + row.path() + " " + row.form() + ": "
                        + String.join(", ", wrong) + " - reply " + reply.status() + " " + reply.body());
            }
        }
        System.out.println(printed);
        Files.writeString(Path.of("target/bad-input/table.md"), printed); // for notes to quote
        System.out.println(rows.size() + " rows over " + routes.size() + " routes: " + routes);
        assertTrue("at least 60 rows: " + rows.size(), rows.size() >= 60);
        // every mutating route of §d is in the table
        for (String route : List.of("PUT /api/target", "DELETE /api/target", "PUT /api/gateway",
                "DELETE /api/gateway", "PUT /api/targetlun", "DELETE /api/targetlun", "PUT /api/disk mode=create",
                "PUT /api/disk mode=resize", "PUT /api/disk mode=reconfigure", "DELETE /api/disk",
                "PUT /api/disksnap", "DELETE /api/disksnap", "PUT /api/discoveryauth", "PUT /api/targetauth",
                "PUT /api/client", "DELETE /api/client", "PUT /api/clientauth", "PUT /api/clientlun",
                "DELETE /api/clientlun", "PUT /api/hostgroup", "DELETE /api/hostgroup")) {
            assertTrue("no row for " + route, routes.contains(route));
        }
        assertEquals("rows that did not hold:\n" + String.join("\n", failures), 0, failures.size());
        // and the baseline is intact
        Map<String, Object> config = gw.ok("GET", "/api/config", Map.of()).json();
        assertEquals(4, ((Map<?, ?>) config.get("disks")).size());
    }

    private static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        String longUser = "u".repeat(65);
        // ----- PUT/DELETE /api/target
        rows.add(new Row("PUT", "target/" + T_NEW, form("mode", "bogus"), 400, "mode"));
        rows.add(new Row("PUT", "target/" + T_NEW, form("controls", "{not json"), 400, "controls"));
        rows.add(new Row("PUT", "target/" + T_NEW, form("controls", "[1,2]"), 400, "controls"));
        rows.add(new Row("PUT", "target/" + T_NEW, form("controls", "{\"bogus_control\": 1}"), 400,
                "bogus_control"));
        rows.add(new Row("PUT", "target/" + T_NEW, form("controls", "{\"cmdsn_depth\": \"abc\"}"), 400,
                "cmdsn_depth"));
        rows.add(new Row("PUT", "target/" + T_NEW, form("controls", "{\"cmdsn_depth\": 100000}"), 400,
                "cmdsn_depth"));
        rows.add(new Row("PUT", "target/" + T_NEW, form("controls", "{\"cmdsn_depth\": 0}"), 400, "cmdsn_depth"));
        rows.add(new Row("PUT", "target/" + T_NEW, form("controls", "{\"cmdsn_depth\": {\"a\": 1}}"), 400,
                "cmdsn_depth"));
        rows.add(new Row("PUT", "target/" + T_NEW, form("controls", "{\"cmdsn_depth\": 1.5}"), 400, "cmdsn_depth"));
        rows.add(new Row("PUT", "target/" + T_NEW, form("controls", "{\"cmdsn_depth\": true}"), 400, "cmdsn_depth"));
        rows.add(new Row("PUT", "target/" + T_NEW, form("controls", "{\"immediate_data\": \"maybe\"}"), 400,
                "immediate_data"));
        rows.add(new Row("PUT", "target/" + T_NEW, form("controls", "null"), 400, "controls"));
        rows.add(new Row("PUT", "target/" + enc("iqn.2003-01.com.example.iscsi-gw:with space"), form(), 400,
                "target_iqn"));
        rows.add(new Row("PUT", "target/iqn.2003-01.com.example.iscsi-gw:under_score", form(), 400, "target_iqn"));
        rows.add(new Row("PUT", "target/eui.0123456789abcdef", form(), 400, "target_iqn"));
        rows.add(new Row("PUT", "target/iqn.20-01.com.example", form(), 400, "target_iqn"));
        rows.add(new Row("PUT", "target/" + T, form(), 409, T));
        rows.add(new Row("PUT", "target/" + T.toUpperCase(Locale.ROOT).replace("IQN", "iqn"), form(), 409, T));
        rows.add(new Row("PUT", "target/" + T_NONE, form("mode", "reconfigure", "controls",
                "{\"cmdsn_depth\": 64}"), 400, "not defined"));
        rows.add(new Row("PUT", "target/" + T, form("mode", "reconfigure", "controls", "{\"immediate_data\": 7}"),
                400, "immediate_data"));
        rows.add(new Row("DELETE", "target/" + T_NONE, form(), 404, "does not exist"));
        rows.add(new Row("DELETE", "target/" + T, form(), 400, "must be removed"));
        rows.add(new Row("DELETE", "target/iqn.bad", form(), 400, "target_iqn"));

        // ----- PUT/DELETE /api/gateway
        rows.add(new Row("PUT", "gateway/" + T + "/gw-x", form(), 400, "ip_address"));
        rows.add(new Row("PUT", "gateway/" + T + "/gw-x", form("ip_address", "", "skipchecks", "true"), 400,
                "ip_address"));
        rows.add(new Row("PUT", "gateway/" + T + "/gw-x", form("ip_address", "999.1.1.1", "skipchecks", "true"),
                400, "ip_address"));
        rows.add(new Row("PUT", "gateway/" + T + "/gw-x", form("ip_address", "not-an-ip", "skipchecks", "true"),
                400, "ip_address"));
        rows.add(new Row("PUT", "gateway/" + T + "/gw-x", form("ip_address", "fe80::1%eth0", "skipchecks", "true"),
                400, "ip_address"));
        rows.add(new Row("PUT", "gateway/" + T + "/gw-x", form("ip_address", "[::1", "skipchecks", "true"),
                400, "ip_address"));
        rows.add(new Row("PUT", "gateway/" + T + "/gw-x", form("ip_address", "127.0.0.9/24", "skipchecks", "true"),
                400, "ip_address"));
        rows.add(new Row("PUT", "gateway/" + T + "/gw-x", form("ip_address", "127.0.0.9,127.0.0.9",
                "skipchecks", "true"), 400, "IP address"));
        rows.add(new Row("PUT", "gateway/" + T + "/gw-x", form("ip_address", "127.0.0.1", "skipchecks", "true"),
                400, "IP address already defined"));
        rows.add(new Row("PUT", "gateway/" + T + "/" + GW, form("ip_address", "127.0.0.8", "skipchecks", "true"),
                400, "Gateway already exists"));
        rows.add(new Row("PUT", "gateway/" + T_NONE + "/gw-x", form("ip_address", "127.0.0.8", "skipchecks",
                "true"), 404, "does not exist"));
        rows.add(new Row("PUT", "gateway/" + T + "/gw-unreachable", form("ip_address", "127.0.0.50"), 400,
                "gw-unreachable"));
        rows.add(new Row("PUT", "gateway/" + T + "/" + enc(" "), form("ip_address", "127.0.0.8", "skipchecks",
                "true"), 400, "gateway_name"));
        rows.add(new Row("DELETE", "gateway/" + T + "/gw-none", form(), 404, "Gateway does not exist"));
        rows.add(new Row("DELETE", "gateway/" + T + "/" + GW, form(), 400, "last gateway"));
        rows.add(new Row("DELETE", "gateway/iqn.bad/" + GW, form(), 400, "target_iqn"));

        // ----- PUT/DELETE /api/targetlun
        rows.add(new Row("PUT", "targetlun/" + T, form(), 400, "disk"));
        rows.add(new Row("PUT", "targetlun/" + T, form("disk", "nopool"), 400, "disk"));
        rows.add(new Row("PUT", "targetlun/" + T, form("disk", "rbd/bad name"), 400, "image name"));
        rows.add(new Row("PUT", "targetlun/" + T, form("disk", "bad pool/img"), 400, "pool name"));
        rows.add(new Row("PUT", "targetlun/" + T, form("disk", "rbd/nosuch"), 400, "not defined"));
        rows.add(new Row("PUT", "targetlun/" + T, form("disk", D2, "lun_id", "x"), 400, "Lun id"));
        rows.add(new Row("PUT", "targetlun/" + T, form("disk", D2, "lun_id", "0"), 400, "Lun id 0"));
        rows.add(new Row("PUT", "targetlun/" + T, form("disk", D2, "lun_id", "256"), 400, "lun_id"));
        rows.add(new Row("PUT", "targetlun/" + T, form("disk", D2, "lun_id", "99999999999"), 400, "Lun id"));
        rows.add(new Row("PUT", "targetlun/" + T, form("disk", D2, "lun_id", "-1"), 400, "lun_id"));
        rows.add(new Row("PUT", "targetlun/" + T, form("disk", D1), 400, "already mapped"));
        rows.add(new Row("PUT", "targetlun/" + T_NONE, form("disk", D2), 404, "does not exist"));
        rows.add(new Row("DELETE", "targetlun/" + T, form(), 400, "disk"));
        rows.add(new Row("DELETE", "targetlun/" + T, form("disk", D2), 400, "not defined in target"));
        rows.add(new Row("DELETE", "targetlun/" + T, form("disk", D1), 400, "allocated to"));
        rows.add(new Row("DELETE", "targetlun/" + T, form("disk", D3), 400, "belongs to group"));
        rows.add(new Row("DELETE", "targetlun/" + T_NONE, form("disk", D4), 404, "does not exist"));

        // ----- PUT /api/disk (create, resize, reconfigure), DELETE /api/disk
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("size", "16M"), 400, "mode"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "explode", "size", "16M"), 400, "mode"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "abc"), 400, "Size"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "0M"), 400, "Size"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "10K"), 400, "Size"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "-1G"), 400, "Size"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create"), 400, "Size"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "99999999T"), 400, "Size"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "16M", "count", " 2"), 400,
                "count"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "16M", "count", "0"), 400,
                "count"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "16M", "count", "11"), 400,
                "count"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "16M", "count", "abc"), 400,
                "count"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "16M", "create_image",
                "maybe"), 400, "create_image"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "16M", "backstore",
                "fileio"), 400, "backstore"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "16M", "controls",
                "{not json"), 400, "controls"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "16M", "controls",
                "{\"foo\": 1}"), 400, "foo"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "16M", "controls",
                "{\"max_data_area_mb\": \"abc\"}"), 400, "max_data_area_mb"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "16M", "controls",
                "{\"qfull_timeout\": 601}"), 400, "qfull_timeout"));
        rows.add(new Row("PUT", "disk/" + enc("bad pool") + "/img", form("mode", "create", "size", "16M"), 400,
                "pool name"));
        rows.add(new Row("PUT", "disk/rbd/bad!name", form("mode", "create", "size", "16M"), 400, "image name"));
        rows.add(new Row("PUT", "disk/" + D1, form("mode", "create", "size", "16M"), 409, "already defined"));
        rows.add(new Row("PUT", "disk/rbd/bad_disk_", form("mode", "create", "size", "16M", "count", "5"), 409,
                "already defined"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "16M", "count", "2", "wwn",
                "abc"), 400, "WWN"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "16M", "wwn",
                "x".repeat(300)), 400, "WWN"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "size", "16M", "wwn", "abc\ndef"), 400,
                "WWN"));
        rows.add(new Row("PUT", "disk/rbd/new_disk", form("mode", "create", "create_image", "false"), 400,
                "does not exist"));
        rows.add(new Row("PUT", "disk/" + D2, form("mode", "resize"), 400, "size"));
        rows.add(new Row("PUT", "disk/" + D2, form("mode", "resize", "size", "abc"), 400, "Size"));
        rows.add(new Row("PUT", "disk/" + D2, form("mode", "resize", "size", "8M"), 400, "larger"));
        rows.add(new Row("PUT", "disk/rbd/nosuch", form("mode", "resize", "size", "32M"), 404, "not defined"));
        rows.add(new Row("PUT", "disk/rbd/nosuch", form("mode", "reconfigure", "controls",
                "{\"qfull_timeout\": 10}"), 404, "not defined"));
        rows.add(new Row("PUT", "disk/" + D2, form("mode", "reconfigure", "controls", "{\"foo\": 1}"), 400, "foo"));
        rows.add(new Row("PUT", "disk/" + D2, form("mode", "reconfigure", "controls",
                "{\"max_data_area_mb\": 100000}"), 400, "max_data_area_mb"));
        rows.add(new Row("PUT", "disk/" + D2, form("mode", "reconfigure", "controls", "[]"), 400, "controls"));
        rows.add(new Row("PUT", "disk/" + D2, form("mode", "reconfigure", "controls", "{\"hw_max_sectors\": 0}"),
                400, "hw_max_sectors"));
        rows.add(new Row("DELETE", "disk/rbd/nosuch", form(), 404, "not defined"));
        rows.add(new Row("DELETE", "disk/" + D1, form(), 409, "Allocated to"));
        rows.add(new Row("DELETE", "disk/" + D4, form(), 409, "Mapped to"));
        rows.add(new Row("DELETE", "disk/" + enc("bad pool") + "/img", form(), 400, "pool name"));

        // ----- PUT/DELETE /api/disksnap
        rows.add(new Row("PUT", "disksnap/" + D2 + "/s1", form(), 400, "mode"));
        rows.add(new Row("PUT", "disksnap/" + D2 + "/s1", form("mode", "explode"), 400, "mode"));
        rows.add(new Row("PUT", "disksnap/rbd/nosuch/s1", form("mode", "create"), 404, "not found"));
        rows.add(new Row("PUT", "disksnap/" + D2 + "/" + enc("s@1"), form("mode", "create"), 400,
                "snapshot name"));
        rows.add(new Row("PUT", "disksnap/" + D2 + "/snap1", form("mode", "create"), 400, "already exists"));
        rows.add(new Row("PUT", "disksnap/" + D2 + "/nosnap", form("mode", "rollback"), 404, "does not exist"));
        rows.add(new Row("DELETE", "disksnap/" + D2 + "/nosnap", form(), 404, "does not exist"));
        rows.add(new Row("DELETE", "disksnap/rbd/nosuch/snap1", form(), 404, "not found"));

        // ----- PUT /api/discoveryauth
        rows.add(new Row("PUT", "discoveryauth", form("username", GOOD_USER), 400, "password"));
        rows.add(new Row("PUT", "discoveryauth", form("password", GOOD_PW), 400, "username"));
        rows.add(new Row("PUT", "discoveryauth", form("username", "short", "password", GOOD_PW), 400,
                "username"));
        rows.add(new Row("PUT", "discoveryauth", form("username", longUser, "password", GOOD_PW), 400,
                "username"));
        rows.add(new Row("PUT", "discoveryauth", form("username", "bad!user!name", "password", GOOD_PW), 400,
                "username"));
        rows.add(new Row("PUT", "discoveryauth", form("username", GOOD_USER + "\n", "password", GOOD_PW), 400,
                "username"));
        rows.add(new Row("PUT", "discoveryauth", form("username", GOOD_USER, "password", "short"), 400,
                "password"));
        rows.add(new Row("PUT", "discoveryauth", form("username", GOOD_USER, "password", "p".repeat(17)), 400,
                "password"));
        rows.add(new Row("PUT", "discoveryauth", form("username", GOOD_USER, "password", "pass word 12"), 400,
                "password"));
        rows.add(new Row("PUT", "discoveryauth", form("username", GOOD_USER, "password", GOOD_PW,
                "mutual_username", "mutualuser1"), 400, "mutual password"));
        rows.add(new Row("PUT", "discoveryauth", form("username", GOOD_USER, "password", GOOD_PW,
                "mutual_password", "mutualsecret1"), 400, "mutual username"));
        rows.add(new Row("PUT", "discoveryauth", form("username", GOOD_USER, "password", GOOD_PW,
                "mutual_username", "mutualuser1", "mutual_password", "short"), 400, "mutual password"));

        // ----- PUT /api/targetauth
        rows.add(new Row("PUT", "targetauth/" + T, form("action", "bogus"), 400, "auth"));
        rows.add(new Row("PUT", "targetauth/" + T, form("action", "disable_acl"), 400, "clients"));
        rows.add(new Row("PUT", "targetauth/" + T, form("username", GOOD_USER, "password", GOOD_PW), 400,
                "ACL authentication is enabled"));
        rows.add(new Row("PUT", "targetauth/" + T, form("username", GOOD_USER), 400, "password"));
        rows.add(new Row("PUT", "targetauth/" + T, form("password", GOOD_PW), 400, "username"));
        rows.add(new Row("PUT", "targetauth/" + T_NONE, form("action", "enable_acl"), 404, "does not exist"));
        rows.add(new Row("PUT", "targetauth/iqn.bad", form(), 400, "target_iqn"));

        // ----- PUT/DELETE /api/client
        rows.add(new Row("PUT", "client/" + T + "/" + enc("iqn.1994-05.com.example:with space"), form(), 400,
                "client_iqn"));
        rows.add(new Row("PUT", "client/" + T + "/iqn.1994-05.com.example:under_score", form(), 400,
                "client_iqn"));
        rows.add(new Row("PUT", "client/" + T + "/naa.5001405123456789", form(), 400, "client_iqn"));
        rows.add(new Row("PUT", "client/" + T + "/eui.0123456789abcdef", form(), 400, "client_iqn"));
        rows.add(new Row("PUT", "client/" + T + "/" + C, form(), 409, "already defined"));
        rows.add(new Row("PUT", "client/" + T + "/" + C.toUpperCase(Locale.ROOT), form(), 409, "already defined"));
        rows.add(new Row("PUT", "client/" + T_NONE + "/" + C_NONE, form(), 404, "does not exist"));
        rows.add(new Row("DELETE", "client/" + T + "/" + C_NONE, form(), 404, "not defined"));
        rows.add(new Row("DELETE", "client/" + T + "/" + C2, form(), 409, "belongs to group"));
        rows.add(new Row("DELETE", "client/" + T + "/iqn.bad", form(), 400, "client_iqn"));
        rows.add(new Row("DELETE", "client/" + T_NONE + "/" + C, form(), 404, "does not exist"));

        // ----- PUT /api/clientauth
        rows.add(new Row("PUT", "clientauth/" + T + "/" + C_NONE, form("username", GOOD_USER, "password",
                GOOD_PW), 404, "does not exist"));
        rows.add(new Row("PUT", "clientauth/" + T + "/" + C, form("username", "short", "password", GOOD_PW), 400,
                "username"));
        rows.add(new Row("PUT", "clientauth/" + T + "/" + C, form("username", GOOD_USER, "password",
                "bad pass word"), 400, "password"));
        rows.add(new Row("PUT", "clientauth/" + T + "/" + C, form("username", GOOD_USER, "password", GOOD_PW,
                "mutual_username", "mutualuser1"), 400, "mutual password"));
        rows.add(new Row("PUT", "clientauth/" + T_NONE + "/" + C, form("username", GOOD_USER, "password",
                GOOD_PW), 404, "does not exist"));
        rows.add(new Row("PUT", "clientauth/" + T + "/iqn.bad", form(), 400, "client_iqn"));

        // ----- PUT/DELETE /api/clientlun
        rows.add(new Row("PUT", "clientlun/" + T + "/" + C, form(), 400, "disk"));
        rows.add(new Row("PUT", "clientlun/" + T + "/" + C, form("disk", "noslash"), 400, "disk"));
        rows.add(new Row("PUT", "clientlun/" + T + "/" + C, form("disk", "rbd/nosuch"), 404, "image list"));
        rows.add(new Row("PUT", "clientlun/" + T + "/" + C, form("disk", D1), 409, "duplicate"));
        rows.add(new Row("PUT", "clientlun/" + T + "/" + C, form("disk", D2), 404, D2)); // not mapped to T
        rows.add(new Row("PUT", "clientlun/" + T + "/" + C2, form("disk", D4), 409, "belongs to group"));
        rows.add(new Row("PUT", "clientlun/" + T + "/" + C_NONE, form("disk", D4), 404, "does not exist"));
        rows.add(new Row("DELETE", "clientlun/" + T + "/" + C, form(), 400, "disk"));
        rows.add(new Row("DELETE", "clientlun/" + T + "/" + C, form("disk", D4), 400, "not mapped to client"));
        rows.add(new Row("DELETE", "clientlun/" + T + "/" + C_NONE, form("disk", D1), 404, "does not exist"));

        // ----- PUT/DELETE /api/hostgroup
        rows.add(new Row("PUT", "hostgroup/" + T + "/grp2", form("action", "bogus"), 405, "action"));
        rows.add(new Row("PUT", "hostgroup/" + T + "/" + enc("bad name!"), form("members", C2), 400, "group name"));
        rows.add(new Row("PUT", "hostgroup/" + T + "/" + "g".repeat(33), form(), 400, "group name"));
        rows.add(new Row("PUT", "hostgroup/" + T + "/grp2", form("members", "iqn.bad"), 400, "members"));
        rows.add(new Row("PUT", "hostgroup/" + T + "/grp2", form("members", C_NONE), 400, "doesn't exist"));
        rows.add(new Row("PUT", "hostgroup/" + T + "/grp2", form("members", C), 400, "already has luns"));
        rows.add(new Row("PUT", "hostgroup/" + T + "/grp2", form("members", C2), 400, "already has luns"));
        rows.add(new Row("PUT", "hostgroup/" + T + "/grp2", form("members", C3), 400, "already assigned"));
        rows.add(new Row("PUT", "hostgroup/" + T + "/grp2", form("disks", D2), 400, D2));
        rows.add(new Row("PUT", "hostgroup/" + T + "/grp2", form("disks", "noslash"), 400, "disks"));
        rows.add(new Row("PUT", "hostgroup/" + T + "/" + GROUP, form("members", C, "action", "remove"), 400,
                "not a member"));
        rows.add(new Row("PUT", "hostgroup/" + T + "/" + GROUP, form("disks", D4, "action", "remove"), 400,
                "not in the group"));
        rows.add(new Row("PUT", "hostgroup/" + T_NONE + "/grp2", form("members", C2), 404, "does not exist"));
        rows.add(new Row("DELETE", "hostgroup/" + T + "/nogroup", form(), 404, "not found"));
        rows.add(new Row("DELETE", "hostgroup/" + T_NONE + "/" + GROUP, form(), 404, "does not exist"));
        return rows;
    }

    private static long epoch() throws Exception {
        return ((Number) gw.ok("GET", "/api/config", Map.of()).json().get("epoch")).longValue();
    }

    private static String message(GatewayProcess.Reply reply) {
        try {
            Object message = reply.json().get("message");
            return message == null ? reply.body() : String.valueOf(message);
        } catch (AssertionError notJson) {
            return reply.body();
        }
    }

    /** Long values (a 300-character WWN) shortened for the printed table. */
    private static String shorten(String text) {
        return text.replaceAll("([^=/,{ ])\\1{19,}", "$1$1$1…").replace("|", "\\|");
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    /** One path segment, percent-encoded (a space as %20, not '+'). */
    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
