package io.cephiscsi.model.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;

import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.UpstreamSettingsFile;

public class SettingsHashTest {

    private static GatewaySettings fromFile(String resource) throws Exception {
        Path file = Path.of(SettingsHashTest.class.getResource(resource).toURI());
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
                fromFile("/settings/secure.cfg").upstreamHash());
        assertEquals("f6c90a1c4129aaf82f8f7488137c86f008f9053ad95fce9d921916735a4813d4",
                fromFile("/settings/insecure.cfg").upstreamHash());
    }

    @Test
    public void hashedTextIsPythonsJsonDumps() throws Exception {
        String json = SettingsHash.hashedJson(fromFile("/settings/secure.cfg"));
        assertEquals(true, json.startsWith("{\"cluster_name\": \"ceph\", \"pool\": \"rbd\", \"time_out\": 30, "));
        assertEquals(true, json.contains("\"api_ssl_verify\": false"));
        assertEquals(true, json.contains("\"trusted_ip_list\": [\"10.0.0.1\", \"10.0.0.2\"]"));
        assertEquals(true, json.contains("\"log_to_stderr_prefix\": \"caf\\u00e9 \\\"q\\\"\""));
        assertEquals(false, json.contains("cluster_client_name"));
        assertEquals(false, json.contains("logger_level"));
    }
}
