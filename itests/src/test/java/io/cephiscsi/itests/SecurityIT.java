package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Security as an admin installs the appliance: the real distribution ({@link GatewayProcess} unpacks and configures
 * it) started the first time with no API password configured and a gateway PID file an editor left world-readable,
 * on HTTPS (upstream's default {@code api_secure = true}), {@code trusted_ip_list = 127.0.0.6}.
 *
 * <ul>
 *   <li>Every secret the first start writes (generated passwords, the console password's hash, the API key store,
 *       the SSH host key) and every file holding CHAP secrets or logs is its owner's only.</li>
 *   <li>No default credentials: the API refuses no credentials and the usual defaults, and takes the generated
 *       password (so the refusals are not a broken API). SSH's {@code karaf/karaf} is refused in
 *       {@link ApplianceIT}.</li>
 *   <li>Nothing listens but the API, the exporter, SSH and Karaf's shutdown port (the one {@code data/port} names):
 *       no JMX (RMI), no Karaf web server.</li>
 *   <li>Source addresses: a request from 127.0.0.5 (the client socket bound there) gets 403 on every restricted
 *       route; 127.0.0.6 ({@code trusted_ip_list}) and, once a target has a portal there, 127.0.0.7 (a gateway)
 *       get in, as upstream's {@code requires_restricted_auth} lets gateways in.</li>
 * </ul>
 * TLS 1.0/1.1 refusal and the key file checks are in {@code RestApiIT} and {@code ApiCertificateTest}.
 */
public class SecurityIT {

    private static final String GW = "gw-sec.example.com";
    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:sec";

    private static GatewayProcess gw;
    private static SecureAppliance appliance;
    private static int apiPort;
    private static Properties credentials;
    private static String pidAsLeft;

    @BeforeClass
    public static void firstStart() throws Exception {
        Path parent = Files.createDirectories(Path.of("target/security"));
        apiPort = GatewayProcess.freePort();
        gw = GatewayProcess.install(parent, GW, "127.0.0.1", apiPort, "replaced",
                Map.of("backend", "embedded", "minimum_gateways", "1", "trusted_ip_list", "127.0.0.6"));
        // as an admin would leave it: no api_password, the file readable by all
        Path pid = gw.home().resolve("etc/io.cephiscsi.gateway.cfg");
        List<String> lines = new ArrayList<>(Files.readAllLines(pid));
        lines.removeIf(line -> line.startsWith("api_password"));
        Files.write(pid, lines);
        Files.setPosixFilePermissions(pid, PosixFilePermissions.fromString("rw-r--r--"));
        pidAsLeft = Files.readString(pid);
        appliance = new SecureAppliance(gw, apiPort);
        Path file = gw.home().resolve("etc/initial-credentials.txt");
        appliance.start(() -> {
            if (!Files.exists(file)) {
                return false;
            }
            Properties read = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                read.load(in);
            } catch (IOException e) {
                return false;
            }
            if (read.getProperty("api_password") != null && appliance.pings(read.getProperty("api_password"))) {
                credentials = read;
                return true;
            }
            return false;
        });
    }

    @AfterClass
    public static void stop() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
    }

    @Test
    public void secretsAndLogsAreTheServiceUsersOnly() throws Exception {
        // the SSH host key is made when the SSH server first runs a key exchange
        new ProcessBuilder("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=/dev/null", "-p", Integer.toString(gw.sshPort()), "nobody@127.0.0.1", "true")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor(60, TimeUnit.SECONDS);
        Path home = gw.home();
        List<String> wrong = new ArrayList<>();
        for (String name : List.of("etc/initial-credentials.txt", "etc/io.cephiscsi.gateway.cfg",
                "etc/generated-api-password", "etc/users.properties", "etc/iscsi-gateway.p12", "etc/host.key", "data/gateway.conf",
                "data/log/karaf.log")) {
            Path file = home.resolve(name);
            String mode = Files.exists(file) ? PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                    : "missing";
            if (!mode.equals("rw-------")) {
                wrong.add(name + " " + mode);
            }
        }
        assertEquals("files holding secrets or logs that others can read", List.of(), wrong);
        assertEquals("the generated API password is kept in a file of its own", credentials.getProperty(
                "api_password"), Files.readString(home.resolve("etc/generated-api-password")).strip());
        // a PID update makes FileInstall rewrite the file in place, which its own watcher may read half-written
        assertEquals("the admin's settings file, as left (the first start does not write it)", pidAsLeft,
                Files.readString(home.resolve("etc/io.cephiscsi.gateway.cfg")));
        assertFalse("users.properties holds a hash, not the password", Files.readString(home.resolve(
                "etc/users.properties")).contains(credentials.getProperty("console_password")));
    }

    @Test
    public void noDefaultCredentialsOnTheApi() throws Exception {
        assertTrue(https("127.0.0.1", "GET", "/api/_ping", null).startsWith("HTTP/1.1 401"));
        for (String[] pair : new String[][] {{"admin", "admin"}, {"admin", ""}, {"karaf", "karaf"},
                {"admin", "password"}}) {
            String reply = httpsAs("127.0.0.1", "GET", "/api/config", pair[0], pair[1]);
            assertTrue(pair[0] + "/" + pair[1] + ": " + reply, reply.startsWith("HTTP/1.1 401"));
        }
        assertTrue(https("127.0.0.1", "GET", "/api/config", credentials.getProperty("api_password"))
                .startsWith("HTTP/1.1 200"));
    }

    @Test
    public void listensOnTheApiExporterSshAndShutdownPortsOnly() throws Exception {
        Properties pid = new Properties();
        try (InputStream in = Files.newInputStream(gw.home().resolve("etc/io.cephiscsi.gateway.cfg"))) {
            pid.load(in);
        }
        int shutdownPort = Integer.parseInt(Files.readString(gw.home().resolve("data/port")).trim());
        long jvm = appliance.jvmPid();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // SSH may start after the API
        while (!GatewayProcess.listeningPorts(jvm).contains(gw.sshPort()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals("the JVM's listening TCP ports (no JMX/RMI, no Karaf web server)",
                new TreeSet<>(Set.of(apiPort, Integer.parseInt(pid.getProperty("prometheus_port").trim()),
                        gw.sshPort(), shutdownPort)), GatewayProcess.listeningPorts(jvm));
    }

    @Test
    public void onlyLocalhostTrustedAddressesAndGatewaysReachTheRestrictedRoutes() throws Exception {
        String pw = credentials.getProperty("api_password");
        List<String> routes = List.of("/api/_ping", "/api/config", "/api/targets", "/api/settings", "/api/disks",
                "/api/gatewayinfo", "/api/_status", "/api/gateways/" + TARGET, "/api/clients/" + TARGET);
        for (String route : routes) {
            String reply = https("127.0.0.5", "GET", route, pw);
            assertTrue(route + " from 127.0.0.5: " + reply, reply.startsWith("HTTP/1.1 403"));
            assertTrue(reply, reply.contains("API access not available to 127.0.0.5"));
        }
        assertTrue(https("127.0.0.5", "PUT", "/api/target/" + TARGET, pw).startsWith("HTTP/1.1 403"));
        assertTrue(https("127.0.0.6", "GET", "/api/_ping", pw).startsWith("HTTP/1.1 200"));
        assertTrue(https("127.0.0.7", "GET", "/api/_ping", pw).startsWith("HTTP/1.1 403"));
        // 127.0.0.7 becomes a gateway portal: upstream lets every target's ip_list in
        assertTrue(https("127.0.0.1", "PUT", "/api/target/" + TARGET, pw).startsWith("HTTP/1.1 200"));
        String added = httpsForm("127.0.0.1", "PUT", "/api/gateway/" + TARGET + "/" + GW, pw,
                "ip_address=127.0.0.7&skipchecks=true");
        assertTrue(added, added.startsWith("HTTP/1.1 200"));
        String fromGateway = https("127.0.0.7", "GET", "/api/_ping", pw);
        assertTrue(fromGateway, fromGateway.startsWith("HTTP/1.1 200"));
        assertTrue("credentials are still needed", https("127.0.0.7", "GET", "/api/_ping", null)
                .startsWith("HTTP/1.1 401"));
        assertTrue(https("127.0.0.5", "GET", "/api/_ping", pw).startsWith("HTTP/1.1 403"));
    }

    private static String https(String from, String method, String path, String apiPassword) throws Exception {
        return apiPassword == null ? httpsAs(from, method, path, null, null)
                : httpsAs(from, method, path, "admin", apiPassword);
    }

    private static String httpsAs(String from, String method, String path, String user, String password)
            throws Exception {
        return appliance.request(from, method, path, user, password, null);
    }

    private static String httpsForm(String from, String method, String path, String apiPassword, String form)
            throws Exception {
        return appliance.request(from, method, path, "admin", apiPassword, form);
    }
}
