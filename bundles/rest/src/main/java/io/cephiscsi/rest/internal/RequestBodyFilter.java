package io.cephiscsi.rest.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import javax.annotation.Priority;
import javax.ws.rs.FormParam;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;

/**
 * What a request body may be, checked once for every route after authentication: at most {@link #LIMIT} bytes
 * (413 otherwise, the body read no further); on PUT and DELETE a non-empty body is a form
 * ({@code application/x-www-form-urlencoded}, 415 otherwise) whose fields are the route's own form parameters (400
 * naming an unknown field). Fields that upstream's own clients send and upstream ignores ({@code pool},
 * {@code owner}, {@code purge_host}, ... on the disk routes) are let through, so upstream's gwcli keeps working.
 */
@Priority(Priorities.USER)
final class RequestBodyFilter implements ContainerRequestFilter {

    /** Far above any real request (a 1,000-member host group is ~50 KB). */
    static final int LIMIT = 1024 * 1024;

    /** Sent by upstream's gwcli / rbd-target-api and ignored by upstream's routes. */
    private static final Set<String> UPSTREAM_EXTRAS = Set.of("pool", "owner", "purge_host", "allocating_host",
            "image");

    @Context
    private ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        int length = request.getLength();
        if (length > LIMIT) {
            request.abortWith(ApiAuthFilter.jsonMessage(413, tooLarge()));
            return;
        }
        byte[] body = read(request.getEntityStream());
        if (body == null) {
            request.abortWith(ApiAuthFilter.jsonMessage(413, tooLarge()));
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
        String method = request.getMethod();
        if (body.length == 0 || !(method.equals("PUT") || method.equals("DELETE"))) {
            return;
        }
        String type = request.getHeaderString("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            request.abortWith(ApiAuthFilter.jsonMessage(415, "request body: Content-Type " + (type == null
                    ? "missing" : "'" + type + "'") + "; the API takes application/x-www-form-urlencoded forms"));
            return;
        }
        Set<String> accepted = formParams(resource.getResourceMethod());
        for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key;
            try {
                key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                request.abortWith(ApiAuthFilter.jsonMessage(400, "request body: malformed form field '"
                        + printable(pair) + "'"));
                return;
            }
            if (!accepted.contains(key) && !UPSTREAM_EXTRAS.contains(key)) {
                request.abortWith(ApiAuthFilter.jsonMessage(400, "unknown parameter '" + printable(key) + "' for "
                        + method + " /api/" + request.getUriInfo().getPath().replaceFirst("^/", "")
                        + (accepted.isEmpty() ? " (it takes none)" : " (it takes " + String.join(", ", accepted)
                        + ")")));
                return;
            }
        }
    }

    private static String tooLarge() {
        return "request body larger than " + LIMIT + " bytes";
    }

    /** The whole body, or null when it is longer than {@link #LIMIT}. */
    private static byte[] read(InputStream in) {
        if (in == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = in.readNBytes(LIMIT + 1);
            return bytes.length > LIMIT ? null : bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> formParams(Method method) {
        Set<String> names = new TreeSet<>();
        if (method != null) {
            for (Annotation[] annotations : method.getParameterAnnotations()) {
                for (Annotation annotation : annotations) {
                    if (annotation instanceof FormParam form) {
                        names.add(form.value());
                    }
                }
            }
        }
        return names;
    }

    /** A name as sent, shortened and without control characters, for the message. */
    private static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}
