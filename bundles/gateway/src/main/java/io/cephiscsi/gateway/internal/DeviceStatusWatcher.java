package io.cephiscsi.gateway.internal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.ceph.CephCluster;
import io.cephiscsi.ceph.CephException;
import io.cephiscsi.model.GatewaySettings;

/**
 * The disks' device status, kept from the cluster's service map as upstream's device status watcher does: every
 * {@code status_check_interval} seconds one mgr {@code service status} command reads what every
 * {@code tcmu-runner} daemon reports (one daemon per gateway and disk, named {@code <node>:<pool>/<image>}), and
 * each disk's {@link DeviceTracker} turns it into its state. Readers get the last poll's snapshot: nothing is asked
 * of the cluster on their path. A disk no daemon reports on is unknown; when no mgr is available (the mons say
 * so), or the active one does not answer, the last snapshot stays, as upstream's.
 */
@Component(service = DeviceStatusWatcher.class)
public class DeviceStatusWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceStatusWatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = "tcmu-runner";
    private static final String COMMAND = "{\"prefix\": \"service status\", \"format\": \"json\"}";
    private static final String MGR_STAT = "{\"prefix\": \"mgr stat\", \"format\": \"json\"}";
    /** The mgr's {@code utime_t} as it prints a stamp, e.g. {@code 2026-11-24T10:23:44.615909+0000}. */
    private static final DateTimeFormatter STAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss").optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendPattern("xx").toFormatter();

    private final CephCluster ceph;
    private final GatewaySettings settings;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "device-status");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, DeviceTracker> trackers = new HashMap<>(); // on the poller thread only
    private volatile Map<String, DeviceStatus> snapshot = Map.of();
    private volatile boolean failing; // on the poller thread: log a failing mgr once, not every poll

    @Activate
    public DeviceStatusWatcher(@Reference(target = "(backend=ceph)") GatewaySettings settings,
            @Reference CephCluster ceph) {
        this.settings = settings;
        this.ceph = ceph;
        long every = settings.statusCheckInterval();
        poller.scheduleWithFixedDelay(this::pollQuietly, 0, every, TimeUnit.SECONDS); // upstream waits one first
    }

    /** A watcher that does not poll: {@link #apply} is given each poll's reply (tests). */
    DeviceStatusWatcher(GatewaySettings settings) {
        this.settings = settings;
        this.ceph = null;
        poller.shutdown();
    }

    /**
     * Stops polling. A poll that still waits for a mgr that does not answer is left to end on its own: the mgr
     * command waits as long as the mgr takes ({@link CephCluster#mgrCommand}), and its client outlives it.
     */
    @Deactivate
    void stop() {
        poller.shutdownNow();
    }

    /** The disk's status from the last poll; empty when no tcmu-runner reports on it. */
    Optional<DeviceStatus> status(String diskId) {
        return Optional.ofNullable(snapshot.get(diskId));
    }

    /** Every known disk's status by disk id ({@code pool/image}), from the last poll. */
    Map<String, DeviceStatus> statuses() {
        return snapshot;
    }

    private void pollQuietly() {
        try {
            // the mgr command would wait for a mgr to come (no mgr, or none active yet): ask the mons first
            if (!JSON.readTree(ceph.monCommand(MGR_STAT)).path("available").asBoolean(false)) {
                throw new CephException("no mgr is available", 0, null);
            }
            String reply = ceph.mgrCommand(COMMAND);
            apply(JSON.readTree(reply).path(SERVICE));
            if (failing) {
                LOG.info("The device status is read from the service map again");
                failing = false;
            }
        } catch (CephException | JsonProcessingException e) {
            if (!failing) {
                LOG.warn("Cannot read the device status from the service map (the disks keep their last status): {}",
                        e.getMessage());
                failing = true;
            }
        } catch (RuntimeException e) {
            LOG.error("Device status poll failed", e); // keep polling
        }
    }

    /** One poll: {@code daemons} is the {@code tcmu-runner} object of the mgr's reply (missing when none runs). */
    void apply(JsonNode daemons) {
        Map<String, DeviceTracker> seen = new HashMap<>();
        int threshold = settings.lockLostCntThreshhold();
        for (Map.Entry<String, JsonNode> daemon : daemons.properties()) {
            int colon = daemon.getKey().indexOf(':');
            if (colon <= 0) {
                continue; // not a name tcmu-runner registers
            }
            String gateway = daemon.getKey().substring(0, colon);
            String diskId = daemon.getKey().substring(colon + 1);
            DeviceTracker tracker = seen.computeIfAbsent(diskId,
                    id -> trackers.computeIfAbsent(id, i -> new DeviceTracker()));
            JsonNode status = daemon.getValue().path("status");
            if (!status.isObject()) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            status.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
            tracker.report(gateway, values, stamp(daemon.getValue().path("status_stamp").asText("")), threshold);
        }
        trackers.keySet().retainAll(seen.keySet()); // a disk no daemon reports on any more is unknown again
        int stableResetCount = settings.stableStateResetCount();
        Map<String, DeviceStatus> next = new HashMap<>();
        trackers.forEach((diskId, tracker) -> {
            tracker.endPoll(stableResetCount);
            next.put(diskId, tracker.snapshot());
        });
        snapshot = Map.copyOf(next);
    }

    private static OffsetDateTime stamp(String text) {
        try {
            return OffsetDateTime.parse(text, STAMP);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
