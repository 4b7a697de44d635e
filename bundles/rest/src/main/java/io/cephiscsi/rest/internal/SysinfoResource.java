package io.cephiscsi.rest.internal;

import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/sysinfo/<query_type>}: facts about this gateway, as {@code {"data": ...}}. */
@Path("/sysinfo")
@BasicAuth
public class SysinfoResource {

    private final GatewayAdmin gateway;

    public SysinfoResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{query_type}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"Provide system information based on the query_type",
            "Valid query types are: ip_addresses, hostname, checkconf and checkversions"})
    public Response sysinfo(@PathParam("query_type") String queryType) {
        switch (queryType) {
            case "hostname":
                return data(200, gateway.hostname());
            case "ip_addresses":
                return data(200, gateway.ipAddresses());
            case "checkconf":
                return data(200, gateway.settingsHash());
            case "checkversions":
                List<String> problems = gateway.versionProblems();
                // upstream's shape: the list of problems with a 500, else a fixed text
                return problems.isEmpty() ? data(200, "checks passed") : data(500, problems);
            default:
                throw new NotFoundException("Unknown /sysinfo query");
        }
    }

    private static Response data(int status, Object data) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("data", data)).build();
    }
}
