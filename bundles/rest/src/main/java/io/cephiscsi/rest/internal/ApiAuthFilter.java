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

    /** 403 unless the caller is localhost, a gateway or in {@code trusted_ip_list}. Runs before the credentials. */
    @TrustedSource
    @Priority(Priorities.AUTHENTICATION - 100)
    static final class Source implements ContainerRequestFilter {

        private final Set<InetAddress> allowed = new HashSet<>();

        @Context
        private HttpServletRequest servletRequest;

        Source(GatewaySettings settings) {
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
            if (!allowed.contains(literal(remote))) {
                request.abortWith(jsonMessage(403, "API access not available to " + remote));
            }
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
