package io.cephiscsi.ceph.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The service map through the binding, on the real test cluster: a client registers as a {@code tcmu-runner}
 * daemon with the metadata and status tcmu-runner's rbd handler reports, and another client reads it back with
 * the mgr command upstream's device status watcher uses.
 */
public class ServiceMapTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATUS = "{\"prefix\": \"service status\", \"format\": \"json\"}";

    @Test
    public void aTcmuRunnerDaemonsStatusAndItsChangesReachTheMgr() throws Exception {
        String daemon = "gw-" + System.nanoTime() + ".example.com:rbd/disk_1";
        RadosConnection reader = TestCluster.connect(TestCluster.conf(), 20);
        RadosHandle runner = new RadosHandle("ceph", "client.admin");
        try {
            runner.confReadFile(new File(TestCluster.conf()));
            runner.connect();
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("pool_name", "rbd");
            metadata.put("image_name", "disk_1");
            metadata.put("image_id", "10b2a8c5e2f1");
            assertEquals(0, LibRados.INSTANCE.rados_service_register(runner.pointer(), "tcmu-runner", daemon,
                    LibRados.dict(metadata)));
            assertEquals(0, LibRados.INSTANCE.rados_service_update_status(runner.pointer(), status("true", 0)));

            long start = System.nanoTime();
            JsonNode seen = awaitStatus(reader, daemon, "lock_lost_cnt", "0");
            long firstMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("true", seen.path("status").path("lock_owner").asText());
            assertEquals("0", seen.path("status").path("conn_lost_cnt").asText());
            assertTrue(seen.toString(), seen.path("status_stamp").asText().matches("\\d{4}-.*"));

            start = System.nanoTime();
            assertEquals(0, LibRados.INSTANCE.rados_service_update_status(runner.pointer(), status("false", 3)));
            seen = awaitStatus(reader, daemon, "lock_lost_cnt", "3");
            assertEquals("false", seen.path("status").path("lock_owner").asText());
            System.out.println("service status entry: " + seen);
            System.out.printf("service status: registered daemon seen after %d ms, its update after %d ms%n",
                    firstMillis, (System.nanoTime() - start) / 1_000_000);
        } finally {
            runner.shutDown();
            reader.close();
        }
    }

    static byte[] status(String lockOwner, int lockLost) {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("lock_owner", lockOwner);
        status.put("lock_lost_cnt", Integer.toString(lockLost));
        status.put("conn_lost_cnt", "0");
        status.put("cmd_timed_out_cnt", "0");
        return LibRados.dict(status);
    }

    private static JsonNode awaitStatus(RadosConnection reader, String daemon, String key, String value)
            throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode entry = null;
        while (System.nanoTime() < deadline) {
            entry = JSON.readTree(reader.mgrCommand(STATUS)).path("tcmu-runner").path(daemon);
            if (value.equals(entry.path("status").path(key).asText(null))) {
                return entry;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + key + "=" + value + " for " + daemon + " within 60 s; last: " + entry);
    }
}
