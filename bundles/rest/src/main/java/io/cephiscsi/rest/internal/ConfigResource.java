package io.cephiscsi.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.cephiscsi.gateway.GatewayAdmin;

/**
 * {@code GET /api/config}: the whole shared configuration, laid out as stored; with {@code decrypt_passwords=true}
 * (any case, as upstream) the CHAP passwords stored encrypted are given in plain.
 */
@Path("/config")
@TrustedSource
@BasicAuth
public class ConfigResource {

    private final GatewayAdmin gateway;

    public ConfigResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @ApiDoc({"Return the complete config object to the caller (must be authenticated)",
            "WARNING: Contents will include any defined CHAP credentials",
            ":param decrypt_passwords: (bool) if true, passwords will be decrypted"})
    public Response config(@QueryParam("decrypt_passwords") String decryptPasswords) {
        return Response.ok(gateway.config("true".equalsIgnoreCase(decryptPasswords)), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
