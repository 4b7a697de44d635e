package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.cephiscsi.gateway.SettingsView;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.UpstreamSettingsFile;

public class UpstreamSettingsTest {

    private static GatewaySettings fromFile(String resource) throws Exception {
        Path file = Path.of(UpstreamSettingsTest.class.getResource(resource).toURI());
        return GatewaySettings.of(UpstreamSettingsFile.read(file), Map.of(), p -> false);
    }

    @Test
    public void viewHasUpstreamsValuesAndLimits() throws Exception {
        SettingsView view = UpstreamSettings.view(fromFile("/settings/secure.cfg"));
        assertEquals(List.of("dataout_timeout", "nopin_response_timeout", "nopin_timeout", "cmdsn_depth",
                "immediate_data", "initial_r2t", "max_outstanding_r2t", "first_burst_length", "max_burst_length",
                "max_recv_data_segment_length", "max_xmit_data_segment_length"),
                List.copyOf(view.targetDefaultControls().keySet()));
        assertEquals(64, view.targetDefaultControls().get("cmdsn_depth"));
        assertEquals(false, view.targetDefaultControls().get("immediate_data"));
        assertEquals(Map.of("min", 1, "max", 512, "type", "int"), view.targetControlsLimits().get("cmdsn_depth"));
        assertEquals(Map.of("type", "bool"), view.targetControlsLimits().get("immediate_data"));
        assertEquals(16, view.diskDefaultControls().get("user:rbd").get("max_data_area_mb"));
        assertEquals(Map.of("min", 1, "max", 8192, "type", "int"),
                view.diskControlsLimits().get("user:rbd").get("hw_max_sectors"));
        assertEquals(Map.of("user:rbd", 4L), view.requiredRbdFeatures());
        assertEquals(Map.of("user:rbd", 0L), view.unsupportedRbdFeatures());
        assertEquals(List.of("user:rbd"), view.backstores());
        assertEquals("user:rbd", view.defaultBackstore());
        assertEquals(1, view.minimumGateways());
        assertEquals(2, view.apiVersion());
    }
}
