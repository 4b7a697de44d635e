package io.cephiscsi.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The HTTPS connector on a real Jetty with a keytool-made certificate: TLS 1.2 and 1.3 only. */
public class TlsConnectorTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Server server;
    private int port;
    private KeyStore trusted;

    @Before
    public void start() throws Exception {
        Path etc = folder.newFolder("etc").toPath();
        ApiCertificate.Material material = new ApiCertificate(etc.resolve("no.crt"), etc.resolve("no.key"), etc,
                Path.of(System.getProperty("java.home"), "bin", "keytool")).obtain("gw.example.com", List.of());
        trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("api", PemFiles.certificates(etc.resolve("iscsi-gateway.crt")).get(0));
        server = new Server();
        ServerConnector connector = TlsConnector.create(server, new HttpConfiguration(), material.keyStore());
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                response.setContentType("application/json");
                response.getWriter().write("{\"message\":\"pong\"}");
                base.setHandled(true);
            }
        });
        server.start();
        port = connector.getLocalPort();
    }

    @After
    public void stop() throws Exception {
        server.stop();
    }

    private String getOver(String protocol) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            assertEquals(protocol, socket.getSession().getProtocol());
            socket.getOutputStream().write("GET /api/_ping HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    public void tls12AndTls13AreServed() throws Exception {
        assertTrue(getOver("TLSv1.2").endsWith("{\"message\":\"pong\"}"));
        assertTrue(getOver("TLSv1.3").endsWith("{\"message\":\"pong\"}"));
    }

    @Test
    public void aTls11ClientHelloGetsAnAlertAndATls12OneAServerHello() throws Exception {
        assertEquals("ServerHello (handshake record) for TLS 1.2", 0x16, firstRecordType(port, 0x03));
        assertNotEquals("no ServerHello for TLS 1.1", 0x16, firstRecordType(port, 0x02));
        assertNotEquals("no ServerHello for TLS 1.0", 0x16, firstRecordType(port, 0x01));
    }

    @Test
    public void plainHttpOnTheTlsPortGetsNoHttpReply() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /api/_ping HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(readUpTo(socket.getInputStream(), 64), StandardCharsets.ISO_8859_1);
            assertTrue("no HTTP reply: " + reply, !reply.startsWith("HTTP/"));
        } catch (IOException closed) {
            // the connection was reset: no reply either
        }
    }

    private static byte[] readUpTo(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while (out.size() < max && (b = in.read()) >= 0) {
            out.write(b);
        }
        return out.toByteArray();
    }

    /**
     * Sends a hand-made ClientHello of version 3.{@code minor} (the JDK's own client no longer offers TLS 1.0/1.1)
     * and returns the type of the first record the server answers with: 0x16 handshake (ServerHello), 0x15 alert,
     * -1 when it closed the connection.
     */
    static int firstRecordType(int port, int minor) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(clientHello(minor));
            try {
                return socket.getInputStream().read();
            } catch (IOException reset) {
                return -1;
            }
        }
    }

    static byte[] clientHello(int minor) {
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        // supported_groups: x25519, secp256r1; ec_point_formats: uncompressed
        extensions.writeBytes(new byte[] {0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x1d, 0x00, 0x17});
        extensions.writeBytes(new byte[] {0x00, 0x0b, 0x00, 0x02, 0x01, 0x00});
        // signature_algorithms: rsa_pss_rsae_sha256, rsa_pkcs1_sha256
        extensions.writeBytes(new byte[] {0x00, 0x0d, 0x00, 0x06, 0x00, 0x04, 0x08, 0x04, 0x04, 0x01});
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x03, (byte) minor});
        body.writeBytes(new byte[32]); // random
        body.write(0); // session id
        // ECDHE_RSA with AES_128_GCM_SHA256 / AES_128_CBC_SHA256 / AES_128_CBC_SHA
        body.writeBytes(new byte[] {0x00, 0x06, (byte) 0xc0, 0x2f, (byte) 0xc0, 0x27, (byte) 0xc0, 0x13});
        body.writeBytes(new byte[] {0x01, 0x00}); // compression: null
        byte[] ext = extensions.toByteArray();
        body.writeBytes(new byte[] {(byte) (ext.length >> 8), (byte) ext.length});
        body.writeBytes(ext);
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        int handshakeLength = hello.length + 4;
        record.writeBytes(new byte[] {0x16, 0x03, 0x01, (byte) (handshakeLength >> 8), (byte) handshakeLength});
        record.writeBytes(new byte[] {0x01, 0x00, (byte) (hello.length >> 8), (byte) hello.length});
        record.writeBytes(hello);
        return record.toByteArray();
    }
}
