package io.cephiscsi.rest.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a field of a form-encoded body that JAX-RS does not bind: upstream's clients send forms on GET too
 * ({@code curl -d config=yes -X GET}), and a GET without a body has no content type to pick a form reader by.
 */
final class FormBody {

    private FormBody() {
    }

    /** The first value of {@code name} in {@code body} ({@code a=1&b=2}); empty when absent or not a form. */
    static Optional<String> first(String contentType, String body, String name) {
        if (body == null || body.isEmpty() || contentType == null
                || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return Optional.empty();
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
