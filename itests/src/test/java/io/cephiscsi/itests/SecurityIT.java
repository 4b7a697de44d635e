package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

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
 *   <li>No default credentials: the API refuses no credentials and the usual defaults; JMX refuses no credentials
 *       and {@code karaf/karaf}, and takes the generated admin (so the refusal is not a broken connection). SSH's
 *       {@code karaf/karaf} is refused in {@link ApplianceIT}.</li>
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
    private static Process karaf;
    private static int apiPort;
    private static Properties credentials;

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
        karaf = new ProcessBuilder(gw.home().resolve("bin/karaf").toString(), "server").directory(gw.home().toFile())
                .redirectErrorStream(true).redirectOutput(gw.home().resolve("console.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path file = gw.home().resolve("etc/initial-credentials.txt");
        while (System.nanoTime() < deadline) {
            assertTrue("the appliance exited: " + Files.readString(gw.home().resolve("console.out")), karaf.isAlive());
            if (Files.exists(file)) {
                Properties read = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    read.load(in);
                }
                try {
                    if (read.getProperty("api_password") != null && https("127.0.0.1", "GET", "/api/_ping",
                            read.getProperty("api_password")).startsWith("HTTP/1.1 200")) {
                        credentials = read;
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // the API starts after the credentials are written
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no generated API password answering _ping within 120 s");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (karaf != null) {
            List<ProcessHandle> all = new ArrayList<>(karaf.descendants().toList());
            all.add(karaf.toHandle());
            all.forEach(ProcessHandle::destroy);
            for (ProcessHandle handle : all) {
                try {
                    handle.onExit().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    handle.destroyForcibly();
                }
            }
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
                "etc/users.properties", "etc/iscsi-gateway.p12", "etc/host.key", "data/gateway.conf",
                "data/log/karaf.log")) {
            Path file = home.resolve(name);
            String mode = Files.exists(file) ? PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                    : "missing";
            if (!mode.equals("rw-------")) {
                wrong.add(name + " " + mode);
            }
        }
        assertEquals("files holding secrets or logs that others can read", List.of(), wrong);
        String pid = Files.readString(home.resolve("etc/io.cephiscsi.gateway.cfg"));
        assertTrue("the generated API password is in the PID file", pid.contains(credentials.getProperty(
                "api_password")));
        assertFalse("users.properties holds a hash, not the password", Files.readString(home.resolve(
                "etc/users.properties")).contains(credentials.getProperty("console_password")));
    }

    @Test
    public void noDefaultCredentialsOnTheApiOrJmx() throws Exception {
        assertTrue(https("127.0.0.1", "GET", "/api/_ping", null).startsWith("HTTP/1.1 401"));
        for (String[] pair : new String[][] {{"admin", "admin"}, {"admin", ""}, {"karaf", "karaf"},
                {"admin", "password"}}) {
            String reply = httpsAs("127.0.0.1", "GET", "/api/config", pair[0], pair[1]);
            assertTrue(pair[0] + "/" + pair[1] + ": " + reply, reply.startsWith("HTTP/1.1 401"));
        }
        assertTrue(https("127.0.0.1", "GET", "/api/config", credentials.getProperty("api_password"))
                .startsWith("HTTP/1.1 200"));

        Properties management = new Properties();
        try (InputStream in = Files.newInputStream(gw.home().resolve("etc/org.apache.karaf.management.cfg"))) {
            management.load(in);
        }
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + management.getProperty(
                "rmiServerPort").trim() + "/jndi/rmi://127.0.0.1:" + management.getProperty("rmiRegistryPort").trim()
                + "/karaf-root");
        // Karaf's JMX login refuses missing credentials with IllegalArgumentException, wrong ones with
        // SecurityException; neither is a broken connection (IOException)
        assertThrows("JMX without credentials", IllegalArgumentException.class, () -> jmx(url, null, null));
        assertThrows("JMX as karaf/karaf", SecurityException.class, () -> jmx(url, "karaf", "karaf"));
        assertThrows("JMX as admin/admin", SecurityException.class, () -> jmx(url, "admin", "admin"));
        assertTrue("the generated admin gets in", jmx(url, "admin", credentials.getProperty("console_password"))
                > 0);
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

    /** Connects, returns the MBean count (throws SecurityException when the login is refused). */
    private static int jmx(JMXServiceURL url, String user, String password) throws IOException {
        Map<String, Object> environment = new HashMap<>();
        if (user != null) {
            environment.put(JMXConnector.CREDENTIALS, new String[] {user, password});
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(url, environment)) {
            return connector.getMBeanServerConnection().getMBeanCount();
        }
    }

    private static String https(String from, String method, String path, String apiPassword) throws Exception {
        return apiPassword == null ? httpsAs(from, method, path, null, null)
                : httpsAs(from, method, path, "admin", apiPassword);
    }

    private static String httpsAs(String from, String method, String path, String user, String password)
            throws Exception {
        return request(from, method, path, user, password, null);
    }

    private static String httpsForm(String from, String method, String path, String apiPassword, String form)
            throws Exception {
        return request(from, method, path, "admin", apiPassword, form);
    }

    /**
     * One HTTPS request from a socket bound to {@code from} (a loopback address), trusting the appliance's
     * self-signed certificate; the reply's status line, headers and body as text.
     */
    private static String request(String from, String method, String path, String user, String password,
                                  String form) throws Exception {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        plain.connect(new InetSocketAddress("127.0.0.1", apiPort), 5000);
        plain.setSoTimeout(60000);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", apiPort,
                true)) {
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n");
            if (user != null) {
                request.append("Authorization: Basic ").append(Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8))).append("\r\n");
            }
            byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
            if (form != null) {
                request.append("Content-Type: application/x-www-form-urlencoded\r\n");
            }
            if (form != null || method.equals("PUT")) {
                request.append("Content-Length: ").append(body.length).append("\r\n");
            }
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
