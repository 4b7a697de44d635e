package io.cephiscsi.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/_status} (internal, for peers waiting on a change): this gateway's name, applied epoch
 * and its problems (configuration unusable, LIO refusing a write). */
@Path("/_status")
@TrustedSource
@BasicAuth
public class StatusResource {

    private final GatewayAdmin gateway;

    public StatusResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> status() {
        var status = gateway.status();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("gateway", status.gateway());
        json.put("applied_epoch", status.appliedEpoch());
        json.put("problems", status.problems());
        return json;
    }
}
