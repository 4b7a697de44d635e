package io.cephiscsi.rest.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;

/** Upstream's two checks, with its status codes and messages: source address (403), then credentials (401). */
final class ApiAuthFilter {

    private ApiAuthFilter() {
    }

    /** A reply in upstream's error shape, {@code {"message": ...}}. */
    static Response jsonMessage(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("message", message))
                .build();
    }

    /** 401 unless the request carries {@code api_user}/{@code api_password} as HTTP basic auth. */
    @BasicAuth
    @Priority(Priorities.AUTHENTICATION)
    static final class Credentials implements ContainerRequestFilter {

        private final byte[] user;
        private final byte[] password; // empty when none is configured: nothing matches

        Credentials(GatewaySettings settings) {
            this.user = settings.apiUser().getBytes(StandardCharsets.UTF_8);
            this.password = settings.apiPassword().orElse("").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void filter(ContainerRequestContext request) {
            String header = request.getHeaderString("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                request.abortWith(jsonMessage(401, "Missing credentials"));
                return;
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                request.abortWith(jsonMessage(401, "Missing credentials"));
                return;
            }
            int colon = decoded.indexOf(':');
            byte[] givenUser = (colon < 0 ? decoded : decoded.substring(0, colon)).getBytes(StandardCharsets.UTF_8);
            byte[] givenPassword = (colon < 0 ? "" : decoded.substring(colon + 1)).getBytes(StandardCharsets.UTF_8);
            // both compared in constant time, and both always compared
            boolean userOk = MessageDigest.isEqual(user, givenUser);
            boolean passwordOk = password.length > 0 && MessageDigest.isEqual(password, givenPassword);
            if (!(userOk && passwordOk)) {
                request.abortWith(jsonMessage(401, "username/password mismatch with the configuration file"));
            }
        }
    }

    /**
     * 403 unless the caller is localhost, a gateway or in {@code trusted_ip_list}, as upstream's
     * {@code requires_restricted_auth}: the gateways are every name under {@code gateways} of the shared
     * configuration (resolved) and every address of the targets' {@code ip_list}; recomputed when the epoch
     * changes. Runs before the credentials.
     */
    @TrustedSource
    @Priority(Priorities.AUTHENTICATION - 100)
    static final class Source implements ContainerRequestFilter {

        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Source.class);

        private final Set<InetAddress> allowed = new HashSet<>();
        private final java.util.function.Supplier<GatewayConfig> config;
        private volatile GatewaysAt gateways = new GatewaysAt(Long.MIN_VALUE, Set.of(), Set.of(),
                new java.util.concurrent.atomic.AtomicReference<>(Set.of()));

        @Context
        private HttpServletRequest servletRequest;

        /** The gateways as of one epoch: the targets' portal addresses, the gateway names, their addresses. */
        private record GatewaysAt(long epoch, Set<InetAddress> portals, Set<String> names,
                                  java.util.concurrent.atomic.AtomicReference<Set<InetAddress>> resolved) {
        }

        Source(GatewaySettings settings) {
            this(settings, () -> null);
        }

        /** {@code config} gives the shared configuration, or null (or throws) while it cannot be read. */
        Source(GatewaySettings settings, java.util.function.Supplier<GatewayConfig> config) {
            this.config = config;
            try {
                allowed.addAll(Set.of(InetAddress.getAllByName("localhost")));
            } catch (UnknownHostException e) {
                // no resolver entry for localhost: the loopback literals below still count
            }
            allowed.add(InetAddress.getLoopbackAddress());
            for (String ip : settings.trustedIpList()) {
                allowed.add(literal(ip));
            }
        }

        @Override
        public void filter(ContainerRequestContext request) {
            String remote = servletRequest.getRemoteAddr();
            // upstream strips an IPv6 scope and the IPv4-mapped prefix before matching
            int scope = remote.indexOf('%');
            if (scope >= 0) {
                remote = remote.substring(0, scope);
            }
            if (remote.startsWith("::ffff:")) {
                remote = remote.substring(7);
            }
            InetAddress address = literal(remote);
            if (!allowed.contains(address) && !isGateway(address)) {
                request.abortWith(jsonMessage(403, "API access not available to " + remote));
            }
        }

        /**
         * Whether {@code address} is a gateway's: a target's portal address (no lookup), else the address of a
         * gateway's name (looked up only then, once per epoch, so most requests never wait for DNS).
         */
        private boolean isGateway(InetAddress address) {
            GatewayConfig current;
            try {
                current = config.get();
            } catch (RuntimeException e) {
                current = null; // the configuration cannot be read now: the last known gateways still count
            }
            GatewaysAt known = gateways;
            if (current != null && current.epoch() != known.epoch()) {
                Set<InetAddress> portals = new HashSet<>();
                current.targets().values().forEach(target -> target.ipList().forEach(ip -> {
                    try {
                        portals.add(literal(ip));
                    } catch (IllegalArgumentException e) {
                        // not an address literal: nothing to match
                    }
                }));
                known = new GatewaysAt(current.epoch(), Set.copyOf(portals), Set.copyOf(current.gateways().keySet()),
                        new java.util.concurrent.atomic.AtomicReference<>());
                gateways = known;
            }
            if (known.portals().contains(address)) {
                return true;
            }
            Set<InetAddress> resolved = known.resolved().get();
            if (resolved == null) {
                Set<InetAddress> addresses = new HashSet<>();
                for (String name : known.names()) {
                    try {
                        addresses.addAll(Set.of(InetAddress.getAllByName(name)));
                    } catch (UnknownHostException | SecurityException e) {
                        LOG.debug("Gateway {} does not resolve; its portal addresses still count", name);
                    }
                }
                resolved = Set.copyOf(addresses);
                known.resolved().set(resolved);
            }
            return resolved.contains(address);
        }

        private static InetAddress literal(String ip) {
            try {
                return InetAddress.getByName(ip.startsWith("[") ? ip.substring(1, ip.length() - 1) : ip);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + ip, e);
            }
        }
    }
}
