package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Upstream's own gwcli (Debian's ceph-iscsi 3.5, python3, unchanged) driving this appliance's REST API: the admin
 * flow of the upstream docs, then {@code ls}. Migrating admins keep their tool and their scripts.
 */
public class UpstreamGwcliIT {

    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:upstream";
    private static final String CLIENT = "iqn.1994-05.com.example:upstream1";

    private static GatewayProcess gw;
    private static Path cfg;
    private static Path home;

    @BeforeClass
    public static void start() throws Exception {
        Path parent = Files.createDirectories(Path.of("target/upstream-gwcli"));
        String password = "pw-" + UUID.randomUUID().toString().substring(0, 8);
        int apiPort = GatewayProcess.freePort();
        String conf = TestCluster.conf();
        gw = GatewayProcess.install(parent, pythonFqdn(), "127.0.0.1", apiPort, password, Map.of("backend", "ceph",
                "ceph_conf", conf, "cluster_client_name", "client.admin", "pool", "iscsi",
                "gateway_conf", "gateway.conf.gwcli-" + UUID.randomUUID(), "api_secure", "false",
                "minimum_gateways", "1"));
        gw.start();
        // gwcli's own settings file: the same API credentials, the test cluster's ceph.conf
        cfg = parent.resolve("iscsi-gateway.cfg");
        Files.writeString(cfg, String.join("\n", "[config]",
                "cluster_name = " + Path.of(conf).getFileName().toString().replaceAll("\\.conf$", ""),
                "ceph_config_dir = " + Path.of(conf).getParent(),
                "cluster_client_name = client.admin", "pool = iscsi", "api_secure = false",
                "api_port = " + apiPort, "api_user = admin", "api_password = " + password,
                "minimum_gateways = 1", ""));
        home = Files.createDirectories(parent.resolve("home").toAbsolutePath());
    }

    @AfterClass
    public static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    public void upstreamGwcliDefinesATargetWithAGatewayDiskAndHostThenListsIt() throws Exception {
        gwcli("/iscsi-targets", "create", TARGET);
        // gwcli wants the first gateway to be the machine it runs on (by Python's FQDN); the appliance's API is
        // bound to 127.0.0.1, which counts as its own address
        gwcli("/iscsi-targets/" + TARGET + "/gateways", "create", gw.name(), "127.0.0.1");
        gwcli("/disks", "create", "pool=iscsi", "image=up_disk_1", "size=64M");
        gwcli("/iscsi-targets/" + TARGET + "/disks", "add", "iscsi/up_disk_1");
        gwcli("/iscsi-targets/" + TARGET + "/hosts", "create", CLIENT);
        gwcli("/iscsi-targets/" + TARGET + "/hosts/" + CLIENT, "auth", "username=upstream1user",
                "password=upstream1pass");
        gwcli("/iscsi-targets/" + TARGET + "/hosts/" + CLIENT, "disk", "add", "iscsi/up_disk_1");

        String ls = gwcli("ls", "/");
        System.out.println("upstream gwcli ls / against this appliance:\n" + ls);
        assertTrue(ls, ls.contains(TARGET));
        assertTrue(ls, ls.contains("up_disk_1"));
        assertTrue(ls, ls.contains(CLIENT));
        assertTrue(ls, ls.contains(gw.name()));

        Map<String, Object> config = gw.ok("GET", "/api/config", Map.of()).json();
        assertTrue(String.valueOf(config.get("disks")), String.valueOf(config.get("disks")).contains("iscsi/up_disk_1"));
        assertTrue(Files.isDirectory(gw.configfs().resolve("target/iscsi/" + TARGET + "/tpgt_1/acls/" + CLIENT + "/lun_0")));
    }

    /** This machine's name as upstream's gwcli sees it ({@code socket.getfqdn()}). */
    private static String pythonFqdn() throws Exception {
        Process process = new ProcessBuilder("/usr/bin/python3", "-c", "import socket; print(socket.getfqdn())")
                .redirectErrorStream(true).start();
        String name = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(name, 0, process.waitFor());
        return name;
    }

    /**
     * Runs upstream's gwcli one-shot; fails the test unless it exits 0 and logs no error (gwcli exits 0 on a
     * refused request and logs the reason to {@code ~/gwcli.log}).
     */
    private static String gwcli(String... arguments) throws Exception {
        Path log = home.resolve("gwcli.log");
        long logged = Files.exists(log) ? Files.size(log) : 0;
        Path script = Path.of("src/test/resources/upstream_gwcli.py").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), cfg.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("UPSTREAM_GWCLI_CONFIGFS", gw.configfs().toString());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue("gwcli " + List.of(arguments) + " did not finish in 120 s", process.waitFor(120, TimeUnit.SECONDS));
        String text = new String(output, StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
        assertEquals("gwcli " + List.of(arguments) + " said:\n" + text, 0, process.exitValue());
        String newLog = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).substring((int) logged);
        for (String line : newLog.split("\n")) {
            assertTrue("gwcli " + List.of(arguments) + " logged: " + line + "\n" + text,
                    !line.matches("\\S+ \\S+ (ERROR|CRITICAL) .*"));
        }
        return text;
    }
}
