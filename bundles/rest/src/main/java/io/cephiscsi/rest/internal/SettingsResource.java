package io.cephiscsi.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.SettingsView;

/** {@code GET /api/settings}: control defaults and limits, backstores, minimum_gateways, api_version (Dashboard). */
@Path("/settings")
@TrustedSource
@BasicAuth
public class SettingsResource {

    private final GatewayAdmin gateway;

    public SettingsResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc("List settings.")
    public Map<String, Object> settings() {
        SettingsView view = gateway.settings();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target_default_controls", view.targetDefaultControls());
        json.put("target_controls_limits", view.targetControlsLimits());
        json.put("disk_default_controls", view.diskDefaultControls());
        json.put("disk_controls_limits", view.diskControlsLimits());
        json.put("unsupported_rbd_features", view.unsupportedRbdFeatures());
        json.put("required_rbd_features", view.requiredRbdFeatures());
        json.put("backstores", view.backstores());
        json.put("default_backstore", view.defaultBackstore());
        json.put("config", Map.of("minimum_gateways", view.minimumGateways()));
        json.put("api_version", view.apiVersion());
        return json;
    }
}
