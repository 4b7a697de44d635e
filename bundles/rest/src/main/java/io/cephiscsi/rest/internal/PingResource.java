package io.cephiscsi.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/**
 * {@code GET /api/_ping}: peers and gwcli use it to tell a live gateway. Upstream answers 503 when this host is a
 * gateway of a target but nothing listens on the iSCSI port; this host is no gateway until the shared
 * configuration arrives (a later slice), so it answers pong.
 */
@Path("/_ping")
@TrustedSource
@BasicAuth
public class PingResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> ping() {
        return Map.of("message", "pong");
    }
}
