package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.function.ThrowingRunnable;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.config.internal.FileConfigStore;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.PortalConfig;
import io.cephiscsi.model.TargetConfig;
import io.cephiscsi.rbd.internal.EmbeddedImageService;

/**
 * What the target operation tests share: the real file-backed gateway.conf store, the embedded image service, and a
 * real HTTP server on 127.0.0.1 answering the sysinfo routes of the gateway being added. Each test checks what a user
 * sees: the committed document (laid out as upstream lays it out) or the message of a refusal that committed nothing.
 */
abstract class TargetOperationsFixture {

    static final String IQN = "iqn.2003-01.com.example.iscsi-gw:t1";
    static final String OTHER = "iqn.2003-01.com.example.iscsi-gw:t2";
    static final String LOCAL = "gw1.example";
    static final String GW2 = "gw2.example";
    static final String GW3 = "gw3.example";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    final ObjectMapper json = new ObjectMapper();
    final Map<String, Object> peerAnswers = new HashMap<>();
    final Map<String, Integer> peerStatus = new HashMap<>();
    HttpServer peer;
    ConfigStore store;
    EmbeddedImageService images;
    TargetOperations operations;

    @Before
    public void setUp() throws Exception {
        peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext("/api/sysinfo/", exchange -> {
            String query = exchange.getRequestURI().getPath().substring("/api/sysinfo/".length());
            byte[] body = json.writeValueAsBytes(Map.of("data", peerAnswers.getOrDefault(query, "")));
            exchange.sendResponseHeaders(peerStatus.getOrDefault(query, 200), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        peer.start();
        operations = operations(1);
        peerAnswers.put("hostname", GW2);
        peerAnswers.put("ip_addresses", List.of("10.0.0.2", "192.168.1.2"));
        peerAnswers.put("checkconf", settings(1).upstreamHash());
        peerAnswers.put("checkversions", "checks passed");
    }

    GatewaySettings settings(int minimumGateways) {
        return GatewaySettings.of(Map.of(), Map.of("backend", "embedded", "gateway_name", LOCAL,
                "api_secure", false, "api_password", "not-a-secret", "api_port", peer.getAddress().getPort(),
                "minimum_gateways", minimumGateways), p -> false);
    }

    /** Operations as GatewayAdminImpl wires them, but with a committer that does not wait for gateways. */
    TargetOperations operations(int minimumGateways) throws IOException {
        GatewaySettings settings = settings(minimumGateways);
        if (store == null) {
            store = FileConfigStore.at(folder.getRoot().toPath().resolve("gateway.conf"), settings);
            images = EmbeddedImageService.at(folder.newFolder("images").toPath());
        }
        return operations(settings, store);
    }

    TargetOperations operations(GatewaySettings settings, ConfigStore target) {
        ChangeCommitter committer = new ChangeCommitter(() -> target, () -> LOCAL, (epoch, wait) -> false, () -> null, Duration.ZERO);
        AdminContext context = new AdminContext(GatewayAdminReadTest.settings(settings), () -> LOCAL,
                new ConfigQueries(() -> target), () -> images, () -> null, new FixedHost(), committer);
        return new TargetOperations(context);
    }

    @After
    public void tearDown() throws Exception {
        peer.stop(0);
    }

    /** This machine's addresses, fixed so the checks of the local gateway do not depend on the test host. */
    private static final class FixedHost extends LocalHost {
        @Override
        List<String> ipAddresses() {
            return List.of("10.0.0.1", "10.0.1.1");
        }
    }

    // ----- helpers

    GatewayConfig config() {
        return store.current();
    }

    TargetConfig target(String iqn) {
        return config().targets().get(iqn);
    }

    void apply(ConfigChange... changes) {
        store.update(ConfigTransaction.of(changes));
    }

    /** A refusal with this message, naming this field, that committed nothing. */
    ConfigException refused(String field, int status, String message, ThrowingRunnable call) {
        long epoch = config().epoch();
        ConfigException error = assertThrows(ConfigException.class, call);
        assertEquals(message, error.getMessage());
        assertEquals(field, error.field());
        assertEquals(status, error.status());
        assertEquals("nothing committed", epoch, config().epoch());
        return error;
    }

    void targetWithGateways(String... gateways) {
        operations.createTarget(IQN, Map.of());
        for (int i = 0; i < gateways.length; i++) {
            operations.addGateway(IQN, gateways[i], List.of("10.0.0." + (i + 1)), true);
        }
    }

    void disk(String image) {
        images.create("rbd", image, "1G");
        apply(ConfigChange.putDisk(DiskConfig.create("rbd", image, 1, "wwn-" + image, LOCAL)));
    }

    static PortalConfig portal(List<String> own, List<String> all, List<String> inactive) {
        return new PortalConfig(own, all, inactive, all.size());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> storedTarget(String iqn) throws IOException {
        Map<String, Object> root = json.readValue(config().toJson(), Map.class);
        return (Map<String, Object>) ((Map<String, Object>) root.get("targets")).get(iqn);
    }
}
