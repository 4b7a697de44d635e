package io.cephiscsi.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.model.GatewaySettings;

/**
 * rbd-target-gw's Prometheus exporter: {@code GET /metrics} and a small page at {@code /}, on
 * {@code prometheus_host:prometheus_port} (default {@code [::]:9287}) when {@code prometheus_exporter} is true, on
 * a Jetty connector of its own, without authentication, as upstream. Restarted by DS when the settings change.
 */
@Component(immediate = true)
public class MetricsServer {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    static final String INDEX = "<!DOCTYPE html>\n<html>\n<head><title>Ceph/iSCSI Prometheus Exporter</title></head>\n"
            + "<body>\n<h1>Ceph/iSCSI Prometheus Exporter</h1>\n<p><a href='/metrics'>Metrics</a></p>\n</body>\n"
            + "</html>\n";

    private Server jetty;

    @Activate
    public MetricsServer(@Reference GatewaySettings settings, @Reference GatewayAdmin gateway) throws Exception {
        if (!settings.prometheusExporter()) {
            LOG.info("Integrated Prometheus exporter is disabled");
            return;
        }
        jetty = createJetty(settings, gateway);
        try {
            jetty.start();
        } catch (Exception e) {
            close();
            throw e;
        }
        LOG.info("Prometheus exporter listening on http://[{}]:{}/metrics", settings.prometheusHost(),
                settings.prometheusPort());
    }

    private static Server createJetty(GatewaySettings settings, GatewayAdmin gateway) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("ceph-iscsi-metrics");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(settings.prometheusHost());
        connector.setPort(settings.prometheusPort());
        server.addConnector(connector);
        server.setHandler(new Routes(gateway));
        server.setStopTimeout(2000);
        return server;
    }

    /** the two routes; anything else is 404, a method other than GET/HEAD 405 */
    static final class Routes extends AbstractHandler {
        private final GatewayAdmin gateway;

        Routes(GatewayAdmin gateway) {
            this.gateway = gateway;
        }

        @Override
        public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            base.setHandled(true);
            if (!target.equals("/") && !target.equals("/metrics")) {
                send(response, 404, "application/json", json("Not Found"));
                return;
            }
            if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
                response.setHeader("Allow", "GET, HEAD");
                send(response, 405, "application/json", json("Method Not Allowed"));
                return;
            }
            if (target.equals("/")) {
                send(response, 200, "text/html; charset=utf-8", INDEX);
                return;
            }
            try {
                send(response, 200, PrometheusText.CONTENT_TYPE, PrometheusText.format(gateway.metrics()));
            } catch (GatewayException e) {
                send(response, e.status(), "application/json", json(e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("Collecting the metrics failed", e);
                send(response, 500, "application/json", json("Could not get metrics: " + e.getMessage()));
            }
        }

        private static void send(HttpServletResponse response, int status, String type, String body)
                throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.setContentType(type);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    /** upstream's {@code {"message": ...}} */
    static String json(String message) {
        StringBuilder s = new StringBuilder("{\"message\": \"");
        for (char c : String.valueOf(message).toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append("\"}\n").toString();
    }

    @Deactivate
    void close() {
        try {
            if (jetty != null) {
                jetty.stop();
            }
        } catch (Exception e) {
            LOG.warn("Stopping the Prometheus exporter failed", e);
        }
    }
}
