package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.gateway.GatewayMetrics;
import io.cephiscsi.gateway.GatewayMetrics.Family;
import io.cephiscsi.gateway.GatewayMetrics.Sample;
import io.cephiscsi.lio.DesiredLio;
import io.cephiscsi.lio.EmulatedConfigfs;
import io.cephiscsi.lio.LioEngine;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.PortalConfig;

/** Upstream's metric families from a config and the LIO it produced on an emulated configfs folder. */
public class MetricsCollectorTest {

    static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:metrics";
    static final String ME = "gw1.example.com";
    static final String HOST1 = "iqn.1994-05.com.example:host1";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    /** one target on this gateway with {@code disks} disks of 1 GiB; host1 has the first one */
    static GatewayConfig config(int disks) {
        List<ConfigChange> changes = new java.util.ArrayList<>(List.of(ConfigChange.putGateway(ME, disks),
                ConfigChange.createTarget(TARGET), ConfigChange.putPortal(TARGET, ME,
                        new PortalConfig(List.of("192.0.2.1"), List.of("192.0.2.1"), List.of(), 1))));
        for (int i = 0; i < disks; i++) {
            DiskConfig disk = DiskConfig.create("rbd", "disk_" + i, 1,
                    String.format("00000000-0000-4000-8000-%012d", i), ME).withOwner(ME);
            changes.add(ConfigChange.putDisk(disk));
            changes.add(ConfigChange.putTargetDisk(TARGET, disk.id(), i));
        }
        changes.add(ConfigChange.putClient(TARGET, HOST1, ClientConfig.EMPTY.withLuns(Map.of("rbd/disk_0", 0))));
        return ConfigTransaction.of(changes.toArray(ConfigChange[]::new)).applyTo(GatewayConfig.seed(Instant.now()));
    }

    /** the LIO this gateway builds from {@code config}, on a folder */
    static EmulatedConfigfs lio(Path root, GatewayConfig config) throws IOException {
        EmulatedConfigfs fs = new EmulatedConfigfs(root);
        GatewaySettings settings = GatewaySettings.of(Map.of(), Map.of("backend", "embedded",
                "configfs_root", root.toString(), "gateway_name", ME), p -> false);
        assertTrue(new LioEngine(fs).reconcile(DesiredLio.of(config, ME,
                new DesiredLio.Options(settings, d -> 1L << 30, null))).ok());
        return fs;
    }

    private static Sample only(GatewayMetrics m, String family) {
        List<Sample> samples = m.family(family).samples();
        assertEquals(family + ": " + samples, 1, samples.size());
        return samples.get(0);
    }

    @Test
    public void upstreamsFamiliesFromLioAndTheConfig() throws Exception {
        GatewayConfig config = config(2);
        Path root = folder.newFolder("configfs").toPath();
        EmulatedConfigfs fs = lio(root, config);
        Path tpg = root.resolve("target/iscsi/" + TARGET + "/tpgt_1");
        Path stats = tpg.resolve("acls/" + HOST1 + "/lun_0/statistics/scsi_auth_intr");
        Files.writeString(stats.resolve("num_cmds"), "42\n");
        Files.writeString(stats.resolve("read_mbytes"), "3\n");
        Files.writeString(stats.resolve("write_mbytes"), "1\n");
        Files.writeString(tpg.resolve("acls/" + HOST1 + "/info"), "InitiatorName: " + HOST1
                + "\nSession State: TARG_SESS_STATE_LOGGED_IN\n");
        // disk_1's port left its "ao" group: the owner's portal comes from the configuration (upstream: 500)
        Files.writeString(tpg.resolve("lun/lun_1/alua_tg_pt_gp"), "TG Port Alias: default_tg_pt_gp\n");

        GatewayMetrics m = new MetricsCollector(() -> fs, () -> ME, () -> config).collect();

        assertEquals(List.of("ceph_iscsi_client_login", "ceph_iscsi_client_lun", "ceph_iscsi_gateway_tpg_total",
                        "ceph_iscsi_lun_iops", "ceph_iscsi_lun_mapped", "ceph_iscsi_lun_read_bytes",
                        "ceph_iscsi_lun_size_bytes", "ceph_iscsi_lun_write_bytes", "ceph_iscsi_scrape_duration_seconds"),
                m.families().stream().map(Family::name).toList());
        assertEquals(new Sample(Map.of("gw_iqn", TARGET), 1), only(m, "ceph_iscsi_gateway_tpg_total"));
        assertEquals(List.of(
                new Sample(Map.of("lun_name", "rbd.disk_0", "gw_name", ME, "gw_owner", "192.0.2.1"), 1),
                new Sample(Map.of("lun_name", "rbd.disk_1", "gw_name", ME, "gw_owner", "192.0.2.1"), 0)),
                m.family("ceph_iscsi_lun_mapped").samples());
        assertEquals(List.of("lun_name", "gw_name", "gw_owner"),
                List.copyOf(m.family("ceph_iscsi_lun_mapped").samples().get(0).labels().keySet()));
        assertEquals(List.of(new Sample(Map.of("lun_name", "rbd.disk_0", "gw_name", ME), 1L << 30),
                        new Sample(Map.of("lun_name", "rbd.disk_1", "gw_name", ME), 1L << 30)),
                m.family("ceph_iscsi_lun_size_bytes").samples());
        Map<String, String> perLun = Map.of("gw_name", ME, "client_iqn", HOST1, "lun_name", "rbd.disk_0");
        assertEquals(new Sample(perLun, 42), only(m, "ceph_iscsi_lun_iops"));
        assertEquals(new Sample(perLun, 3 << 20), only(m, "ceph_iscsi_lun_read_bytes"));
        assertEquals(new Sample(perLun, 1 << 20), only(m, "ceph_iscsi_lun_write_bytes"));
        assertEquals(List.of("gw_name", "client_iqn", "lun_name"),
                List.copyOf(only(m, "ceph_iscsi_lun_iops").labels().keySet()));
        assertEquals(new Sample(Map.of("gw_name", ME, "client_iqn", HOST1), 1), only(m, "ceph_iscsi_client_login"));
        assertEquals(new Sample(perLun, 0), only(m, "ceph_iscsi_client_lun"));
        assertEquals("counter", m.family("ceph_iscsi_lun_iops").type());
        Sample took = only(m, "ceph_iscsi_scrape_duration_seconds");
        assertEquals(Map.of("gw_name", ME), took.labels());
        assertTrue(took.value() > 0 && took.value() < 10);
    }

    @Test
    public void noTargetsGivesFamiliesWithoutSamples() throws Exception {
        EmulatedConfigfs fs = new EmulatedConfigfs(folder.newFolder("empty").toPath());
        GatewayMetrics m = new MetricsCollector(() -> fs, () -> ME, () -> {
            throw new GatewayException(503, "no configuration");
        }).collect();
        assertEquals(9, m.families().size());
        for (Family f : m.families()) {
            assertEquals(f.name(), f.name().equals("ceph_iscsi_scrape_duration_seconds") ? 1 : 0, f.samples().size());
        }
    }

    @Test
    public void lioThatCannotBeReadIs503() {
        try {
            new MetricsCollector(() -> {
                throw new IOException("/sys/kernel/config is not a configfs mount");
            }, () -> ME, () -> null).collect();
            fail();
        } catch (GatewayException e) {
            assertEquals(503, e.status());
            assertEquals("Could not get metrics: /sys/kernel/config is not a configfs mount", e.getMessage());
        }
    }
}
