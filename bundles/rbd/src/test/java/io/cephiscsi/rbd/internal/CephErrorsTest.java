package io.cephiscsi.rbd.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import io.cephiscsi.ceph.CephException;
import io.cephiscsi.rbd.ImageId;
import io.cephiscsi.rbd.RbdException;

/**
 * Ceph that does not answer in time (a monitor restarting, an OSD down past the op timeout) is a 503 with the
 * reason, as the fault tests expect of every change made meanwhile; a refusal by Ceph stays a 500.
 */
public class CephErrorsTest {

    @Test
    public void aTimedOutMonitorCommandIsUnavailable() {
        RbdException e = CephErrors.of(new CephException("mon command {\"prefix\": \"osd dump\"} failed: "
                + "Error when executing Rados monitor commands: timed out (-110)", -110, null));
        assertEquals(503, e.status());
        assertTrue(e.getMessage(), e.getMessage().contains("timed out"));
    }

    @Test
    public void aTimedOutImageOperationIsUnavailableAndNamesTheImage() {
        RbdException e = CephErrors.failed("open", new ImageId("iscsi", "d3"), -110, null);
        assertEquals(503, e.status());
        assertEquals("Cannot open image iscsi/d3: librbd error -110 (ETIMEDOUT)", e.getMessage());
        assertEquals(503, CephErrors.failed("open", new ImageId("iscsi", "d3"), -108, null).status());
    }

    @Test
    public void otherFailuresStayServerErrors() {
        assertEquals(500, CephErrors.failed("resize", new ImageId("iscsi", "d3"), -5, null).status());
        assertEquals(500, CephErrors.of(new CephException("RADOS operation failed: -5", -5, null)).status());
        assertEquals(404, CephErrors.of(new CephException("pool 'nopool' does not exist", -2, null)).status());
    }
}
