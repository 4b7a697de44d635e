package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cephiscsi.model.GatewaySettings;

/**
 * Upstream's device status rules, poll by poll, on replies shaped as the mgr's {@code service status} gives them
 * (the shape {@code ServiceMapTest} reads from the real cluster). DeviceStatusIT covers the whole path.
 */
public class DeviceStatusWatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DISK = "rbd/disk_1";

    private final DeviceStatusWatcher watcher = new DeviceStatusWatcher(GatewaySettings.of(Map.of(),
            Map.of("stable_state_reset_count", "3", "lock_lost_cnt_threshhold", "12"), Files::exists));

    @Test
    public void theFirstCountersAreABaselineAndAConnectionLossDegradesUntilMoreThanTheResetCountOfQuietPolls() {
        poll(daemon("gw1", DISK, "10:00:00", "true", 4, 7, 2));
        assertEquals("Online", state());
        assertEquals("gw1", status().lockOwner());
        assertEquals(Map.of("gw1", Map.of("lock_lost_cnt", 4L, "conn_lost_cnt", 7L, "cmd_timed_out_cnt", 2L)),
                status().gateways());

        poll(daemon("gw1", DISK, "10:00:05", "true", 4, 8, 2));
        assertEquals("Degraded - cluster access failure", state());
        for (int quiet = 1; quiet <= 3; quiet++) {
            poll(daemon("gw1", DISK, "10:00:05", "true", 4, 8, 2));
            assertEquals("quiet poll " + quiet, "Degraded - cluster access failure", state());
        }
        poll(daemon("gw1", DISK, "10:00:05", "true", 4, 8, 2));
        assertEquals("Online", state());

        poll(daemon("gw1", DISK, "10:00:09", "true", 4, 8, 3)); // a command timed out
        assertEquals("Degraded - cluster access failure", state());
    }

    @Test
    public void lockLossesDegradeOnlyWhenTheyReachTheThresholdWithinOnePoll() {
        poll(daemon("gw1", DISK, "10:00:00", "true", 0, 0, 0));
        poll(daemon("gw1", DISK, "10:00:01", "true", 11, 0, 0));
        assertEquals("Online", state());
        poll(daemon("gw1", DISK, "10:00:02", "true", 23, 0, 0));
        assertEquals("Degraded - excessive failovers", state());
    }

    @Test
    public void theLockOwnerIsTheGatewayWhoseNewestReportSaysItHoldsTheLock() {
        poll(daemon("gw1", DISK, "10:00:00", "true", 0, 0, 0), daemon("gw2", DISK, "09:59:00", "false", 0, 0, 0));
        assertEquals("gw1", status().lockOwner());
        poll(daemon("gw1", DISK, "10:00:00", "true", 0, 0, 0), daemon("gw2", DISK, "10:00:30", "true", 1, 0, 0));
        assertEquals("gw2", status().lockOwner());
        // gw1's report is older than gw2's: gw2 stays the owner, as upstream
        poll(daemon("gw1", DISK, "10:00:10", "true", 0, 0, 0), daemon("gw2", DISK, "10:00:30", "true", 1, 0, 0));
        assertEquals("gw2", status().lockOwner());
        assertEquals(Map.of("state", "Online", "lock_owner", "gw2", "gateways",
                Map.of("gw1", Map.of("cmd_timed_out_cnt", 0L, "conn_lost_cnt", 0L, "lock_lost_cnt", 0L),
                        "gw2", Map.of("cmd_timed_out_cnt", 0L, "conn_lost_cnt", 0L, "lock_lost_cnt", 1L))),
                status().toMap());
    }

    @Test
    public void aDiskNoDaemonReportsOnAnyMoreIsUnknownAndSoIsEveryDiskWithoutTcmuRunner() {
        poll(daemon("gw1", DISK, "10:00:00", "true", 0, 0, 0), daemon("gw1", "rbd/disk_2", "10:00:00", "true", 0, 0, 0),
                daemon("not-a-tcmu-runner-name", "", "10:00:00", "true", 0, 0, 0));
        assertEquals(2, watcher.statuses().size());
        poll(daemon("gw1", "rbd/disk_2", "10:00:00", "true", 0, 0, 0));
        assertEquals(Optional.empty(), watcher.status(DISK));
        watcher.apply(JSON.createObjectNode().path("tcmu-runner")); // the service is gone from the map
        assertEquals(Map.of(), watcher.statuses());
    }

    /**
     * The mgr's reply as a real tcmu-runner (1.5.4, user:rbd backstore on the LIO lab's kernel, Ceph 16.2.15) made
     * it for a device whose lock it does not hold yet: node name {@code perfgw}, image {@code rbd/tcmutest}.
     */
    @Test
    public void aRealTcmuRunnersReplyIsAnOnlineDiskWithoutLockOwner() throws Exception {
        watcher.apply(JSON.readTree("{\"tcmu-runner\":{\"perfgw:rbd/tcmutest\":{\"status_stamp\":"
                + "\"2026-11-24T10:37:58.125175+0000\",\"last_beacon\":\"2026-11-24T10:38:07.165483+0000\",\"status\":"
                + "{\"cmd_timed_out_cnt\":\"0\",\"conn_lost_cnt\":\"0\",\"lock_lost_cnt\":\"0\","
                + "\"lock_owner\":\"false\"}}}}")
                .path("tcmu-runner"));
        assertEquals(new DeviceStatus("Online", "", Map.of("perfgw",
                Map.of("cmd_timed_out_cnt", 0L, "conn_lost_cnt", 0L, "lock_lost_cnt", 0L))),
                watcher.status("rbd/tcmutest").orElseThrow());
    }

    /**
     * The mgr lists a daemon whose registration arrived before its first status report with an empty status (seen on
     * the test cluster): the gateway shows without counters or lock, as upstream's, and the first report is the
     * counters' baseline.
     */
    @Test
    public void aDaemonListedBeforeItsFirstReportHasNoCountersYetAndItsFirstReportIsTheBaseline() throws Exception {
        watcher.apply(JSON.readTree("{\"gw1:" + DISK + "\":{\"status_stamp\":\"2026-11-24T12:30:19.792867+0000\","
                + "\"last_beacon\":\"2026-11-24T12:30:19.792867+0000\",\"status\":{}}}"));
        assertEquals(new DeviceStatus("Online", "", Map.of("gw1", Map.of())), status());

        poll(daemon("gw1", DISK, "12:30:20", "true", 2, 5, 1));
        assertEquals(new DeviceStatus("Online", "gw1",
                Map.of("gw1", Map.of("lock_lost_cnt", 2L, "conn_lost_cnt", 5L, "cmd_timed_out_cnt", 1L))), status());
    }

    /** Indicative only (shared 2-core machine): one poll's work at 1,000 disks on two gateways. */
    @Test
    public void onePollOfAThousandDisksOnTwoGateways() throws Exception {
        ObjectNode reply = JSON.createObjectNode();
        for (int disk = 0; disk < 1000; disk++) {
            for (String gateway : new String[] {"gw1.example.com", "gw2.example.com"}) {
                String owner = gateway.startsWith("gw1") ? "true" : "false";
                reply.setAll(daemon(gateway, "rbd/disk_" + disk, "10:00:00", owner, 0, 0, 0));
            }
        }
        String text = JSON.writeValueAsString(JSON.createObjectNode().set("tcmu-runner", reply));
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            watcher.apply(JSON.readTree(text).path("tcmu-runner"));
            best = Math.min(best, System.nanoTime() - start);
        }
        assertEquals(1000, watcher.statuses().size());
        assertTrue(watcher.statuses().values().stream().allMatch(s -> s.lockOwner().equals("gw1.example.com")));
        System.out.printf("DeviceStatusWatcherTest: reply of %d KB, parse and apply best of 20: %.1f ms%n",
                text.length() / 1024, best / 1e6);
    }

    private void poll(ObjectNode... daemons) {
        ObjectNode reply = JSON.createObjectNode();
        for (ObjectNode daemon : daemons) {
            reply.setAll(daemon);
        }
        watcher.apply(reply);
    }

    private DeviceStatus status() {
        return watcher.status(DISK).orElseThrow();
    }

    private String state() {
        return status().state();
    }

    /** One {@code <gateway>:<disk>} entry of the mgr's reply, as tcmu-runner's status makes it. */
    private static ObjectNode daemon(String gateway, String disk, String time, String lockOwner, long lockLost,
            long connLost, long cmdTimedOut) {
        ObjectNode entry = JSON.createObjectNode();
        String stamp = "2026-11-24T" + time + ".426893+0000";
        entry.put("status_stamp", stamp);
        entry.put("last_beacon", stamp);
        ObjectNode status = entry.putObject("status");
        status.put("cmd_timed_out_cnt", Long.toString(cmdTimedOut));
        status.put("conn_lost_cnt", Long.toString(connLost));
        status.put("lock_lost_cnt", Long.toString(lockLost));
        status.put("lock_owner", lockOwner);
        ObjectNode named = JSON.createObjectNode();
        named.set(disk.isEmpty() ? gateway : gateway + ":" + disk, entry);
        return named;
    }
}
