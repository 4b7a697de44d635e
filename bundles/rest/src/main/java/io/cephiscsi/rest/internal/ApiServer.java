package io.cephiscsi.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.model.GatewaySettings;

/**
 * Serves rbd-target-api's routes under {@code /api} on {@code api_host:api_port}, on a Jetty connector of its own
 * (Karaf's web port stays separate). Restarted by DS whenever the settings change.
 */
@Component(immediate = true)
public class ApiServer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** How long a stop waits for requests in flight: a change's commit plus its 3 s wait for the gateways. */
    static final long STOP_TIMEOUT_MILLIS = 5000;

    /**
     * How long a stop waits after closing the listener at least: a connection the acceptor took just before has its
     * endpoint registered by then (and so is waited for); cutting it at once could drop the request its client sends
     * right after the TLS handshake.
     */
    static final long SETTLE_MILLIS = 150;

    /** A connection without traffic for this long is idle (see {@link #busy()}). */
    static final long QUIET_MILLIS = 500;

    private org.eclipse.jetty.server.Server jetty;
    private ServerConnector connector;
    private final Draining draining = new Draining();
    private Bus bus;
    private Server endpoint;

    @Activate
    public ApiServer(@Reference GatewaySettings settings, @Reference GatewayAdmin gateway) throws Exception {
        ApiCertificate.Material tls = null;
        if (settings.apiSecure()) {
            try {
                // the names are only needed when a certificate is made; read from the settings given, not through
                // the gateway service, which may be between two settings right now
                tls = ApiCertificate.standard().obtain(() -> settings.gatewayName().orElseGet(ApiServer::fqdn),
                        () -> addresses(gateway));
            } catch (IllegalStateException e) {
                LOG.error("REST API not started: {}", e.getMessage());
                throw e;
            }
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ApiServer.class.getClassLoader()); // CXF and Jetty look up classes through it
        try {
            bus = BusFactory.newInstance().createBus();
            endpoint = createEndpoint(bus, settings, gateway);
            jetty = createJetty(bus, settings, tls, draining);
            connector = (ServerConnector) jetty.getConnectors()[0];
            jetty.start();
        } catch (Exception e) {
            close();
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
        LOG.info("REST API listening on {}://[{}]:{}/api{}", settings.apiScheme(), settings.apiHost(),
                settings.apiPort(), tls == null ? "" : " (TLS 1.2/1.3, key from " + tls.keyFile() + ")");
    }

    private static List<String> addresses(GatewayAdmin gateway) {
        try {
            return gateway.ipAddresses();
        } catch (RuntimeException e) {
            LOG.warn("The host's addresses are left out of the API certificate: {}", e.getMessage());
            return List.of();
        }
    }

    private static String fqdn() {
        try {
            return java.net.InetAddress.getLocalHost().getCanonicalHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** Every route class, public and internal, in the order CXF gets them. */
    static List<Object> resources(GatewayAdmin gateway) {
        return List.of(new PingResource(), new SysinfoResource(gateway), new ConfigResource(gateway),
                new TargetsResource(gateway), new TargetResource(gateway), new GatewaysResource(gateway),
                new GatewayResource(gateway), new TargetLunResource(gateway), new ClientsResource(gateway),
                new ClientResource(gateway), new ClientAuthResource(gateway), new ClientLunResource(gateway),
                new HostGroupsResource(gateway), new HostGroupResource(gateway), new DisksResource(gateway),
                new DiskResource(gateway), new DiskSnapResource(gateway), new DiscoveryAuthResource(gateway),
                new TargetAuthResource(gateway), new TargetInfoResource(gateway), new GatewayInfoResource(gateway),
                new ClientInfoResource(gateway), new SettingsResource(gateway), new StatusResource(gateway),
                new LocalTargetInfoResource(gateway), new LocalClientInfoResource(gateway),
                new LocalClientLunResource(gateway), new LocalTargetResource(gateway),
                new LocalGatewayResource(gateway), new LocalTargetLunResource(gateway), new LocalDiskResource(gateway),
                new LocalDiscoveryAuthResource(gateway), new LocalTargetAuthResource(gateway),
                new LocalClientAuthResource(gateway), new LocalClientResource(gateway),
                new LocalHostGroupResource(gateway));
    }

    /** The documented routes: every resource plus {@code /api} and {@code /api/openapi.json} themselves. */
    static List<Class<?>> documented(List<Object> resources) {
        List<Class<?>> classes = new ArrayList<>(resources.stream().<Class<?>>map(Object::getClass).toList());
        classes.add(ApiIndexResource.class);
        classes.add(OpenApiResource.class);
        return classes;
    }

    private static Server createEndpoint(Bus bus, GatewaySettings settings, GatewayAdmin gateway) {
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(bus);
        factory.setAddress("/");
        List<Object> resources = resources(gateway);
        List<Class<?>> documented = documented(resources);
        List<Object> beans = new ArrayList<>(resources);
        beans.add(new ApiIndexResource(documented));
        beans.add(new OpenApiResource(documented, "2"));
        factory.setServiceBeans(beans);
        factory.setProviders(List.of(new JacksonJsonProvider(), new ApiAuthFilter.Source(settings, gateway::config),
                new ApiAuthFilter.Credentials(settings), new RequestBodyFilter(), new ErrorMapper()));
        return factory.create();
    }

    private static org.eclipse.jetty.server.Server createJetty(Bus bus, GatewaySettings settings,
                                                               ApiCertificate.Material tls, Draining draining) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("ceph-iscsi-api");
        org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = tls == null ? new ServerConnector(server, new HttpConnectionFactory(http))
                : TlsConnector.create(server, http, tls.keyStore());
        connector.setHost(settings.apiHost());
        connector.setPort(settings.apiPort());
        server.addConnector(connector);

        CXFNonSpringServlet servlet = new CXFNonSpringServlet();
        servlet.setBus(bus);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.setClassLoader(ApiServer.class.getClassLoader());
        context.addServlet(new ServletHolder("rbd-target-api", servlet), "/api/*");
        // a graceful stop (bundle update, feature upgrade, settings change): the connector stops accepting, requests
        // in flight finish and get their reply (a change waits up to 3 s for the gateways), requests still arriving
        // on open connections get 503; without it Jetty drops the connections of requests in flight, so a change
        // that was committed would reach its client as a reset
        StatisticsHandler inFlight = new StatisticsHandler();
        inFlight.setHandler(context);
        draining.setHandler(inFlight);
        server.setHandler(draining);
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        return server;
    }

    /**
     * While the API stops: every reply says {@code Connection: close}, so that no connection is left idle for the
     * stop to cut under a request its client is sending.
     */
    static final class Draining extends HandlerWrapper {
        private volatile boolean on;

        @Override
        public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            if (on) {
                response.setHeader("Connection", "close");
            }
            super.handle(target, base, request, response);
        }
    }

    /**
     * Stops without dropping a request it accepted: first the listener closes (a new connection is refused; one the
     * kernel had queued but Jetty not yet accepted is reset, which over TLS is before its client could send anything),
     * then every connection already accepted is served to the end of its request and closed (each reply says
     * {@code Connection: close}), at most {@link #STOP_TIMEOUT_MILLIS}; only then does Jetty stop, which would cut a
     * connection whose request it had not read yet. Jetty's own graceful stop waits only for requests it is already
     * handling.
     */
    private void drain() {
        draining.on = true;
        long started = System.nanoTime();
        connector.shutdown();
        int open = connector.getConnectedEndPoints().size();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MILLIS);
        long settled = started + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        while ((busy() || System.nanoTime() < settled) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("REST API stopping: listener closed, {} connections open then, {} still busy after {} ms", open,
                connector.getConnectedEndPoints().stream().filter(ApiServer::busy).count(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Whether a connection was active within {@link #QUIET_MILLIS}: accepted or sending or being answered. One idle
     * longer than that is a client's kept-alive connection between requests; the stop closes it (a client that
     * sends on it at that very moment sees it closed, as with any server closing an idle connection, and sends again).
     */
    private boolean busy() {
        return connector.getConnectedEndPoints().stream().anyMatch(ApiServer::busy);
    }

    private static boolean busy(org.eclipse.jetty.io.EndPoint endPoint) {
        return !(endPoint instanceof org.eclipse.jetty.io.IdleTimeout idle) || idle.getIdleFor() < QUIET_MILLIS;
    }

    @Deactivate
    void close() {
        try {
            if (jetty != null) {
                if (connector != null && jetty.isStarted()) {
                    drain();
                }
                jetty.stop();
            }
        } catch (Exception e) {
            LOG.warn("Stopping the REST API connector failed", e);
        }
        if (endpoint != null) {
            endpoint.destroy();
        }
        if (bus != null) {
            bus.shutdown(false);
        }
    }
}
