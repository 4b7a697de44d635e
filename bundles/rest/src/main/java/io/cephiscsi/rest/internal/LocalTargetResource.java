package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.FormParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.GatewayException;

/**
 * {@code PUT|DELETE /api/_target/<target_iqn>} (internal, upstream gateways' fan-out). PUT {@code mode=reconfigure}:
 * upstream calls its peers before it commits the controls, so LIO is synced now and gets the controls with that
 * commit. DELETE (upstream's target delete, portal by portal): this gateway removes and commits its own part, as
 * upstream's gateways do, and replies once its LIO has it (or after the commit's wait: it follows by itself).
 */
@Path("/_target")
@TrustedSource
@BasicAuth
public class LocalTargetResource {

    private final GatewayAdmin gateway;

    public LocalTargetResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @PUT
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> reconfigure(@PathParam("target_iqn") String targetIqn, @FormParam("mode") String mode,
                                           @FormParam("controls") String controls) throws InterruptedException {
        if (!"reconfigure".equals(mode)) {
            // upstream's words and status
            throw new GatewayException(500, "Unexpected mode provided for " + targetIqn + " - " + mode);
        }
        return UpstreamFanOut.synced(gateway, "Target reconfigured successfully");
    }

    @DELETE
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> delete(@PathParam("target_iqn") String targetIqn) throws InterruptedException {
        // upstream's gateways before this one committed their parts without a notice (read first); once committed,
        // an error would stop upstream's caller halfway: a LIO still behind follows by itself
        return UpstreamFanOut.committedHere(gateway, () -> gateway.clearTarget(targetIqn));
    }
}
