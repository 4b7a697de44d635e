package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Hostile input, generated: every route of the REST API is described here once (its path and form parameters, each
 * with a kind and a value that is fine), and the corpus is every route × every parameter × every bad value of the
 * parameter's kind plus the hostile strings every text field gets (empty, overlong, non-ASCII, path traversal, shell
 * and JSON metacharacters, control characters), with the other parameters fine; plus, per route, an unknown form
 * field and a huge body. Each request must be answered 4xx with a message that names the parameter, and must leave
 * {@code GET /api/config}'s epoch where it was. Afterwards the appliance still answers {@code _ping}, and its thread
 * count has not grown beyond noise.
 *
 * <p>The same for the shell: gwcli one-shots over SSH with bad arguments, each failing (exit ≠ 0) with a message
 * naming the parameter, the epoch unchanged.
 *
 * <p>One appliance ({@link GatewayProcess}) on its embedded backend over plain HTTP with a baseline built through
 * the API (as {@link RestBadInputIT}'s): a target with this gateway, four disks, three clients, two host groups,
 * and a second target without ACLs. Every answer is written to {@code target/hostile-input/}.
 */
public class HostileInputIT {

    private static final String GW = "gw-hostile.example.com";
    private static final String T = "iqn.2003-01.com.example.iscsi-gw:hostile";
    private static final String T2 = "iqn.2003-01.com.example.iscsi-gw:hostile-noacl";
    private static final String T_NEW = "iqn.2003-01.com.example.iscsi-gw:hostile-new";
    private static final String T_NONE = "iqn.2003-01.com.example.iscsi-gw:nosuch";
    private static final String C = "iqn.1994-05.com.example:hostile-host";
    private static final String C2 = "iqn.1994-05.com.example:hostile-host2";
    private static final String C_NEW = "iqn.1994-05.com.example:hostile-new";
    private static final String C_NONE = "iqn.1994-05.com.example:nosuch";
    private static final String D1 = "rbd/hostile_1"; // mapped to T, given to C
    private static final String D2 = "rbd/hostile_2"; // defined, not mapped; snapshot snap1
    private static final String D3 = "rbd/hostile_3"; // mapped to T, in group grp1
    private static final String D4 = "rbd/hostile_4"; // mapped to T, nobody has it
    private static final String GOOD_USER = "gooduser1";
    private static final String GOOD_PW = "goodsecret12";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A bad control is named by its key. */
    private static final String[] CONTROL_PHRASES = {"controls", "qfull_timeout", "bogus_control", "cmdsn_depth"};

    private static GatewayProcess gw;
    private static int port;
    private static String password;
    private static HttpClient http;

    /** What a parameter holds: decides its bad values. */
    enum Kind {
        IQN, GATEWAY_NAME, IP_LIST, POOL, IMAGE, SNAPSHOT, GROUP, DISK, DISK_LIST, MEMBER_LIST, SIZE, COUNT, LUN_ID,
        FLAG, CREATE_IMAGE, BACKSTORE, WWN, CONTROLS, CHAP_USER, CHAP_PASSWORD, TARGET_MODE, DISK_MODE, SNAP_MODE,
        AUTH_ACTION, GROUP_ACTION, QUERY_TYPE, CONTROL_NAME, CONTROL_VALUE
    }

    /**
     * One parameter of a route: in the path or the form, its kind, a value that is fine ({@code null}: absent), and
     * the words a message naming it may use (its name always counts).
     */
    record P(String name, boolean inPath, boolean required, Kind kind, String good, List<String> phrases) {

        static P path(String name, Kind kind, String good, String... phrases) {
            return new P(name, true, true, kind, good, List.of(phrases));
        }

        /** An optional form field: empty is the same as absent. */
        static P form(String name, Kind kind, String good, String... phrases) {
            return new P(name, false, false, kind, good, List.of(phrases));
        }

        /** A form field the route needs: empty is bad. */
        static P needed(String name, Kind kind, String good, String... phrases) {
            return new P(name, false, true, kind, good, List.of(phrases));
        }
    }

    /** A route: method, path under /api with {name} placeholders, its parameters. */
    record Route(String method, String template, List<P> params) {

        String label() {
            P mode = params.stream().filter(p -> p.name().equals("mode") && p.good() != null).findFirst()
                    .orElse(null);
            return method + " /api/" + template + (mode == null ? "" : " mode=" + mode.good());
        }
    }

    /** One generated request and the parameter it is bad in. */
    record Case(Route route, String param, String what, String path, Map<String, String> form, byte[] rawBody,
                List<String> phrases) {
    }

    static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        P target = P.path("target_iqn", Kind.IQN, T, "target_iqn");
        P client = P.path("client_iqn", Kind.IQN, C, "client_iqn");
        P pool = P.path("pool", Kind.POOL, "rbd", "pool name", "pool");
        // reads
        routes.add(new Route("GET", "targets", List.of()));
        routes.add(new Route("GET", "config", List.of()));
        routes.add(new Route("GET", "settings", List.of()));
        routes.add(new Route("GET", "gatewayinfo", List.of()));
        routes.add(new Route("GET", "disks", List.of()));
        routes.add(new Route("GET", "_ping", List.of()));
        routes.add(new Route("GET", "_status", List.of()));
        routes.add(new Route("GET", "sysinfo/{query_type}", List.of(P.path("query_type", Kind.QUERY_TYPE,
                "hostname", "query_type", "sysinfo"))));
        routes.add(new Route("GET", "gateways/{target_iqn}", List.of(target)));
        routes.add(new Route("GET", "clients/{target_iqn}", List.of(target)));
        routes.add(new Route("GET", "hostgroups/{target_iqn}", List.of(target)));
        routes.add(new Route("GET", "targetinfo/{target_iqn}", List.of(target)));
        routes.add(new Route("GET", "_targetinfo/{target_iqn}", List.of(target)));
        routes.add(new Route("GET", "hostgroup/{target_iqn}/{group_name}", List.of(target,
                P.path("group_name", Kind.GROUP, "grp1", "group name", "group"))));
        routes.add(new Route("GET", "clientinfo/{target_iqn}/{client_iqn}", List.of(target, client)));
        routes.add(new Route("GET", "_clientinfo/{target_iqn}/{client_iqn}", List.of(target, client)));
        routes.add(new Route("GET", "_clientlun/{target_iqn}/{client_iqn}", List.of(target, client)));
        routes.add(new Route("GET", "disk/{pool}/{image}", List.of(pool,
                P.path("image", Kind.IMAGE, "hostile_1", "image name", "image"))));
        // targets and gateways
        routes.add(new Route("PUT", "target/{target_iqn}", List.of(
                P.path("target_iqn", Kind.IQN, T_NEW, "target_iqn"),
                P.form("mode", Kind.TARGET_MODE, null, "mode"),
                P.form("controls", Kind.CONTROLS, null, CONTROL_PHRASES))));
        routes.add(new Route("PUT", "target/{target_iqn}", List.of(target,
                P.form("mode", Kind.TARGET_MODE, "reconfigure", "mode"),
                P.form("controls", Kind.CONTROLS, "{\"cmdsn_depth\": 64}", CONTROL_PHRASES))));
        routes.add(new Route("DELETE", "target/{target_iqn}", List.of(P.path("target_iqn", Kind.IQN, T_NONE,
                "target_iqn"))));
        routes.add(new Route("PUT", "gateway/{target_iqn}/{gateway_name}", List.of(target,
                P.path("gateway_name", Kind.GATEWAY_NAME, "gw-new.example.com", "gateway_name", "gateway name"),
                P.needed("ip_address", Kind.IP_LIST, "127.0.0.8", "ip_address", "IP address"),
                P.form("skipchecks", Kind.FLAG, "true", "skipchecks"),
                P.form("nosync", Kind.FLAG, null, "nosync"))));
        routes.add(new Route("DELETE", "gateway/{target_iqn}/{gateway_name}", List.of(target,
                P.path("gateway_name", Kind.GATEWAY_NAME, GW, "gateway_name", "gateway name"),
                P.form("force", Kind.FLAG, null, "force"))));
        routes.add(new Route("PUT", "targetlun/{target_iqn}", List.of(target,
                P.needed("disk", Kind.DISK, D2, "disk", "pool name", "image name"),
                P.form("lun_id", Kind.LUN_ID, null, "lun_id", "Lun id"))));
        routes.add(new Route("DELETE", "targetlun/{target_iqn}", List.of(target,
                P.needed("disk", Kind.DISK, D2, "disk", "pool name", "image name"))));
        // disks and snapshots
        P newImage = P.path("image", Kind.IMAGE, "hostile_new", "image name", "image");
        P d2 = P.path("image", Kind.IMAGE, "hostile_2", "image name", "image");
        routes.add(new Route("PUT", "disk/{pool}/{image}", List.of(pool, newImage,
                P.needed("mode", Kind.DISK_MODE, "create", "mode"),
                P.needed("size", Kind.SIZE, "16M", "size"),
                P.form("count", Kind.COUNT, null, "count"),
                P.form("backstore", Kind.BACKSTORE, null, "backstore"),
                P.form("wwn", Kind.WWN, null, "wwn"),
                P.form("create_image", Kind.CREATE_IMAGE, null, "create_image"),
                P.form("controls", Kind.CONTROLS, null, CONTROL_PHRASES))));
        routes.add(new Route("PUT", "disk/{pool}/{image}", List.of(pool, d2,
                P.needed("mode", Kind.DISK_MODE, "resize", "mode"),
                P.needed("size", Kind.SIZE, "32M", "size"))));
        routes.add(new Route("PUT", "disk/{pool}/{image}", List.of(pool, d2,
                P.needed("mode", Kind.DISK_MODE, "reconfigure", "mode"),
                P.form("controls", Kind.CONTROLS, "{\"qfull_timeout\": 10}", CONTROL_PHRASES))));
        routes.add(new Route("DELETE", "disk/{pool}/{image}", List.of(pool,
                P.path("image", Kind.IMAGE, "hostile_1", "image name", "image"),
                P.form("preserve_image", Kind.FLAG, null, "preserve_image"))));
        P snapshot = P.path("name", Kind.SNAPSHOT, "snap_new", "snapshot name", "snapshot");
        routes.add(new Route("PUT", "disksnap/{pool}/{image}/{name}", List.of(pool, d2, snapshot,
                P.needed("mode", Kind.SNAP_MODE, "create", "mode"))));
        routes.add(new Route("DELETE", "disksnap/{pool}/{image}/{name}", List.of(pool, d2,
                P.path("name", Kind.SNAPSHOT, "nosnap", "snapshot name", "snapshot"))));
        // CHAP
        List<P> chap = List.of(P.needed("username", Kind.CHAP_USER, GOOD_USER, "username"),
                P.needed("password", Kind.CHAP_PASSWORD, GOOD_PW, "password"),
                P.form("mutual_username", Kind.CHAP_USER, "mutualuser1", "mutual_username", "mutual username"),
                P.form("mutual_password", Kind.CHAP_PASSWORD, "mutualsecret", "mutual_password", "mutual password"));
        routes.add(new Route("PUT", "discoveryauth", chap));
        List<P> targetAuth = new ArrayList<>();
        targetAuth.add(P.path("target_iqn", Kind.IQN, T2, "target_iqn"));
        targetAuth.add(P.form("action", Kind.AUTH_ACTION, null, "action", "auth"));
        targetAuth.addAll(chap);
        routes.add(new Route("PUT", "targetauth/{target_iqn}", targetAuth));
        // clients
        routes.add(new Route("PUT", "client/{target_iqn}/{client_iqn}", List.of(target,
                P.path("client_iqn", Kind.IQN, C_NEW, "client_iqn"))));
        routes.add(new Route("DELETE", "client/{target_iqn}/{client_iqn}", List.of(target,
                P.path("client_iqn", Kind.IQN, C_NONE, "client_iqn"))));
        List<P> clientAuth = new ArrayList<>(List.of(target, client));
        clientAuth.addAll(chap);
        routes.add(new Route("PUT", "clientauth/{target_iqn}/{client_iqn}", clientAuth));
        routes.add(new Route("PUT", "clientlun/{target_iqn}/{client_iqn}", List.of(target, client,
                P.needed("disk", Kind.DISK, D4, "disk", "pool name", "image name"))));
        routes.add(new Route("DELETE", "clientlun/{target_iqn}/{client_iqn}", List.of(target, client,
                P.needed("disk", Kind.DISK, D1, "disk", "pool name", "image name"))));
        // host groups
        routes.add(new Route("PUT", "hostgroup/{target_iqn}/{group_name}", List.of(target,
                P.path("group_name", Kind.GROUP, "grp_new", "group name", "group_name"),
                P.form("members", Kind.MEMBER_LIST, null, "members"),
                P.form("disks", Kind.DISK_LIST, null, "disks", "pool name", "image name"),
                P.form("action", Kind.GROUP_ACTION, null, "action"))));
        routes.add(new Route("DELETE", "hostgroup/{target_iqn}/{group_name}", List.of(target,
                P.path("group_name", Kind.GROUP, "nogroup", "group name", "group_name"))));
        return routes;
    }

    /** What every text parameter gets, whatever its kind. */
    static Map<String, String> hostileStrings() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("overlong", "x".repeat(5000));
        values.put("non-ASCII", "ünïcødé-✓-名前");
        values.put("path traversal", "../../../etc/passwd");
        values.put("encoded traversal", "..%2F..%2Fetc%2Fshadow");
        values.put("shell $()", "$(touch /tmp/hostile-pwned)");
        values.put("shell backticks", "`id`");
        values.put("shell ;", "a;rm -rf /");
        values.put("shell |&", "a|cat /etc/shadow&&reboot");
        values.put("JSON close", "\"}],{\"x\":\"");
        values.put("NUL", "a\u0000b");
        values.put("newline", "a\nb");
        values.put("format", "%s%n%x%d");
        values.put("HTML", "<script>alert(1)</script>");
        return values;
    }

    /** The bad values specific to a kind (the hostile strings come on top for every kind). */
    static Map<String, String> badValues(Kind kind) {
        Map<String, String> v = new LinkedHashMap<>();
        switch (kind) {
            case IQN -> {
                v.put("no date", "iqn.bad");
                v.put("space", "iqn.2003-01.com.example:with space");
                v.put("underscore", "iqn.2003-01.com.example:under_score");
                v.put("eui", "eui.0123456789abcdef");
                v.put("naa", "naa.5001405123456789");
                v.put("overlong IQN", "iqn.2003-01.com.example:" + "a".repeat(240));
                v.put("non-ASCII IQN", "iqn.2003-01.com.exämple:x");
                v.put("bad month", "iqn.2003-13.com.example:x");
            }
            case GATEWAY_NAME -> {
                v.put("space", "gw x");
                v.put("leading dash", "-gw.example.com");
                v.put("overlong label", "g".repeat(64) + ".example.com");
                v.put("empty label", "gw..example.com");
            }
            case IP_LIST -> {
                v.put("octet", "999.1.1.1");
                v.put("name", "not-an-ip");
                v.put("scoped", "fe80::1%eth0");
                v.put("half bracket", "[::1");
                v.put("prefix", "127.0.0.9/24");
                v.put("duplicate", "127.0.0.9,127.0.0.9");
                v.put("short form", "127.1");
                v.put("hex", "0x7f.0.0.9");
            }
            case POOL, IMAGE, SNAPSHOT, GROUP -> {
                v.put("space", "bad name");
                v.put("bang", "bad!name");
                v.put("slash", "a/b");
                v.put("255 chars", "n".repeat(255));
            }
            case DISK, DISK_LIST -> {
                v.put("no slash", "noslash");
                v.put("empty image", "rbd/");
                v.put("empty pool", "/img");
                v.put("space", "rbd/bad name");
                v.put("two slashes", "rbd/a/b");
            }
            case MEMBER_LIST -> {
                v.put("bad IQN", "iqn.bad");
                v.put("one bad of two", C2 + ",iqn.bad");
            }
            case SIZE -> {
                v.put("letters", "abc");
                v.put("zero", "0M");
                v.put("negative", "-1G");
                v.put("fraction", "1.5G");
                v.put("unit", "16Q");
                v.put("huge", "99999999999999999999T");
                v.put("hex", "0x10M");
                v.put("space", "16 M");
            }
            case COUNT -> {
                v.put("letters", "abc");
                v.put("zero", "0");
                v.put("too many", "11");
                v.put("negative", "-1");
                v.put("fraction", "1.5");
                v.put("huge", "99999999999");
            }
            case LUN_ID -> {
                v.put("letters", "x");
                v.put("negative", "-1");
                v.put("too high", "256");
                v.put("huge", "99999999999");
                v.put("fraction", "1.5");
            }
            case FLAG, CREATE_IMAGE -> {
                v.put("maybe", "maybe");
                v.put("number", "2");
            }
            case BACKSTORE -> {
                v.put("fileio", "fileio");
                v.put("block", "block");
            }
            case WWN -> {
                v.put("300 chars", "w".repeat(300));
            }
            case CONTROLS -> {
                v.put("not JSON", "{not json");
                v.put("array", "[1,2]");
                v.put("null", "null");
                v.put("string", "\"cmdsn_depth\"");
                v.put("unknown key", "{\"bogus_control\": 1}");
                v.put("wrong type", "{\"" + "qfull_timeout" + "\": \"abc\"}");
                v.put("nested", "{\"qfull_timeout\": {\"a\": [1]}}");
                v.put("huge number", "{\"qfull_timeout\": 1e99999}");
                v.put("deep nesting", "[".repeat(5000) + "]".repeat(5000));
                v.put("trailing garbage", "{\"qfull_timeout\": 10} x");
            }
            case CHAP_USER -> {
                v.put("too short", "short");
                v.put("too long", "u".repeat(65));
                v.put("bang", "bad!user!name");
                v.put("space", "user name 1");
            }
            case CHAP_PASSWORD -> {
                v.put("too short", "short");
                v.put("too long", "p".repeat(17));
                v.put("space", "pass word 12");
                v.put("quote", "secret\"12345");
            }
            case TARGET_MODE, DISK_MODE, SNAP_MODE -> {
                v.put("unknown", "explode");
                v.put("upper case", "CREATE");
            }
            case AUTH_ACTION -> {
                v.put("unknown", "bogus");
            }
            case GROUP_ACTION -> {
                v.put("unknown", "bogus");
            }
            case QUERY_TYPE, CONTROL_NAME -> {
                v.put("unknown", "bogus");
            }
            case CONTROL_VALUE -> {
                v.put("letters", "abc");
                v.put("zero", "0");
                v.put("negative", "-1");
                v.put("fraction", "1.5");
                v.put("huge", "99999999999");
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
        return v;
    }

    /** Every case: route × parameter × bad value, plus per route an unknown field and a huge body. */
    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        for (Route route : routes()) {
            for (P bad : route.params()) {
                Map<String, String> values = new LinkedHashMap<>(badValues(bad.kind()));
                values.putAll(hostileStrings());
                if (!bad.inPath() && bad.required()) {
                    values.put("empty", "");
                }
                if (bad.inPath()) {
                    values.remove("NUL"); // a NUL in a URL is refused by the HTTP layer, tried below as raw
                }
                for (Map.Entry<String, String> value : values.entrySet()) {
                    cases.add(build(route, bad, value.getKey(), value.getValue()));
                }
            }
            // a huge body: 2 MiB in the first form field (or an unknown one)
            Map<String, String> huge = goodForm(route);
            String field = route.params().stream().filter(p -> !p.inPath()).map(P::name).findFirst()
                    .orElse("bogus_field");
            huge.put(field, "h".repeat(2 * 1024 * 1024));
            cases.add(new Case(route, field, "huge body", goodPath(route, null, null), huge, null,
                    List.of(field, "body")));
            if (route.method().equals("GET")) {
                continue;
            }
            // an unknown form field, the rest fine
            Map<String, String> form = goodForm(route);
            form.put("bogus_field", "1");
            cases.add(new Case(route, "bogus_field", "unknown field", goodPath(route, null, null), form, null,
                    List.of("bogus_field")));
            // a JSON body where a form is expected
            cases.add(new Case(route, "body", "JSON body", goodPath(route, null, null), null,
                    "{\"target_iqn\": \"../../x\"}".getBytes(StandardCharsets.UTF_8),
                    List.of("body", "form", "content type", "Content-Type")));
        }
        return cases;
    }

    private static Case build(Route route, P bad, String what, String value) {
        Map<String, String> form = goodForm(route);
        if (!bad.inPath()) {
            form.put(bad.name(), value);
        }
        List<String> phrases = new ArrayList<>(bad.phrases());
        phrases.add(bad.name());
        return new Case(route, bad.name(), what, goodPath(route, bad.inPath() ? bad.name() : null, value), form,
                null, phrases);
    }

    private static Map<String, String> goodForm(Route route) {
        Map<String, String> form = new LinkedHashMap<>();
        for (P p : route.params()) {
            if (!p.inPath() && p.good() != null) {
                form.put(p.name(), p.good());
            }
        }
        return form;
    }

    private static String goodPath(Route route, String badName, String badValue) {
        String path = route.template();
        for (P p : route.params()) {
            if (p.inPath()) {
                String value = p.name().equals(badName) ? badValue : p.good();
                path = path.replace("{" + p.name() + "}", enc(value));
            }
        }
        return "/api/" + path;
    }

    @BeforeClass
    public static void startAndBuildBaseline() throws Exception {
        Path parent = Files.createDirectories(Path.of("target/hostile-input"));
        port = GatewayProcess.freePort();
        password = "pw-" + UUID.randomUUID();
        gw = GatewayProcess.install(parent, GW, "127.0.0.1", port, password,
                Map.of("backend", "embedded", "api_secure", "false", "minimum_gateways", "1"));
        gw.authorizeSshKey();
        gw.start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        gw.ok("PUT", "/api/target/" + T, Map.of());
        gw.ok("PUT", "/api/gateway/" + T + "/" + GW, Map.of("ip_address", "127.0.0.1", "skipchecks", "true"));
        for (String disk : List.of(D1, D2, D3, D4)) {
            gw.ok("PUT", "/api/disk/" + disk, Map.of("mode", "create", "size", "16M"));
        }
        for (String disk : List.of(D1, D3, D4)) {
            gw.ok("PUT", "/api/targetlun/" + T, Map.of("disk", disk));
        }
        gw.ok("PUT", "/api/client/" + T + "/" + C, Map.of());
        gw.ok("PUT", "/api/client/" + T + "/" + C2, Map.of());
        gw.ok("PUT", "/api/clientlun/" + T + "/" + C, Map.of("disk", D1));
        gw.ok("PUT", "/api/hostgroup/" + T + "/grp1", Map.of("members", C2, "disks", D3));
        gw.ok("PUT", "/api/disksnap/" + D2 + "/snap1", Map.of("mode", "create"));
        gw.ok("PUT", "/api/target/" + T2, Map.of());
        gw.ok("PUT", "/api/targetauth/" + T2, Map.of("action", "disable_acl"));
        gw.awaitSsh();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    public void everyRouteRefusesTheGeneratedCorpusNamingTheParameterAndCommitsNothing() throws Exception {
        List<Case> cases = corpus();
        // the corpus covers every route the appliance lists (GET /api) or documents (openapi.json)
        List<String> described = routes().stream().map(r -> r.method() + " /api/" + r.template()).distinct()
                .toList();
        Map<String, Object> openApi = JSON.readValue(gw.get("/api/openapi.json").body(), Map.class);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Object> path : ((Map<String, Object>) openApi.get("paths")).entrySet()) {
            for (String method : ((Map<String, Object>) path.getValue()).keySet()) {
                String route = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
                if (!route.equals("GET /api") && !route.equals("GET /api/openapi.json")
                        && !described.contains(route)) {
                    missing.add(route);
                }
            }
        }
        assertEquals("documented routes without a description here", List.of(), missing);

        long threadsBefore = threads();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byRoute = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        StringBuilder log = new StringBuilder("| # | route | parameter | value | status | message |\n|---|---|---|---|---|---|\n");
        int outsideRoutes = 0;
        long epoch = epoch();
        long started = System.nanoTime();
        int n = 0;
        for (Case c : cases) {
            n++;
            HttpResponse<String> reply = send(c);
            long after = epoch();
            String message = message(reply.body());
            byStatus.merge(reply.statusCode(), 1, Integer::sum);
            byRoute.merge(c.route().label(), 1, Integer::sum);
            List<String> wrong = new ArrayList<>();
            if (reply.statusCode() < 400 || reply.statusCode() > 499) {
                wrong.add("status " + reply.statusCode());
            }
            String lower = message.toLowerCase(Locale.ROOT);
            // a '/' in a path segment makes another URL: the HTTP layer answers (404/405/400) before any route
            // sees the request, so there is no field to name
            boolean beforeRouting = c.path().contains("%2F") && (!reply.body().startsWith("{\"message\"")
                    || message.equals("HTTP 404 Not Found") || message.equals("HTTP 405 Method Not Allowed"));
            if (beforeRouting) {
                outsideRoutes++;
            } else if (c.phrases().stream().noneMatch(p -> lower.contains(p.toLowerCase(Locale.ROOT)))) {
                wrong.add("message names none of " + c.phrases());
            }
            if (after != epoch) {
                wrong.add("epoch " + epoch + " -> " + after);
                epoch = after;
            }
            log.append(String.format("| %d | %s | %s | %s | %d | %s |%n", n, c.route().label(), c.param(), c.what(),
                    reply.statusCode(), shorten(message)));
            if (!wrong.isEmpty()) {
                failures.add("#" + n + " " + c.route().label() + " " + c.param() + " (" + c.what() + "): "
                        + String.join(", ", wrong) + " - " + reply.statusCode() + " " + shorten(message));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        GatewayProcess.Reply ping = gw.get("/api/_ping");
        long threadsAfter = threads();
        String summary = String.format("%d requests over %d routes in %.1f s; by status %s (%d of them answered by "
                        + "the HTTP layer before routing: a '/' in a path segment); threads %d -> %d; _ping %d%n",
                cases.size(), byRoute.size(), seconds, byStatus, outsideRoutes, threadsBefore, threadsAfter,
                ping.status());
        Files.writeString(Path.of("target/hostile-input/rest.md"), summary + log);
        System.out.print(summary);
        System.out.println(String.join("\n", failures));
        assertTrue("at least 500 cases: " + cases.size(), cases.size() >= 500);
        assertEquals(200, ping.status());
        assertTrue("threads " + threadsBefore + " -> " + threadsAfter, threadsAfter <= threadsBefore + 20);
        assertEquals(failures.size() + " of " + cases.size() + " cases did not hold:\n" + String.join("\n",
                failures), 0, failures.size());
    }

    /** One gwcli command: the node, the verb, its key=value parameters. */
    record Command(String path, String verb, List<P> params) {

        String label() {
            return "gwcli " + path + " " + verb;
        }
    }

    static List<Command> commands() {
        String target = "/iscsi-targets/" + T;
        List<P> chap = List.of(P.needed("username", Kind.CHAP_USER, GOOD_USER, "username"),
                P.needed("password", Kind.CHAP_PASSWORD, GOOD_PW, "password"));
        return List.of(
                new Command("/iscsi-targets", "create", List.of(P.needed("target_iqn", Kind.IQN, T_NEW,
                        "target_iqn"))),
                new Command("/iscsi-targets", "delete", List.of(P.needed("target_iqn", Kind.IQN, T_NONE,
                        "target_iqn"))),
                new Command("/iscsi-targets", "discovery_auth", chap),
                new Command("/iscsi-targets/" + T2, "auth", chap),
                new Command(target, "reconfigure", List.of(P.needed("attribute", Kind.CONTROL_NAME, "cmdsn_depth",
                        "attribute", "controls"), P.needed("value", Kind.CONTROL_VALUE, "64", "value", "cmdsn_depth"))),
                new Command("/disks", "create", List.of(P.needed("pool", Kind.POOL, "rbd", "pool"),
                        P.needed("image", Kind.IMAGE, "hostile_new", "image"),
                        P.needed("size", Kind.SIZE, "16M", "size"), P.form("count", Kind.COUNT, null, "count"),
                        P.form("wwn", Kind.WWN, null, "wwn"))),
                new Command("/disks", "resize", List.of(P.needed("image_id", Kind.DISK, D2, "image_id", "pool name",
                        "image name", "disk"), P.needed("size", Kind.SIZE, "32M", "size"))),
                new Command("/disks", "delete", List.of(P.needed("image_id", Kind.DISK, "rbd/nosuch", "image_id",
                        "pool name", "image name", "disk name"))),
                new Command("/disks/" + D2, "snapshot", List.of(P.needed("action", Kind.SNAP_MODE, "create",
                        "action"), P.needed("name", Kind.SNAPSHOT, "snap_new", "name", "snapshot"))),
                new Command(target + "/gateways", "create", List.of(P.needed("gateway_name", Kind.GATEWAY_NAME,
                        "gw-new.example.com", "gateway_name"), P.needed("ip_addresses", Kind.IP_LIST, "127.0.0.8",
                        "ip_address", "IP address"), P.form("skipchecks", Kind.FLAG, "true", "skipchecks"))),
                new Command(target + "/disks", "add", List.of(P.needed("disk", Kind.DISK, D2, "disk", "pool name",
                        "image name"), P.form("lun_id", Kind.LUN_ID, null, "lun_id", "lun id"))),
                new Command(target + "/hosts", "create", List.of(P.needed("client_iqn", Kind.IQN, C_NEW,
                        "client_iqn"))),
                new Command(target + "/hosts/" + C, "auth", chap),
                new Command(target + "/host-groups", "create", List.of(P.needed("group_name", Kind.GROUP, "grp_new",
                        "group_name", "group name"))));
    }

    @Test
    public void gwcliOneShotsWithBadArgumentsFailNamingTheParameterAndCommitNothing() throws Exception {
        // over SSH each value is single-quoted, so Karaf's shell passes it as one literal argument; values that
        // cannot travel in an SSH command line (NUL, newline) or hold a quote are left to the REST corpus
        // fewer values than the REST corpus (each one-shot is an SSH login): the same checks behind both faces
        List<String> hostile = List.of("overlong", "shell $()", "JSON close");
        List<String[]> cases = new ArrayList<>(); // label, command line, phrases joined by '|'
        for (Command command : commands()) {
            for (P bad : command.params()) {
                Map<String, String> values = new LinkedHashMap<>();
                badValues(bad.kind()).entrySet().stream().limit(2).forEach(e -> values.put(e.getKey(), e.getValue()));
                hostile.forEach(name -> values.put(name, hostileStrings().get(name)));
                for (Map.Entry<String, String> value : values.entrySet()) {
                    if (value.getValue().contains("'") || value.getValue().contains("\n")) {
                        continue;
                    }
                    if (command.verb().equals("create") && bad.name().equals("pool")
                            && value.getValue().contains("/")) {
                        continue; // upstream's create pool=<pool>/<image> shorthand: the other values shift along
                    }
                    StringBuilder line = new StringBuilder("gwcli " + command.path() + " " + command.verb());
                    for (P p : command.params()) {
                        String v = p == bad ? value.getValue() : p.good();
                        if (v != null) {
                            line.append(' ').append(p.name()).append("='").append(v).append('\'');
                        }
                    }
                    List<String> phrases = new ArrayList<>(bad.phrases());
                    phrases.add(bad.name());
                    cases.add(new String[] {command.label() + " " + bad.name() + " (" + value.getKey() + ")",
                            line.toString(), String.join("|", phrases)});
                }
            }
            // an unknown parameter, the rest fine
            StringBuilder line = new StringBuilder("gwcli " + command.path() + " " + command.verb());
            command.params().stream().filter(p -> p.good() != null)
                    .forEach(p -> line.append(' ').append(p.name()).append("='").append(p.good()).append('\''));
            line.append(" bogus_param=1");
            cases.add(new String[] {command.label() + " bogus_param (unknown parameter)", line.toString(),
                    "bogus_param"});
        }
        List<String> failures = new ArrayList<>();
        Map<String, Integer> byOutcome = new TreeMap<>();
        StringBuilder log = new StringBuilder("| # | command | exit | output |\n|---|---|---|---|\n");
        long epoch = epoch();
        long started = System.nanoTime();
        int n = 0;
        for (String[] c : cases) {
            n++;
            GatewayProcess.Reply reply = gw.ssh(c[1]);
            long after = epoch();
            String output = reply.body().strip();
            byOutcome.merge(reply.status() == 0 ? "exit 0" : "exit " + reply.status(), 1, Integer::sum);
            List<String> wrong = new ArrayList<>();
            if (reply.status() == 0) {
                wrong.add("exit 0");
            }
            String lower = output.toLowerCase(Locale.ROOT);
            if (java.util.Arrays.stream(c[2].split("\\|")).noneMatch(p -> lower.contains(p.toLowerCase(Locale.ROOT)))) {
                wrong.add("output names none of " + c[2]);
            }
            if (after != epoch) {
                wrong.add("epoch " + epoch + " -> " + after);
                epoch = after;
            }
            log.append(String.format("| %d | %s | %d | %s |%n", n, shorten(c[1]), reply.status(), shorten(output)));
            if (!wrong.isEmpty()) {
                failures.add("#" + n + " " + c[0] + ": " + String.join(", ", wrong) + " - " + shorten(output));
            }
        }
        String summary = String.format("%d gwcli one-shots over %d commands in %.1f s; %s; _ping %d%n", cases.size(),
                commands().size(), (System.nanoTime() - started) / 1e9, byOutcome, gw.get("/api/_ping").status());
        Files.writeString(Path.of("target/hostile-input/shell.md"), summary + log);
        System.out.print(summary);
        System.out.println(String.join("\n", failures));
        assertTrue("at least 100 shell cases: " + cases.size(), cases.size() >= 100);
        assertEquals(200, gw.get("/api/_ping").status());
        assertEquals(failures.size() + " of " + cases.size() + " shell cases did not hold:\n"
                + String.join("\n", failures), 0, failures.size());
    }

    private static HttpResponse<String> send(Case c) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + c.path()))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password)
                        .getBytes(StandardCharsets.UTF_8)));
        if (c.rawBody() != null) {
            request.header("Content-Type", "application/json");
            request.method(c.route().method(), HttpRequest.BodyPublishers.ofByteArray(c.rawBody()));
        } else if (c.form().isEmpty() || c.route().method().equals("GET") && !c.what().equals("huge body")) {
            request.method(c.route().method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded");
            request.method(c.route().method(), HttpRequest.BodyPublishers.ofString(formBody(c.form())));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The appliance JVM's thread count, from /proc. */
    private static long threads() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + gw.jvmPid() + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.substring(8).trim());
            }
        }
        throw new AssertionError("no Threads: line");
    }

    static long epoch() throws Exception {
        return ((Number) gw.ok("GET", "/api/config", Map.of()).json().get("epoch")).longValue();
    }

    static String message(String body) {
        try {
            Object message = JSON.readValue(body, Map.class).get("message");
            return message == null ? body : String.valueOf(message);
        } catch (Exception notJson) {
            return body;
        }
    }

    static String shorten(String text) {
        String oneLine = text.replace("\n", "\\n").replace("|", "\\|").replaceAll("(.)\\1{19,}", "$1$1$1…");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** One path segment, percent-encoded (a space as %20, not '+'). */
    static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
