package io.cephiscsi.rest.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.gateway.GatewayStatus;

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

    /**
     * With {@code epoch}, the reply waits until this gateway's LIO is at that epoch, or {@code wait_ms} (at most
     * 5,000) passed: a gateway waiting on a change asks once instead of polling.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> status(@QueryParam("epoch") Long epoch, @QueryParam("wait_ms") Long waitMillis)
            throws InterruptedException {
        if (epoch != null && waitMillis != null && waitMillis < 0) {
            throw new GatewayException(400, "wait_ms must be 0 or more milliseconds");
        }
        GatewayStatus status = epoch == null ? gateway.status()
                : gateway.awaitStatus(epoch, Duration.ofMillis(waitMillis == null ? 0 : waitMillis));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("gateway", status.gateway());
        json.put("applied_epoch", status.appliedEpoch());
        json.put("problems", status.problems());
        return json;
    }
}
