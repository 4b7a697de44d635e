package io.cephiscsi.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code GET /api/config}: the whole shared configuration, byte for byte as stored. */
@Path("/config")
@TrustedSource
@BasicAuth
public class ConfigResource {

    private final GatewayAdmin gateway;

    public ConfigResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    /**
     * {@code decrypt_passwords=true} asks for CHAP passwords in clear. This build does not encrypt CHAP passwords
     * yet (no {@code priv_key}/{@code pub_key} handling), so they are stored in clear and returned as stored either
     * way. Once encryption exists, the gateway service decrypts them for this parameter.
     */
    @GET
    @ApiDoc({"Return the complete config object to the caller (must be authenticated)",
            "WARNING: Contents will include any defined CHAP credentials",
            ":param decrypt_passwords: (bool) if true, passwords will be decrypted"})
    public Response config(@QueryParam("decrypt_passwords") String decryptPasswords) {
        return Response.ok(gateway.config().toJson(), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
