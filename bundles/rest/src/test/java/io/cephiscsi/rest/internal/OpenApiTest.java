package io.cephiscsi.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class OpenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The routes the server documents, built as ApiServer builds them (the gateway is not called). */
    private static List<Class<?>> served() {
        return ApiServer.documented(ApiServer.resources(null));
    }

    private static JsonNode document() {
        return JSON.valueToTree(OpenApi.document(served(), "2"));
    }

    @Test
    public void everyRouteOfTheIndexIsAPathWithTheSameMethods() {
        @SuppressWarnings("unchecked")
        List<List<Object>> index = (List<List<Object>>) new ApiIndexResource(served()).api().get("api");
        JsonNode paths = document().path("paths");
        Map<String, Set<String>> fromIndex = new TreeMap<>();
        for (List<Object> entry : index) {
            String url = ((String) entry.get(0)).split(" : ")[0].replaceAll("<([^>]+)>", "{$1}");
            Set<String> methods = new LinkedHashSet<>();
            for (String verb : ((String) entry.get(1)).substring("Methods: ".length()).split(",")) {
                methods.add(verb.toLowerCase(Locale.ROOT));
            }
            fromIndex.put(url, methods);
        }
        Map<String, Set<String>> fromOpenApi = new TreeMap<>();
        paths.fields().forEachRemaining(path -> {
            Set<String> methods = new LinkedHashSet<>();
            path.getValue().fieldNames().forEachRemaining(methods::add);
            fromOpenApi.put(path.getKey(), methods);
        });
        assertEquals(fromIndex, fromOpenApi);
        assertEquals(Set.of("put", "delete"), fromOpenApi.get("/api/target/{target_iqn}"));
        assertEquals(Set.of("get", "put", "delete"), fromOpenApi.get("/api/disk/{pool}/{image}"));
        assertTrue(fromOpenApi.containsKey("/api/openapi.json"));
        assertFalse("internal routes are left out", fromOpenApi.keySet().stream().anyMatch(p -> p.contains("/_")));
        assertEquals("23 upstream routes and openapi.json", 24, fromOpenApi.size());
    }

    @Test
    public void formParametersCarryTheirTypesAndPathParametersAreRequired() {
        JsonNode put = document().path("paths").path("/api/disk/{pool}/{image}").path("put");
        JsonNode form = put.path("requestBody").path("content").path("application/x-www-form-urlencoded")
                .path("schema").path("properties");
        assertEquals("string", form.path("mode").path("type").asText());
        assertEquals("boolean", form.path("create_image").path("type").asText());
        assertEquals("integer", form.path("count").path("type").asText());
        assertEquals("json", form.path("controls").path("format").asText());
        assertTrue(form.path("size").path("description").asText().contains("10G"));
        List<String> pathParams = new ArrayList<>();
        put.path("parameters").forEach(p -> {
            assertEquals("path", p.path("in").asText());
            assertTrue(p.path("required").asBoolean());
            pathParams.add(p.path("name").asText());
        });
        assertEquals(List.of("pool", "image"), pathParams);
        assertEquals("#/components/schemas/ChangeReply",
                put.path("responses").path("200").path("content").path("application/json").path("schema")
                        .path("$ref").asText());
        assertEquals("Coordinate the create/delete of rbd images across the gateway nodes",
                put.path("summary").asText());
        assertEquals("integer", document().path("paths").path("/api/targetlun/{target_iqn}").path("put")
                .path("requestBody").path("content").path("application/x-www-form-urlencoded").path("schema")
                .path("properties").path("lun_id").path("type").asText());
    }

    @Test
    public void authIsDescribedFromTheFilters() {
        JsonNode doc = document();
        JsonNode targets = doc.path("paths").path("/api/targets").path("get");
        assertEquals("[{\"basicAuth\":[]}]", targets.path("security").toString());
        assertNotNull(targets.path("responses").get("403"));
        JsonNode sysinfo = doc.path("paths").path("/api/sysinfo/{query_type}").path("get");
        assertNotNull(sysinfo.path("responses").get("401"));
        assertEquals(null, sysinfo.path("responses").get("403"));
        assertEquals("[]", doc.path("paths").path("/api").path("get").path("security").toString());
        assertEquals("[]", doc.path("paths").path("/api/openapi.json").path("get").path("security").toString());
        assertEquals("basic", doc.path("components").path("securitySchemes").path("basicAuth").path("scheme").asText());
        assertEquals("3.0.3", doc.path("openapi").asText());
        Set<String> ids = new LinkedHashSet<>();
        doc.path("paths").forEach(path -> path.forEach(op -> assertTrue("unique operationId",
                ids.add(op.path("operationId").asText()))));
    }
}
