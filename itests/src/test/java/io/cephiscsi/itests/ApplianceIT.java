package io.cephiscsi.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.PortalConfig;
import io.cephiscsi.rbd.ImageInfo;
import io.cephiscsi.rbd.ImageService;

/** The distribution on its embedded default, as the README's first command starts it. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApplianceIT extends ApplianceTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BundleContext bundleContext;

    @Inject
    SessionFactory sessions;

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    GatewayAdmin gateway; // waits until the gateway service is up

    @Configuration
    public Option[] config() {
        return appliance(Map.of("backend", "embedded", "gateway_name", "gw-it-1.example.com"));
    }

    @Inject
    ConfigStore configStore;

    @Test
    public void theEmbeddedConfigIsAFileSeededAtStartAndCommitsRaiseItsEpoch() throws Exception {
        GatewayConfig seeded = configStore.refresh();
        Path file = Path.of(System.getProperty("karaf.data"), "gateway.conf");
        assertTrue(file + " exists", Files.exists(file));
        GatewayConfig committed = configStore.update(ConfigTransaction.of(
                ConfigChange.createTarget("iqn.2003-01.com.example.iscsi-gw:embedded-" + System.nanoTime())));
        assertEquals(seeded.epoch() + 1, committed.epoch());
        assertEquals(committed, GatewayConfig.parse(Files.readAllBytes(file)));
    }

    @Test
    public void theGatewaysLioFollowsTheConfigOnTheEmbeddedConfigfsFolder() throws Exception {
        String iqn = "iqn.2003-01.com.example.iscsi-gw:lio-" + System.nanoTime();
        configStore.update(ConfigTransaction.of(
                ConfigChange.putGateway("gw-it-1.example.com", 0),
                ConfigChange.createTarget(iqn),
                ConfigChange.putPortal(iqn, "gw-it-1.example.com", new PortalConfig(List.of("192.0.2.7"),
                        List.of("192.0.2.7"), List.of(), 1)),
                ConfigChange.putClient(iqn, "iqn.1994-05.com.example:it-host", ClientConfig.EMPTY)));
        Path acl = Path.of(System.getProperty("karaf.data"), "configfs", "target", "iscsi", iqn, "tpgt_1", "acls",
                "iqn.1994-05.com.example:it-host");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.isDirectory(acl) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(acl + " exists", Files.isDirectory(acl));
        configStore.update(ConfigTransaction.of(ConfigChange.removeClient(iqn, "iqn.1994-05.com.example:it-host")));
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(acl) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(acl + " removed", !Files.exists(acl));
    }

    @Inject
    ImageService images;

    @Test
    public void embeddedImagesAreSparseFilesUnderData() {
        String name = "it-disk-" + System.nanoTime();
        ImageInfo created = images.create("rbd", name, "1G");
        assertEquals(1L << 30, created.sizeBytes());
        Path file = Path.of(System.getProperty("karaf.data"), "images", "rbd", name);
        assertTrue(file + " exists", Files.exists(file));
        assertEquals(2L << 30, images.resize("rbd", name, "2G").sizeBytes());
        images.delete("rbd", name);
        assertTrue(!Files.exists(file));
    }

    @Test
    public void everyApplianceBundleIsActive() {
        List<String> appliance = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name.startsWith("io.cephiscsi") || name.equals("com.ceph.rados") || name.equals("com.sun.jna")) {
                assertEquals(name + " state", Bundle.ACTIVE, bundle.getState());
                appliance.add(name);
            }
        }
        assertEquals("appliance bundles found: " + appliance, 10, appliance.size());
    }

    @Test
    public void pingAnswersWithTheGeneratedPasswordAndRefusesOthers() throws Exception {
        String password = initialCredentials().getProperty("api_password");
        assertTrue("generated API password: " + password, password != null && password.length() >= 20);

        Reply pong = awaitApi("/api/_ping", "admin", password, 200);
        assertEquals("pong", JSON.readTree(pong.body()).path("message").asText());

        Reply wrong = get("/api/_ping", "admin", password + "x");
        assertEquals(401, wrong.status());
        assertEquals("username/password mismatch with the configuration file",
                JSON.readTree(wrong.body()).path("message").asText());
        Reply noDefault = get("/api/_ping", "admin", "admin");
        assertEquals("admin/admin is no default", 401, noDefault.status());
        Reply none = get("/api/_ping", null, null);
        assertEquals(401, none.status());
        assertEquals("Missing credentials", JSON.readTree(none.body()).path("message").asText());
    }

    @Test
    public void sysinfoAnswersInUpstreamShapes() throws Exception {
        String password = initialCredentials().getProperty("api_password");
        awaitApi("/api/_ping", "admin", password, 200);

        JsonNode hostname = JSON.readTree(get("/api/sysinfo/hostname", "admin", password).body());
        assertEquals("gw-it-1.example.com", hostname.path("data").asText());

        Reply addresses = get("/api/sysinfo/ip_addresses", "admin", password);
        assertEquals(200, addresses.status());
        JsonNode list = JSON.readTree(addresses.body()).path("data");
        assertTrue("a list: " + addresses.body(), list.isArray());
        for (JsonNode ip : list) {
            assertThat(ip.asText(), not(containsString("%")));
            assertTrue("loopback left out: " + list, !ip.asText().equals("127.0.0.1") && !ip.asText().equals("::1"));
        }

        Reply unknown = get("/api/sysinfo/nonsense", "admin", password);
        assertEquals(404, unknown.status());
        assertEquals("Unknown /sysinfo query", JSON.readTree(unknown.body()).path("message").asText());
        assertEquals(401, get("/api/sysinfo/hostname", "admin", "wrong").status());
    }

    @Test
    public void readRoutesAnswerInUpstreamShapesFromTheSharedConfig() throws Exception {
        String password = initialCredentials().getProperty("api_password");
        awaitApi("/api/_ping", "admin", password, 200);
        long n = System.nanoTime();
        String iqn = "iqn.2003-01.com.example.iscsi-gw:read-" + n;
        String client = "iqn.1994-05.com.example:read-host";
        String image = "read-disk-" + n;
        String disk = "rbd/" + image;
        // a portal of another gateway, so this gateway's LIO is not asked to serve the (imageless) disk
        configStore.update(ConfigTransaction.of(
                ConfigChange.putGateway("gw-other.example.com", 0),
                ConfigChange.createTarget(iqn),
                ConfigChange.putPortal(iqn, "gw-other.example.com", new PortalConfig(List.of("192.0.2.9"),
                        List.of("192.0.2.9"), List.of(), 1)),
                ConfigChange.putDisk(io.cephiscsi.model.DiskConfig.create("rbd", image, -1,
                        "11111111-2222-3333-4444-" + String.format("%012d", n % 1_000_000_000_000L),
                        "gw-other.example.com")),
                ConfigChange.putTargetDisk(iqn, disk, 0),
                ConfigChange.putClient(iqn, client, ClientConfig.EMPTY),
                ConfigChange.putGroup(iqn, "readgroup", new io.cephiscsi.model.GroupConfig(List.of(client),
                        Map.of(disk, 0)))));

        JsonNode targets = json(200, "/api/targets", password);
        assertTrue(targets.toString(), targets.path("targets").toString().contains("\"" + iqn + "\""));
        JsonNode portals = json(200, "/api/gateways/" + iqn, password);
        assertEquals("192.0.2.9", portals.path("gw-other.example.com").path("portal_ip_addresses").path(0).asText());
        assertEquals(1, portals.path("gw-other.example.com").path("tpgs").asInt());
        assertEquals("[\"" + client + "\"]", json(200, "/api/clients/" + iqn, password).path("clients").toString());
        assertEquals("[\"readgroup\"]", json(200, "/api/hostgroups/" + iqn, password).path("groups").toString());
        JsonNode group = json(200, "/api/hostgroup/" + iqn + "/readgroup", password);
        assertEquals("[\"" + client + "\"]", group.path("members").toString());
        assertEquals(0, group.path("disks").path(disk).path("lun_id").asInt(-1));
        assertEquals("Group name does not exist",
                json(404, "/api/hostgroup/" + iqn + "/nogroup", password).path("message").asText());
        assertEquals("Target iqn.2003-01.com.example:none does not exist",
                json(404, "/api/gateways/iqn.2003-01.com.example:none", password).path("message").asText());
        assertThat(json(400, "/api/clients/not_an_iqn", password).path("message").asText(),
                containsString("not_an_iqn"));

        assertTrue(json(200, "/api/disks", password).path("disks").toString().contains("\"" + disk + "\""));
        // upstream reads config=yes from a form body, even on GET (curl -d config=yes -X GET)
        Reply withForm = raw("127.0.0.1", "GET", "/api/disks", password, "config=yes");
        assertEquals(withForm.body(), 200, withForm.status());
        assertEquals(image, JSON.readTree(withForm.body()).path("disks").path(disk).path("image").asText());
        assertEquals(image, json(200, "/api/disks?config=yes", password).path("disks").path(disk).path("image")
                .asText());
        JsonNode diskEntry = json(200, "/api/disk/" + disk, password);
        assertEquals("rbd", diskEntry.path("pool").asText());
        assertEquals("user:rbd", diskEntry.path("backstore").asText());
        assertEquals("Unknown", diskEntry.path("status").path("state").asText());
        assertEquals("rbd image rbd/nodisk not found", json(404, "/api/disk/rbd/nodisk", password).path("message")
                .asText());

        Reply config = get("/api/config?decrypt_passwords=True", "admin", password);
        assertEquals(200, config.status());
        assertEquals(new String(configStore.current().toJson(), java.nio.charset.StandardCharsets.UTF_8),
                config.body());

        JsonNode settings = json(200, "/api/settings", password);
        assertEquals(2, settings.path("api_version").asInt());
        assertEquals(2, settings.path("config").path("minimum_gateways").asInt());
        assertEquals(4, settings.path("required_rbd_features").path("user:rbd").asInt());
        assertEquals(0, settings.path("unsupported_rbd_features").path("user:rbd").asInt(-1));
        assertEquals("[\"user:rbd\"]", settings.path("backstores").toString());
        assertEquals("user:rbd", settings.path("default_backstore").asText());
        assertEquals("{\"min\":1,\"max\":512,\"type\":\"int\"}",
                settings.path("target_controls_limits").path("cmdsn_depth").toString());
        assertEquals(8, settings.path("disk_default_controls").path("user:rbd").path("max_data_area_mb").asInt());
        assertTrue(settings.path("target_default_controls").path("immediate_data").isBoolean());

        assertEquals(gateway.settingsHash(), json(200, "/api/sysinfo/checkconf", password).path("data").asText());
        assertTrue(gateway.settingsHash().matches("[0-9a-f]{64}"));
        Reply versions = get("/api/sysinfo/checkversions", "admin", password);
        if (Files.readString(Path.of("/etc/os-release")).contains("ID=debian")) {
            assertEquals(versions.body(), 200, versions.status());
            assertEquals("checks passed", JSON.readTree(versions.body()).path("data").asText());
        }

        // GET /api needs no credentials and lists the served public routes, not the internal ones
        Reply index = get("/api", null, null);
        assertEquals(200, index.status());
        JsonNode api = JSON.readTree(index.body()).path("api");
        assertThat(api.toString(), containsString("[\"/api/targets : List targets defined in the configuration.\","
                + "\"Methods: GET\",[\"**RESTRICTED**\"]]"));
        assertThat(api.toString(), containsString("\"/api/disk/<pool>/<image> : "));
        assertThat(api.toString(), containsString("\"/api : Display all the available API endpoints\""));
        assertThat(api.toString(), not(containsString("_ping")));

        // upstream's auth: restricted routes check the source (403) before the credentials (401)
        assertEquals("Missing credentials", json(401, "/api/targets", null).path("message").asText());
        Reply stranger = raw("127.0.0.2", "GET", "/api/targets", password, null);
        assertEquals(403, stranger.status());
        assertEquals("API access not available to 127.0.0.2", JSON.readTree(stranger.body()).path("message").asText());
        assertEquals(403, raw("127.0.0.2", "GET", "/api/config", password, null).status());
        assertEquals("sysinfo is basic auth only", 200,
                raw("127.0.0.2", "GET", "/api/sysinfo/checkconf", password, null).status());
        assertEquals(200, raw("127.0.0.2", "GET", "/api", null, null).status());
    }

    private static JsonNode json(int status, String path, String password) throws Exception {
        Reply reply = get(path, password == null ? null : "admin", password);
        assertEquals(path + ": " + reply.body(), status, reply.status());
        return JSON.readTree(reply.body());
    }

    @Test
    public void gwcliInfoInAConsoleSession() throws Exception {
        String output = console(sessions, "gwcli info");
        assertThat(output, containsString("HTTP mode          : https\n"));
        assertThat(output, containsString("Rest API port      : " + System.getProperty("it.api.port") + "\n"));
        assertThat(output, containsString("Local endpoint     : https://localhost:" + System.getProperty("it.api.port")
                + "/api\n"));
        assertThat(output, containsString("Local Ceph Cluster : ceph\n"));
        assertThat(output, containsString("2ndary API IP's    : None\n"));
        assertThat(output, containsString("Backend            : embedded\n"));
        assertThat(output, not(containsString("Cluster health")));
    }

    @Test
    public void consoleAdminIsGeneratedHashedAndKarafKarafIsRefused() throws Exception {
        Properties credentials = initialCredentials();
        String password = credentials.getProperty("console_password");
        assertEquals("admin", credentials.getProperty("console_user"));
        Path file = etc("initial-credentials.txt");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String users = Files.readString(etc("users.properties"));
        assertThat("stored hashed", users, not(containsString(password)));
        assertThat(users, containsString("admin = {CRYPT}"));

        Reply admin = sshWithPassword("admin", password, "gwcli info");
        assertEquals(admin.body(), 0, admin.status());
        assertThat(admin.body(), containsString("Backend            : embedded"));

        Reply karaf = sshWithPassword("karaf", "karaf", "gwcli info");
        assertTrue("karaf/karaf must not log in: " + karaf, karaf.status() != 0);
        assertThat(karaf.body(), containsString("Permission denied"));
    }

    @Test
    public void noSftpOnTheConsolePort() throws Exception {
        Path key = authorizeSshKey("sftpkey");
        List<String> options = List.of("-i", key.toString(), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null");
        List<String> ssh = new ArrayList<>(List.of("ssh", "-p", System.getProperty("it.ssh.port")));
        ssh.addAll(options);
        ssh.addAll(List.of("sftpkey@127.0.0.1", "gwcli pwd"));
        Reply shell = run(ssh, Map.of(), "");
        assertEquals("the same key logs in to the console: " + shell.body(), 0, shell.status());

        List<String> sftp = new ArrayList<>(List.of("sftp", "-P", System.getProperty("it.ssh.port"), "-b", "-"));
        sftp.addAll(options);
        sftp.add("sftpkey@127.0.0.1");
        Reply files = run(sftp, Map.of(), "ls etc\n");
        assertTrue("SFTP must be refused: " + files, files.status() != 0);
        assertThat(files.body(), containsString("subsystem request failed"));
        assertThat(files.body(), not(containsString("users.properties")));
    }

    @Test
    public void gwcliInfoOverSshWithAKeyFromKeysProperties() throws Exception {
        Path key = authorizeSshKey("opskey");

        Reply reply = run(List.of("ssh", "-i", key.toString(), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-p",
                System.getProperty("it.ssh.port"), "opskey@127.0.0.1", "gwcli info"), Map.of(), "");
        assertEquals(reply.body(), 0, reply.status());
        assertThat(reply.body(), containsString("Rest API port      : " + System.getProperty("it.api.port")));
    }

    @Test
    public void gwcliInfoThroughBinClientBatchMode() throws Exception {
        String password = initialCredentials().getProperty("console_password");
        Path client = Path.of(System.getProperty("karaf.home"), "bin", "client");
        Reply reply = run(List.of(client.toString(), "-h", "127.0.0.1", "-a", System.getProperty("it.ssh.port"),
                "-u", "admin", "-p", password, "-b"), Map.of(), "gwcli info\n");
        assertEquals(reply.body(), 0, reply.status());
        assertThat(reply.body(), containsString("Local Ceph Cluster : ceph"));
    }

    @Test
    public void aBadSettingStopsTheApiAndIsNamedUntilItIsFixed() throws Exception {
        String password = initialCredentials().getProperty("api_password");
        awaitApi("/api/_ping", "admin", password, 200);
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration("io.cephiscsi.gateway", null);
        Dictionary<String, Object> properties = configuration.getProperties();
        Object port = properties.get("api_port");
        properties.put("api_port", "70000");
        configuration.update(properties);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String problem = null;
            while (problem == null && System.nanoTime() < deadline) {
                try {
                    console(sessions, "gwcli info");
                    Thread.sleep(200);
                } catch (Exception e) {
                    problem = e.getMessage();
                }
            }
            assertThat(String.valueOf(problem), containsString("api_port"));
            assertThat(problem, containsString("70000"));
            assertThat(problem, containsString("65535"));
            try {
                get("/api/_ping", "admin", password);
                fail("the API must not keep serving on an invalid configuration");
            } catch (ConnectException expected) {
                // nothing listens any more
            }
        } finally {
            properties.put("api_port", port);
            configuration.update(properties);
        }
        awaitApi("/api/_ping", "admin", password, 200);
    }

    private static Reply sshWithPassword(String user, String password, String command) throws Exception {
        Path askpass = Files.createTempFile("it-askpass", ".sh");
        Files.writeString(askpass, "#!/bin/sh\nprintf '%s\\n' \"$IT_PASSWORD\"\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        return run(List.of("ssh", "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1",
                "-o", "PreferredAuthentications=password,keyboard-interactive",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-p", System.getProperty("it.ssh.port"), user + "@127.0.0.1", command),
                Map.of("SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force", "DISPLAY", ":0",
                        "IT_PASSWORD", password), "");
    }
}
