package io.cephiscsi.rest.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.ws.rs.FormParam;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;

/**
 * An OpenAPI 3.0 document of the public routes, built by reflection from the resource classes: the route and its
 * methods from the JAX-RS annotations, the parameters from {@code @PathParam}/{@code @QueryParam}/{@code @FormParam},
 * their types and descriptions from the {@link ApiDoc} lines {@code :param name: (type) text} (upstream's docstring
 * convention), the auth from {@link TrustedSource}/{@link BasicAuth}, the success shape from the return type.
 */
final class OpenApi {

    private static final Pattern PARAM_DOC = Pattern.compile("^:param\\s+(\\w+)\\s*:\\s*(?:\\(([^)]*)\\))?\\s*(.*)$");
    private static final List<String> VERBS = List.of("get", "put", "post", "delete");

    private OpenApi() {
    }

    static Map<String, Object> document(List<Class<?>> resources, String version) {
        Map<String, List<String>> docs = docsByUrl(resources);
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (Class<?> resource : resources) {
            for (Method method : resource.getMethods()) {
                String verb = ApiIndexResource.httpMethod(method);
                if (verb == null) {
                    continue;
                }
                String url = ApiIndexResource.url(resource.getAnnotation(Path.class), method.getAnnotation(Path.class));
                if (ApiIndexResource.internal(url)) {
                    continue;
                }
                List<String> doc = docs.getOrDefault(url, List.of("Missing description"));
                paths.computeIfAbsent(url.replaceAll("<([^>]+)>", "{$1}"), u -> new TreeMap<>(
                        (a, b) -> Integer.compare(VERBS.indexOf(a), VERBS.indexOf(b))))
                        .put(verb.toLowerCase(Locale.ROOT), operation(resource, method, verb, url, doc));
            }
        }
        Map<String, Object> openApi = new LinkedHashMap<>();
        openApi.put("openapi", "3.0.3");
        openApi.put("info", Map.of("title", "rbd-target-api (ceph-iscsi-karaf)", "version", version,
                "description", "ceph-iscsi's gateway REST API: form-encoded request bodies, JSON replies; "
                        + "errors are {\"message\": ...}"));
        openApi.put("paths", paths);
        openApi.put("components", components());
        return openApi;
    }

    /** The doc lines of each URL, from whichever of its methods carries {@link ApiDoc} (as {@code GET /api} does). */
    private static Map<String, List<String>> docsByUrl(List<Class<?>> resources) {
        Map<String, List<String>> docs = new TreeMap<>();
        for (Class<?> resource : resources) {
            for (Method method : resource.getMethods()) {
                ApiDoc doc = method.getAnnotation(ApiDoc.class);
                if (doc != null && ApiIndexResource.httpMethod(method) != null) {
                    docs.putIfAbsent(ApiIndexResource.url(resource.getAnnotation(Path.class),
                            method.getAnnotation(Path.class)), List.of(doc.value()));
                }
            }
        }
        return docs;
    }

    private static Map<String, Object> operation(Class<?> resource, Method method, String verb, String url,
                                                 List<String> doc) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", verb.toLowerCase(Locale.ROOT) + Arrays.stream(url.split("/"))
                .filter(s -> !s.isEmpty() && !s.startsWith("<")).map(s -> "_" + s).reduce("", String::concat));
        operation.put("summary", doc.get(0));
        List<String> text = doc.subList(1, doc.size()).stream().filter(line -> !line.startsWith(":param")).toList();
        if (!text.isEmpty()) {
            operation.put("description", String.join("\n", text));
        }
        String[] segments = url.split("/");
        operation.put("tags", List.of(segments.length > 2 ? segments[2] : "api"));
        List<Object> parameters = new ArrayList<>();
        Map<String, Object> formProperties = new LinkedHashMap<>();
        for (Parameter parameter : method.getParameters()) {
            PathParam path = parameter.getAnnotation(PathParam.class);
            QueryParam query = parameter.getAnnotation(QueryParam.class);
            FormParam form = parameter.getAnnotation(FormParam.class);
            if (path != null) {
                parameters.add(parameter("path", path.value(), parameter, doc, true));
            } else if (query != null) {
                parameters.add(parameter("query", query.value(), parameter, doc, false));
            } else if (form != null) {
                formProperties.put(form.value(), schema(form.value(), parameter, doc));
            }
        }
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        if (!formProperties.isEmpty()) {
            operation.put("requestBody", Map.of("required", false, "content", Map.of(
                    "application/x-www-form-urlencoded", Map.of("schema",
                            Map.of("type", "object", "properties", formProperties)))));
        }
        operation.put("responses", responses(resource, method));
        boolean restricted = ApiIndexResource.has(resource, method, TrustedSource.class);
        boolean basic = ApiIndexResource.has(resource, method, BasicAuth.class);
        operation.put("security", basic ? List.of(Map.of("basicAuth", List.of())) : List.of());
        if (restricted) {
            operation.put("x-restricted", "callers must be localhost, a gateway or in trusted_ip_list (else 403)");
        }
        return operation;
    }

    private static Map<String, Object> parameter(String in, String name, Parameter parameter, List<String> doc,
                                                 boolean required) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("in", in);
        json.put("required", required);
        Map<String, Object> schema = schema(name, parameter, doc);
        Object description = schema.remove("description");
        if (description != null) {
            json.put("description", description);
        }
        json.put("schema", schema);
        return json;
    }

    /** The type named in the doc line of {@code name} (str, bool, int, JSON dict), else the Java type's. */
    static Map<String, Object> schema(String name, Parameter parameter, List<String> doc) {
        Map<String, Object> schema = new LinkedHashMap<>();
        Optional<Matcher> line = doc.stream().map(PARAM_DOC::matcher).filter(m -> m.matches() && m.group(1).equals(name))
                .findFirst();
        String docType = line.map(m -> m.group(2)).orElse(null);
        Class<?> javaType = parameter.getType();
        if (docType != null && docType.toLowerCase(Locale.ROOT).contains("json")) {
            schema.put("type", "string");
            schema.put("format", "json");
        } else if ("bool".equals(docType) || javaType == boolean.class || javaType == Boolean.class) {
            schema.put("type", "boolean");
        } else if ("int".equals(docType) || javaType == int.class || javaType == Integer.class
                || javaType == long.class || javaType == Long.class) {
            schema.put("type", "integer");
        } else {
            schema.put("type", "string");
        }
        line.map(m -> m.group(3).trim()).filter(text -> !text.isEmpty())
                .ifPresent(text -> schema.put("description", text));
        return schema;
    }

    private static Map<String, Object> responses(Class<?> resource, Method method) {
        Map<String, Object> responses = new LinkedHashMap<>();
        Map<String, Object> ok;
        if (method.getReturnType() == ChangeReply.class) {
            ok = json("The change is committed", ref("ChangeReply"));
        } else {
            ok = json("Success", Map.of("type", "object"));
        }
        responses.put("200", ok);
        Map<String, Object> message = ref("Message");
        responses.put("400", json("A request value is invalid (the message names it)", message));
        if (ApiIndexResource.has(resource, method, BasicAuth.class)) {
            responses.put("401", json("Missing or wrong credentials", message));
        }
        if (ApiIndexResource.has(resource, method, TrustedSource.class)) {
            responses.put("403", json("The caller's address is not trusted", message));
        }
        responses.put("404", json("The item does not exist", message));
        responses.put("default", json("Other errors (409 conflict, 503 configuration unavailable, ...)", message));
        return responses;
    }

    private static Map<String, Object> json(String description, Map<String, Object> schema) {
        return Map.of("description", description, "content", Map.of("application/json", Map.of("schema", schema)));
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("$ref", "#/components/schemas/" + name);
    }

    private static Map<String, Object> components() {
        Map<String, Object> schemas = new LinkedHashMap<>();
        schemas.put("Message", Map.of("type", "object", "required", List.of("message"),
                "properties", Map.of("message", Map.of("type", "string"))));
        schemas.put("ChangeReply", Map.of("type", "object", "required", List.of("message", "epoch"),
                "properties", Map.of(
                        "message", Map.of("type", "string", "description", "upstream's success text"),
                        "epoch", Map.of("type", "integer", "format", "int64",
                                "description", "the configuration epoch that holds the change"),
                        "catching_up", Map.of("type", "array", "items", Map.of("type", "string"),
                                "description", "gateways not yet at that epoch (absent when none)"))));
        return Map.of("schemas", schemas,
                "securitySchemes", Map.of("basicAuth", Map.of("type", "http", "scheme", "basic")));
    }
}
