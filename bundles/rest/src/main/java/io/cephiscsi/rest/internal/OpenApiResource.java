package io.cephiscsi.rest.internal;

import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** {@code GET /api/openapi.json}, unrestricted as {@code GET /api}: the public routes as an OpenAPI 3.0 document. */
@Path("/openapi.json")
public class OpenApiResource {

    private final Map<String, Object> document;

    public OpenApiResource(List<Class<?>> resources, String version) {
        this.document = OpenApi.document(resources, version);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc("The public routes as an OpenAPI 3.0 document")
    public Map<String, Object> openApi() {
        return document;
    }
}
