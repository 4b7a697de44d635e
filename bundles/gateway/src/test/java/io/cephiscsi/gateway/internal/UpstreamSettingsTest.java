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

    /**
     * Expected values computed by upstream itself from the same files:
     * {@code python3 -c "from ceph_iscsi_config import settings; print(settings.Settings(f).hash())"} with
     * ceph-iscsi 3.5. The files cover lists, a non-ASCII and a quoted string, the excluded keys, target and disk
     * controls, and api_ssl_verify forced off by api_secure (secure.cfg) or kept (insecure.cfg).
     */
    @Test
    public void hashEqualsUpstreams() throws Exception {
        assertEquals("1a71a9d4a82b251bab3e159d144c901833a877721c29b2e8e84dfec83c1ae75b",
                UpstreamSettings.hash(fromFile("/settings/secure.cfg")));
        assertEquals("f6c90a1c4129aaf82f8f7488137c86f008f9053ad95fce9d921916735a4813d4",
                UpstreamSettings.hash(fromFile("/settings/insecure.cfg")));
    }

    @Test
    public void hashedTextIsPythonsJsonDumps() throws Exception {
        String json = UpstreamSettings.hashedJson(fromFile("/settings/secure.cfg"));
        assertEquals(true, json.startsWith("{\"cluster_name\": \"ceph\", \"pool\": \"rbd\", \"time_out\": 30, "));
        assertEquals(true, json.contains("\"api_ssl_verify\": false"));
        assertEquals(true, json.contains("\"trusted_ip_list\": [\"10.0.0.1\", \"10.0.0.2\"]"));
        assertEquals(true, json.contains("\"log_to_stderr_prefix\": \"caf\\u00e9 \\\"q\\\"\""));
        assertEquals(false, json.contains("cluster_client_name"));
        assertEquals(false, json.contains("logger_level"));
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
