package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

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
    public Map<String, Object> sysinfo(@PathParam("query_type") String queryType) {
        switch (queryType) {
            case "hostname":
                return Map.of("data", gateway.hostname());
            case "ip_addresses":
                return Map.of("data", gateway.ipAddresses());
            default:
                throw new NotFoundException("Unknown /sysinfo query");
        }
    }
}
