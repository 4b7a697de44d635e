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
    public void gwcliInfoInAConsoleSession() throws Exception {
        String output = console(sessions, "gwcli info");
        assertThat(output, containsString("HTTP mode          : http\n"));
        assertThat(output, containsString("Rest API port      : " + System.getProperty("it.api.port") + "\n"));
        assertThat(output, containsString("Local endpoint     : http://localhost:" + System.getProperty("it.api.port")
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
    public void gwcliInfoOverSshWithAKeyFromKeysProperties() throws Exception {
        Path dir = Files.createTempDirectory("it-ssh");
        Path key = dir.resolve("id_rsa");
        Reply keygen = run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", key.toString()),
                Map.of(), "");
        assertEquals(keygen.body(), 0, keygen.status());
        String publicKey = Files.readString(dir.resolve("id_rsa.pub")).split(" ")[1];
        Files.writeString(etc("keys.properties"), "\nopskey=" + publicKey + ",_g_:admingroup\n",
                java.nio.file.StandardOpenOption.APPEND);

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
