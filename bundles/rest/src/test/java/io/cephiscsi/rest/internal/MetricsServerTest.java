package io.cephiscsi.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.Test;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.gateway.GatewayMetrics;
import io.cephiscsi.model.GatewaySettings;

/** The exporter's routes over HTTP, on a free local port, with a gateway that only knows its metrics. */
public class MetricsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private static GatewayAdmin gateway(Supplier<GatewayMetrics> metrics) {
        return (GatewayAdmin) Proxy.newProxyInstance(MetricsServerTest.class.getClassLoader(),
                new Class<?>[] {GatewayAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("metrics")) {
                        return metrics.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static GatewaySettings settings(boolean exporter, int port) {
        return GatewaySettings.of(Map.of(), Map.of("backend", "embedded", "prometheus_exporter", exporter,
                "prometheus_host", "127.0.0.1", "prometheus_port", port), p -> false);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void servesMetricsAndAnIndexPage() throws Exception {
        int port = freePort();
        MetricsServer server = new MetricsServer(settings(true, port), gateway(PrometheusTextTest::sample));
        try {
            HttpResponse<String> metrics = get(port, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertEquals(PrometheusText.CONTENT_TYPE, metrics.headers().firstValue("Content-Type").orElse("")
                    .toLowerCase(java.util.Locale.ROOT));
            assertEquals(PrometheusText.format(PrometheusTextTest.sample()), metrics.body());
            PrometheusTextTest.assertValidExposition(metrics.body());

            HttpResponse<String> index = get(port, "/");
            assertEquals(200, index.statusCode());
            assertTrue(index.body(), index.body().contains("<a href='/metrics'>Metrics</a>"));
            assertEquals(404, get(port, "/nothing").statusCode());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        } finally {
            server.close();
        }
    }

    @Test
    public void aGatewayErrorIsUpstreamsJsonMessage() throws Exception {
        int port = freePort();
        MetricsServer server = new MetricsServer(settings(true, port), gateway(() -> {
            throw new GatewayException(503, "Could not get metrics: /sys/kernel/config is not a configfs mount");
        }));
        try {
            HttpResponse<String> r = get(port, "/metrics");
            assertEquals(503, r.statusCode());
            assertEquals("{\"message\": \"Could not get metrics: /sys/kernel/config is not a configfs mount\"}\n",
                    r.body());
        } finally {
            server.close();
        }
    }

    @Test
    public void disabledListensNowhere() throws Exception {
        int port = freePort();
        MetricsServer server = new MetricsServer(settings(false, port), gateway(PrometheusTextTest::sample));
        try (ServerSocket stillFree = new ServerSocket(port)) {
            assertEquals(port, stillFree.getLocalPort());
        } finally {
            server.close();
        }
    }
}
