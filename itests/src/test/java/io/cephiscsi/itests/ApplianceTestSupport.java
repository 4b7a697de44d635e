package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots the real distribution (the tar.gz the build made) with ports of its own, so a running appliance on this
 * machine does not collide, and offers what a user does with it: HTTP(S) calls, console commands, SSH. The API
 * speaks HTTPS (upstream's default) unless a test class sets {@code api_secure = false}.
 * Values chosen here reach the container as system properties ({@code it.*}).
 */
public abstract class ApplianceTestSupport {

    static final String PID_FILE = "etc/io.cephiscsi.gateway.cfg";

    /** The container's options plus the gateway PID's keys for this test class. */
    static Option[] appliance(Map<String, String> gatewaySettings) {
        int apiPort = freePort();
        int sshPort = freePort();
        int metricsPort = freePort();
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl("file:" + new File(System.getProperty("appliance.distribution")).getAbsolutePath())
                        .name("ceph-iscsi-karaf").unpackDirectory(new File("target/exam")).useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                // kept for run-all-tests.sh, which prints the ERROR lines of every container's log when a test fails
                keepRuntimeFolder(),
                logLevel(LogLevel.INFO),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(sshPort)),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
                editConfigurationFilePut(PID_FILE, "api_port", Integer.toString(apiPort)),
                editConfigurationFilePut(PID_FILE, "api_host", "127.0.0.1"),
                // the Prometheus exporter is on by default (upstream's default): never on the machine's 9287
                editConfigurationFilePut(PID_FILE, "prometheus_port", Integer.toString(metricsPort)),
                editConfigurationFilePut(PID_FILE, "prometheus_host", "127.0.0.1"),
                systemProperty("it.prometheus.port").value(Integer.toString(metricsPort)),
                // never the machine's own /etc/ceph/iscsi-gateway.cfg
                editConfigurationFilePut(PID_FILE, "iscsi_gateway_cfg", "/nonexistent/iscsi-gateway.cfg"),
                systemProperty("it.api.port").value(Integer.toString(apiPort)),
                systemProperty("it.api.scheme").value("false".equals(gatewaySettings.get("api_secure")) ? "http" : "https"),
                systemProperty("it.ssh.port").value(Integer.toString(sshPort))));
        gatewaySettings.forEach((key, value) -> options.add(editConfigurationFilePut(PID_FILE, key, value)));
        return options.toArray(new Option[0]);
    }

    static int freePort() {
        return Ports.free();
    }

    static Path etc(String name) {
        return Paths.get(System.getProperty("karaf.etc"), name);
    }

    /**
     * A new SSH key pair whose public key is in {@code etc/keys.properties} for {@code user} in the admin group, as
     * an admin authorizes one; returns the private key's file.
     */
    static Path authorizeSshKey(String user) throws Exception {
        Path dir = Files.createTempDirectory("it-ssh-" + user);
        Path key = dir.resolve("id_rsa");
        Reply keygen = run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", key.toString()),
                Map.of(), "");
        assertEquals(keygen.body(), 0, keygen.status());
        String publicKey = Files.readString(dir.resolve("id_rsa.pub")).split(" ")[1];
        Files.writeString(etc("keys.properties"), "\n" + user + "=" + publicKey + ",_g_:admingroup\n",
                java.nio.file.StandardOpenOption.APPEND);
        return key;
    }

    /** The credentials the appliance generated on its first start (waits for them). */
    static Properties initialCredentials() throws Exception {
        Path file = etc("initial-credentials.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    /** An HTTP reply: status and body. */
    record Reply(int status, String body) {
    }

    static Reply get(String path, String user, String password) throws IOException {
        return send("GET", path, user, password, null);
    }

    /** The API's scheme in this container: https unless the test class set {@code api_secure = false}. */
    static String scheme() {
        return System.getProperty("it.api.scheme", "https");
    }

    /**
     * A request as upstream's clients send it: basic auth, and for PUT/DELETE an optional form body
     * ({@code application/x-www-form-urlencoded}). Over HTTPS it trusts only the certificate the appliance generated
     * ({@code etc/iscsi-gateway.crt}), with host name verification (the certificate names 127.0.0.1).
     */
    static Reply send(String method, String path, String user, String password, Map<String, String> form)
            throws IOException {
        URL url = new URL(scheme() + "://127.0.0.1:" + System.getProperty("it.api.port") + path);
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(trustingTheAppliance().getSocketFactory());
        }
        connection.setRequestMethod(method);
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(30000);
        if (user != null) {
            connection.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (form != null) {
            byte[] body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            connection.setFixedLengthStreamingMode(body.length);
            try (var out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Reply(status, body);
    }

    /**
     * One HTTP/1.0 request from {@code sourceIp} (over TLS when the API is HTTPS), optionally with a form body (which
     * HttpURLConnection cannot send on GET).
     */
    static Reply raw(String sourceIp, String method, String path, String password, String form)
            throws Exception {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress(sourceIp, 0));
            socket.connect(new java.net.InetSocketAddress("127.0.0.1",
                    Integer.parseInt(System.getProperty("it.api.port"))), 2000);
            socket.setSoTimeout(10000);
            java.net.Socket channel = "https".equals(scheme())
                    ? trustingTheAppliance().getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true)
                    : socket;
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n");
            if (password != null) {
                request.append("Authorization: Basic ").append(java.util.Base64.getEncoder().encodeToString(
                        ("admin:" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8))).append("\r\n");
            }
            if (form != null) {
                request.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                        .append(form.length()).append("\r\n");
            }
            request.append("\r\n").append(form == null ? "" : form);
            channel.getOutputStream().write(request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String response = new String(channel.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int body = response.indexOf("\r\n\r\n");
            return new Reply(status, body < 0 ? "" : response.substring(body + 4));
        }
    }

    /** A form body from name/value pairs, in order. */
    static Map<String, String> form(String... pairs) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    /** TLS that trusts only the appliance's generated certificate (an IOException until it exists). */
    static SSLContext trustingTheAppliance() throws IOException {
        Path certificate = etc("iscsi-gateway.crt");
        if (!Files.exists(certificate)) {
            throw new IOException(certificate + " not written yet");
        }
        try (InputStream in = Files.newInputStream(certificate)) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("appliance", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust " + certificate + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the API answers {@code path} with {@code status} (it restarts once on the first start). */
    static Reply awaitApi(String path, String user, String password, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Reply last = null;
        Exception failure = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(path, user, password);
                if (last.status() == status) {
                    return last;
                }
            } catch (IOException e) {
                failure = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("API did not answer " + path + " with " + status + " within 60 s; last reply: "
                + last + (failure == null ? "" : ", last error: " + failure));
    }

    /** Runs a command in a Karaf console session, as a user at the console would; returns what it printed. */
    static String console(SessionFactory sessions, String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(InputStream.nullInputStream(), out, out);
        try {
            Object result = session.execute(command);
            if (result != null) {
                out.println(result);
            }
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs a program to its end (at most 60 s); returns its exit code and everything it printed. */
    static Reply run(List<String> command, Map<String, String> environment, String stdin) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 60 s");
        }
        return new Reply(process.exitValue(), new String(output, StandardCharsets.UTF_8)
                .replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", ""));
    }
}
