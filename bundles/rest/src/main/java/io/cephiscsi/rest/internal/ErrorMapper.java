package io.cephiscsi.rest.internal;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.rbd.RbdException;

/** Every error leaves as upstream's {@code {"message": ...}}; anything unexpected as its 500 "Unhandled exception". */
final class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            String message = web.getMessage() != null ? web.getMessage() : web.getResponse().getStatusInfo().getReasonPhrase();
            return ApiAuthFilter.jsonMessage(status, message);
        }
        if (error instanceof GatewayException gateway) {
            return ApiAuthFilter.jsonMessage(gateway.status(), gateway.getMessage());
        }
        if (error instanceof ConfigException config) {
            // a bad value in the request (e.g. a malformed IQN): 400 with the reason, where upstream answers 500
            return ApiAuthFilter.jsonMessage(config.status(), config.getMessage());
        }
        if (error instanceof RbdException rbd) {
            if (rbd.status() >= 500) {
                LOG.warn("Image operation failed ({}): {}", rbd.status(), rbd.getMessage(), rbd);
            }
            return ApiAuthFilter.jsonMessage(rbd.status(), rbd.getMessage());
        }
        LOG.error("Unhandled exception in the REST API", error);
        return ApiAuthFilter.jsonMessage(500, "Unhandled exception: " + error.getMessage());
    }
}
