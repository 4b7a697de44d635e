package io.cephiscsi.ceph.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import io.cephiscsi.ceph.CephException;
import io.cephiscsi.ceph.ClusterHealth;

public class HealthParserTest {

    @Test
    public void readsStatusAndEveryCheck() {
        // as Ceph 16.2 prints 'ceph health --format json' with two active checks
        String json = "{\"status\":\"HEALTH_WARN\",\"checks\":{"
                + "\"OSD_DOWN\":{\"severity\":\"HEALTH_WARN\",\"summary\":{\"message\":\"1 osds down\",\"count\":1},\"muted\":false},"
                + "\"PG_AVAILABILITY\":{\"severity\":\"HEALTH_ERR\",\"summary\":{\"message\":\"Reduced data availability: 8 pgs inactive\",\"count\":8},\"muted\":false}"
                + "},\"mutes\":[]}";
        ClusterHealth health = HealthParser.parse(json);
        assertEquals("HEALTH_WARN", health.status());
        assertEquals(2, health.checks().size());
        assertEquals(new ClusterHealth.Check("OSD_DOWN", "HEALTH_WARN", "1 osds down"), health.checks().get(0));
        assertEquals("Reduced data availability: 8 pgs inactive", health.checks().get(1).message());
    }

    @Test
    public void healthyClusterHasNoChecks() {
        ClusterHealth health = HealthParser.parse("{\"status\":\"HEALTH_OK\",\"checks\":{},\"mutes\":[]}");
        assertEquals("HEALTH_OK", health.status());
        assertTrue(health.checks().isEmpty());
    }

    @Test
    public void garbageIsAClearError() {
        CephException error = assertThrows(CephException.class, () -> HealthParser.parse("HEALTH_OK"));
        assertTrue(error.getMessage(), error.getMessage().startsWith("unreadable health report from the mon"));
        CephException noStatus = assertThrows(CephException.class, () -> HealthParser.parse("{\"checks\":{}}"));
        assertTrue(noStatus.getMessage(), noStatus.getMessage().contains("has no status"));
    }
}
