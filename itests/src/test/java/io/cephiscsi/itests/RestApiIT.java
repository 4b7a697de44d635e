package io.cephiscsi.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.net.ssl.SSLSocket;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The REST face on its own, on the embedded default with upstream's default {@code api_secure = true}: HTTPS with the
 * generated certificate (TLS 1.2/1.3 only), {@code GET /api/openapi.json}, and the request checks the REST layer makes
 * before it calls the gateway service (so these pass whatever the service does with a valid request).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestApiIT extends ApplianceTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IQN = "iqn.2003-01.com.example.iscsi-gw:rest";
    private static final String CLIENT = "iqn.1994-05.com.example:rest-host";

    @Configuration
    public Option[] config() {
        return appliance(Map.of("backend", "embedded", "gateway_name", "gw-rest.example.com"));
    }

    private static String password() throws Exception {
        String password = initialCredentials().getProperty("api_password");
        awaitApi("/api/_ping", "admin", password, 200);
        return password;
    }

    private static int port() {
        return Integer.parseInt(System.getProperty("it.api.port"));
    }

    @Test
    public void theApiIsHttpsWithTheGeneratedCertificateOnTls12And13() throws Exception {
        String password = password();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                etc("iscsi-gateway.p12"))));
        for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
            try (SSLSocket socket = (SSLSocket) trustingTheAppliance().getSocketFactory().createSocket("127.0.0.1",
                    port())) {
                socket.setEnabledProtocols(new String[] {protocol});
                socket.startHandshake();
                assertEquals(protocol, socket.getSession().getProtocol());
                socket.getOutputStream().write(("GET /api/_ping HTTP/1.0\r\nAuthorization: Basic "
                        + java.util.Base64.getEncoder().encodeToString(("admin:" + password)
                        .getBytes(StandardCharsets.UTF_8)) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(reply, containsString("HTTP/1.1 200"));
                assertThat(reply, containsString("\"pong\""));
            }
        }
        assertEquals("TLS 1.2 ServerHello", 0x16, firstRecordType(0x03));
        assertNotEquals("TLS 1.1 refused", 0x16, firstRecordType(0x02));
        assertNotEquals("TLS 1.0 refused", 0x16, firstRecordType(0x01));
    }

    @Test
    public void plainHttpToTheHttpsPortGetsNoReply() throws Exception {
        password();
        try {
            java.net.HttpURLConnection http = (java.net.HttpURLConnection) new URL("http://127.0.0.1:" + port()
                    + "/api").openConnection();
            http.setConnectTimeout(2000);
            http.setReadTimeout(5000);
            int status = http.getResponseCode();
            assertTrue("plain HTTP must not be served, got " + status, status != 200);
        } catch (IOException expected) {
            // no HTTP reply on the TLS port
        }
    }

    /** A hand-made ClientHello of version 3.{@code minor}: the JDK's own client no longer offers TLS 1.0/1.1. */
    private static int firstRecordType(int minor) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(clientHello(minor));
            try {
                return socket.getInputStream().read(); // 0x16 handshake, 0x15 alert, -1 closed
            } catch (IOException reset) {
                return -1;
            }
        }
    }

    private static byte[] clientHello(int minor) {
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        extensions.writeBytes(new byte[] {0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x1d, 0x00, 0x17});
        extensions.writeBytes(new byte[] {0x00, 0x0b, 0x00, 0x02, 0x01, 0x00});
        extensions.writeBytes(new byte[] {0x00, 0x0d, 0x00, 0x06, 0x00, 0x04, 0x08, 0x04, 0x04, 0x01});
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x03, (byte) minor});
        body.writeBytes(new byte[32]);
        body.write(0);
        body.writeBytes(new byte[] {0x00, 0x06, (byte) 0xc0, 0x2f, (byte) 0xc0, 0x27, (byte) 0xc0, 0x13});
        body.writeBytes(new byte[] {0x01, 0x00});
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

    @Test
    public void openApiDescribesEveryRouteOfTheIndex() throws Exception {
        password();
        Reply openApi = get("/api/openapi.json", null, null);
        assertEquals("unrestricted, as GET /api", 200, openApi.status());
        JsonNode doc = JSON.readTree(openApi.body());
        assertThat(doc.path("openapi").asText(), containsString("3.0"));
        Map<String, Set<String>> documented = new TreeMap<>();
        doc.path("paths").fields().forEachRemaining(path -> {
            Set<String> methods = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(methods::add);
            documented.put(path.getKey(), methods);
        });
        Map<String, Set<String>> indexed = new TreeMap<>();
        for (JsonNode route : JSON.readTree(get("/api", null, null).body()).path("api")) {
            String url = route.path(0).asText().split(" : ")[0].replaceAll("<([^>]+)>", "{$1}");
            Set<String> methods = new TreeSet<>();
            for (String verb : route.path(1).asText().substring("Methods: ".length()).split(",")) {
                methods.add(verb.toLowerCase(Locale.ROOT));
            }
            indexed.put(url, methods);
        }
        assertEquals(indexed, documented);
        for (String route : new String[] {"/api/target/{target_iqn}", "/api/gateway/{target_iqn}/{gateway_name}",
                "/api/targetlun/{target_iqn}", "/api/disk/{pool}/{image}", "/api/disksnap/{pool}/{image}/{name}",
                "/api/discoveryauth", "/api/targetauth/{target_iqn}", "/api/targetinfo/{target_iqn}",
                "/api/gatewayinfo", "/api/client/{target_iqn}/{client_iqn}",
                "/api/clientauth/{target_iqn}/{client_iqn}", "/api/clientlun/{target_iqn}/{client_iqn}",
                "/api/clientinfo/{target_iqn}/{client_iqn}", "/api/hostgroup/{target_iqn}/{group_name}"}) {
            assertTrue(route + " documented: " + documented.keySet(), documented.containsKey(route));
        }
        assertEquals(Set.of("delete", "put"), documented.get("/api/clientlun/{target_iqn}/{client_iqn}"));
        assertEquals("boolean", doc.path("paths").path("/api/disk/{pool}/{image}").path("put").path("requestBody")
                .path("content").path("application/x-www-form-urlencoded").path("schema").path("properties")
                .path("create_image").path("type").asText());
        assertThat(documented.keySet().toString(), not(containsString("_status")));
    }

    private static JsonNode expect(int status, String method, String path, String password, Map<String, String> form)
            throws Exception {
        Reply reply = send(method, path, "admin", password, form);
        assertEquals(method + " " + path + ": " + reply.body(), status, reply.status());
        return JSON.readTree(reply.body());
    }


    @Test
    public void requestValuesTheRestLayerParsesAreRefusedWithUpstreamsMessages() throws Exception {
        String pw = password();
        assertEquals("Unexpected mode provided for " + IQN + " - create", expect(400, "PUT", "/api/target/" + IQN, pw,
                form("mode", "create")).path("message").asText());
        assertEquals("Lun id must be a number", expect(400, "PUT", "/api/targetlun/" + IQN, pw,
                form("disk", "rbd/disk_1", "lun_id", "first")).path("message").asText());
        assertEquals("Invalid 'create_image' value maybe", expect(400, "PUT", "/api/disk/rbd/disk_1", pw,
                form("mode", "create", "size", "1G", "create_image", "maybe")).path("message").asText());
        assertEquals("disk operation mode 'grow' is invalid", expect(400, "PUT", "/api/disk/rbd/disk_1", pw,
                form("mode", "grow")).path("message").asText());
        assertThat(expect(400, "PUT", "/api/disk/rbd/disk_1", pw, form("mode", "reconfigure", "controls",
                "{qfull_timeout=10}")).path("message").asText(), containsString("Unexpected or invalid controls - "));
        assertEquals("invalid count specified, must be an integer (1-10)", expect(400, "PUT", "/api/disk/rbd/disk_",
                pw, form("mode", "create", "size", "1G", "count", "many")).path("message").asText());
        assertEquals("mode is invalid", expect(400, "PUT", "/api/disksnap/rbd/disk_1/snap1", pw,
                form("mode", "clone")).path("message").asText());
        assertEquals("Invalid auth chap", expect(400, "PUT", "/api/targetauth/" + IQN, pw,
                form("action", "chap")).path("message").asText());
        assertEquals("Invalid hostgroup action specified", expect(405, "PUT", "/api/hostgroup/" + IQN + "/group1",
                pw, form("action", "drop", "members", CLIENT)).path("message").asText());
        assertEquals("Missing required parameter 'ip_address'", expect(400, "PUT",
                "/api/gateway/" + IQN + "/gw-rest.example.com", pw, form("skipchecks", "true")).path("message")
                .asText());
        // the Dashboard sends form bodies on DELETE too: a DELETE without the field is refused, with it it is read
        assertEquals("Missing required parameter 'disk'", expect(400, "DELETE", "/api/clientlun/" + IQN + "/" + CLIENT,
                pw, null).path("message").asText());
        Reply withDisk = send("DELETE", "/api/clientlun/" + IQN + "/" + CLIENT, "admin", pw, form("disk", "rbd/disk_1"));
        assertThat(withDisk.body(), not(containsString("Missing required parameter")));
        assertThat(withDisk.body(), containsString("\"message\""));
    }

    @Test
    public void theInternalRoutesAreRestrictedAndUnlisted() throws Exception {
        String pw = password();
        for (String route : new String[] {"/api/_status", "/api/_targetinfo/" + IQN,
                "/api/_clientinfo/" + IQN + "/" + CLIENT}) {
            assertEquals(route, 401, get(route, null, null).status());
            assertEquals(route, 403, raw("127.0.0.2", "GET", route, pw, null).status());
            Reply reply = get(route, "admin", pw);
            assertThat(route + " is routed", reply.body(), not(containsString("HTTP 404 Not Found")));
            assertThat(route + " answers in upstream's error or reply shape", reply.body(), containsString("\""));
        }
        Reply status = get("/api/_status", "admin", pw);
        assertEquals(status.body(), 200, status.status());
        assertEquals("gw-rest.example.com", JSON.readTree(status.body()).path("gateway").asText());
        assertTrue(status.body(), JSON.readTree(status.body()).path("applied_epoch").isIntegralNumber());
        assertThat(get("/api", null, null).body(), not(containsString("_status")));

        // a peer waiting on a change: the reply comes once LIO is at the epoch, or when the wait is over
        long applied = JSON.readTree(status.body()).path("applied_epoch").asLong();
        long start = System.nanoTime();
        Reply reached = get("/api/_status?epoch=" + applied + "&wait_ms=4000", "admin", pw);
        long reachedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(applied, JSON.readTree(reached.body()).path("applied_epoch").asLong());
        assertTrue("an epoch already applied is answered at once: " + reachedMillis + " ms", reachedMillis < 3000);
        start = System.nanoTime();
        Reply notYet = get("/api/_status?epoch=" + (applied + 1000) + "&wait_ms=300", "admin", pw);
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, notYet.status());
        assertTrue("a future epoch is waited for: " + waitedMillis + " ms", waitedMillis >= 290);
        assertTrue(JSON.readTree(notYet.body()).path("applied_epoch").asLong() < applied + 1000);
        Reply bad = get("/api/_status?epoch=1&wait_ms=-5", "admin", pw);
        assertEquals(400, bad.status());
        assertThat(bad.body(), containsString("wait_ms"));
    }
}
