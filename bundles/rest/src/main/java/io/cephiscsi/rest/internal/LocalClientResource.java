package io.cephiscsi.rest.internal;

import java.io.IOException;
import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.FormParam;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.GatewayException;

/**
 * {@code GET|PUT|DELETE /api/_client/<target_iqn>/<client_iqn>} (internal, upstream gateways' fan-out). A create is
 * committed by the committing host (upstream's own, called first), a delete by it too but called last: LIO synced
 * now either way (a deleted client's ACL goes with that commit). GET: the client as stored.
 */
@Path("/_client")
@TrustedSource
@BasicAuth
public class LocalClientResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayAdmin gateway;

    public LocalClientResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/{target_iqn}/{client_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public Object get(@PathParam("target_iqn") String targetIqn, @PathParam("client_iqn") String clientIqn) {
        Object client = stored(targetIqn, clientIqn);
        if (client == null) {
            throw GatewayException.notFound("Client does not exist"); // upstream's text
        }
        return client;
    }

    @PUT
    @Path("/{target_iqn}/{client_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> put(@PathParam("target_iqn") String targetIqn,
                                   @PathParam("client_iqn") String clientIqn,
                                   @FormParam("committing_host") String committingHost,
                                   @FormParam("image_list") String imageList, @FormParam("username") String username,
                                   @FormParam("password") String password,
                                   @FormParam("mutual_username") String mutualUsername,
                                   @FormParam("mutual_password") String mutualPassword) throws InterruptedException {
        UpstreamFanOut.refuseIfCommitter(gateway, "committing_host", committingHost,
                "Defining client " + clientIqn + " of target " + targetIqn);
        return UpstreamFanOut.synced(gateway, "Client configured successfully");
    }

    @DELETE
    @Path("/{target_iqn}/{client_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> delete(@PathParam("target_iqn") String targetIqn,
                                      @PathParam("client_iqn") String clientIqn,
                                      @FormParam("committing_host") String committingHost)
            throws InterruptedException {
        UpstreamFanOut.refuseIfCommitter(gateway, "committing_host", committingHost,
                "Deleting client " + clientIqn + " of target " + targetIqn);
        Map<String, String> reply = UpstreamFanOut.synced(gateway, "Client deleted ok");
        if (stored(targetIqn, clientIqn) == null) {
            throw GatewayException.notFound("Client does not exist!"); // upstream's text
        }
        return reply;
    }

    /** the client's entry as stored; null when the target or the client is not defined */
    @SuppressWarnings("unchecked")
    private Object stored(String targetIqn, String clientIqn) {
        Map<String, Object> config;
        try {
            config = JSON.readValue(gateway.config(false), Map.class);
        } catch (IOException e) {
            throw new GatewayException(500, "the shared configuration could not be read: " + e.getMessage(), e);
        }
        Object targets = config.get("targets");
        Object target = targets instanceof Map<?, ?> t ? t.get(targetIqn) : null;
        Object clients = target instanceof Map<?, ?> t ? t.get("clients") : null;
        return clients instanceof Map<?, ?> c ? c.get(clientIqn) : null;
    }
}
