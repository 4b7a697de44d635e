package io.cephiscsi.itests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * An appliance installed by {@link GatewayProcess} but serving its API over HTTPS (upstream's default
 * {@code api_secure = true}), which {@link GatewayProcess}'s plain-HTTP client does not speak: started with
 * {@code bin/karaf server} and reached with raw HTTPS requests from a chosen local address.
 */
final class SecureAppliance implements AutoCloseable {

    private final GatewayProcess installed;
    private final int apiPort;
    private Process karaf;

    SecureAppliance(GatewayProcess installed, int apiPort) {
        this.installed = installed;
        this.apiPort = apiPort;
    }

    GatewayProcess installed() {
        return installed;
    }

    /** Starts the JVM; waits (at most 120 s) until {@code ready} holds, failing if the appliance exits. */
    void start(BooleanSupplier ready) throws Exception {
        Path home = installed.home();
        karaf = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("console.out").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!karaf.isAlive()) {
                throw new AssertionError(installed.name() + " exited: " + Files.readString(home.resolve(
                        "console.out")));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(installed.name() + " not ready within 120 s");
    }

    /** Whether {@code GET /api/_ping} answers 200 with these credentials (false while nothing listens). */
    boolean pings(String password) {
        try {
            return request("127.0.0.1", "GET", "/api/_ping", "admin", password, null).startsWith("HTTP/1.1 200");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The appliance's JVM (bin/karaf's child): its process id, while it runs. */
    long jvmPid() {
        return GatewayProcess.jvmPid(karaf, installed.name());
    }

    /** Stops the JVM (SIGTERM to bin/karaf and its JVM), waiting for both. */
    void stop() throws Exception {
        if (karaf != null) {
            SshExec.stopTree(karaf);
            karaf = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /**
     * One HTTPS request to this appliance's API from a socket bound to {@code from} (a loopback address), trusting
     * any certificate; {@code user} null sends no credentials, {@code form} null no body. The reply's status line,
     * headers and body as text.
     */
    String request(String from, String method, String path, String user, String password, String form)
            throws IOException {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        plain.connect(new InetSocketAddress(installed.apiHost(), apiPort), 5000);
        plain.setSoTimeout(60000);
        try (SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, installed.apiHost(),
                apiPort, true)) {
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.0\r\nHost: "
                    + installed.apiHost() + "\r\n");
            if (user != null) {
                request.append("Authorization: Basic ").append(Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8))).append("\r\n");
            }
            byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
            if (form != null) {
                request.append("Content-Type: application/x-www-form-urlencoded\r\n");
            }
            if (form != null || method.equals("PUT") || method.equals("DELETE")) {
                request.append("Content-Length: ").append(body.length).append("\r\n");
            }
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static SSLContext trustAll() {
        try {
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
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
