package io.cephiscsi.rest.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.ws.rs.GET;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/**
 * {@code GET /api}, unrestricted as upstream: every public route this build serves, as
 * {@code {"api": [["<url> : <description>", "Methods: GET,PUT", [doc lines]], ...]}} sorted by URL. Built from the
 * resource classes themselves, so it lists exactly the routes and methods that answer; underscore (internal)
 * routes are left out, as upstream does.
 */
@Path("/")
public class ApiIndexResource {

    private static final List<String> METHOD_ORDER = List.of("GET", "PUT", "POST", "DELETE");

    private final List<List<Object>> index;

    public ApiIndexResource(List<Class<?>> resources) {
        this.index = build(resources);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc("Display all the available API endpoints")
    public Map<String, Object> api() {
        return Map.of("api", index);
    }

    private static List<List<Object>> build(List<Class<?>> resources) {
        Map<String, Set<String>> methods = new TreeMap<>();
        Map<String, List<String>> docs = new TreeMap<>();
        for (Class<?> resource : resources) {
            for (Method method : resource.getMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                String url = url(resource.getAnnotation(Path.class), method.getAnnotation(Path.class));
                if (internal(url)) {
                    continue;
                }
                methods.computeIfAbsent(url, u -> new LinkedHashSet<>()).add(verb);
                ApiDoc doc = method.getAnnotation(ApiDoc.class);
                if (doc != null) {
                    docs.putIfAbsent(url, auth(resource, method, doc));
                }
            }
        }
        List<List<Object>> index = new ArrayList<>();
        methods.forEach((url, verbs) -> {
            List<String> doc = docs.getOrDefault(url, List.of("Missing description"));
            List<String> sorted = METHOD_ORDER.stream().filter(verbs::contains).toList();
            index.add(List.of(url + " : " + doc.get(0), "Methods: " + String.join(",", sorted),
                    doc.subList(1, doc.size())));
        });
        return List.copyOf(index);
    }

    static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    /** Flask's spelling of the route: {@code /api/disk/<pool>/<image>}. */
    static String url(Path classPath, Path methodPath) {
        String path = "/api/" + (classPath == null ? "" : classPath.value()) + "/"
                + (methodPath == null ? "" : methodPath.value());
        path = path.replaceAll("\\{\\s*([^}:\\s]+)\\s*(:[^}]*)?}", "<$1>").replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The doc lines, with how the route is protected (derived from the filters that guard it, so never stale). */
    private static List<String> auth(Class<?> resource, Method method, ApiDoc doc) {
        List<String> lines = new ArrayList<>(List.of(doc.value()));
        if (has(resource, method, TrustedSource.class)) {
            lines.add("**RESTRICTED**");
        } else if (has(resource, method, BasicAuth.class)) {
            lines.add("**BASIC AUTH**");
        } else {
            lines.add("**UNRESTRICTED**");
        }
        return lines;
    }

    /** Upstream's internal routes: a path segment starting with {@code _}. */
    static boolean internal(String url) {
        return Arrays.stream(url.split("/")).anyMatch(segment -> segment.startsWith("_"));
    }

    static boolean has(Class<?> resource, Method method, Class<? extends Annotation> annotation) {
        return resource.isAnnotationPresent(annotation) || method.isAnnotationPresent(annotation);
    }
}
