package io.cephiscsi.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.Test;

/** Defaults with no file and no PID; the expected values are those of ceph-iscsi 3.5's gateway_setting.py. */
public class DefaultsTest {

    private final GatewaySettings settings = GatewaySettings.defaults(path -> false);

    @Test
    public void configSectionDefaultsMatchUpstream() {
        assertEquals("ceph", settings.clusterName());
        assertEquals("rbd", settings.pool());
        assertEquals("client.admin", settings.clusterClientName());
        assertEquals(30, settings.timeOut());
        assertEquals("::", settings.apiHost());
        assertEquals(5000, settings.apiPort());
        assertTrue(settings.apiSecure());
        assertFalse(settings.apiSslVerify());
        assertEquals(2, settings.loopDelay());
        assertEquals(List.of(), settings.trustedIpList());
        assertEquals("admin", settings.apiUser());
        assertEquals("admin", settings.cephUser());
        assertFalse(settings.debug());
        assertEquals(2, settings.minimumGateways());
        assertEquals("/etc/ceph", settings.cephConfigDir());
        assertEquals("gateway.conf", settings.gatewayConf());
        assertEquals("iscsi-gateway.key", settings.privKey());
        assertEquals("iscsi-gateway-pub.key", settings.pubKey());
        assertTrue(settings.prometheusExporter());
        assertEquals(9287, settings.prometheusPort());
        assertEquals("::", settings.prometheusHost());
        assertEquals(10, settings.loggerLevel());
        assertFalse(settings.logToStderr());
        assertEquals("", settings.logToStderrPrefix());
        assertTrue(settings.logToFile());
        assertEquals(AluaFailoverType.IMPLICIT, settings.aluaFailoverType());
    }

    @Test
    public void apiPasswordHasNoDefault() {
        // upstream ships "admin"; this appliance refuses a well-known password
        assertEquals(Optional.empty(), settings.apiPassword());
        assertEquals("", settings.get("api_password"));
    }

    @Test
    public void targetSectionDefaultsMatchUpstream() {
        assertEquals(20, settings.dataoutTimeout());
        assertEquals(5, settings.nopinResponseTimeout());
        assertEquals(5, settings.nopinTimeout());
        assertEquals(128, settings.cmdsnDepth());
        assertTrue(settings.immediateData());
        assertTrue(settings.initialR2t());
        assertEquals(1, settings.maxOutstandingR2t());
        assertEquals(262144, settings.firstBurstLength());
        assertEquals(524288, settings.maxBurstLength());
        assertEquals(262144, settings.maxRecvDataSegmentLength());
        assertEquals(262144, settings.maxXmitDataSegmentLength());
        assertEquals(8, settings.maxDataAreaMb());
        assertEquals(5, settings.qfullTimeout());
        assertEquals(30, settings.osdOpTimeout());
        assertEquals(1024, settings.hwMaxSectors());
    }

    @Test
    public void deviceStatusDefaultsMatchUpstream() {
        assertEquals(12, settings.lockLostCntThreshhold());
        assertEquals(10, settings.statusCheckInterval());
        assertEquals(3, settings.stableStateResetCount());
    }

    @Test
    public void applianceDefaults() {
        assertEquals(Backend.EMBEDDED, settings.backend());
        assertEquals(Path.of("/etc/ceph/ceph.conf"), settings.cephConf());
        assertEquals(Path.of("/sys/kernel/config"), settings.configfsRoot());
        assertEquals(Optional.empty(), settings.gatewayName());
        assertEquals(Path.of("/etc/ceph/iscsi-gateway.cfg"), settings.iscsiGatewayCfg());
        assertEquals("https", settings.apiScheme());
    }

    @Test
    public void targetDefaultsMapHasUpstreamTgtSettingsInOrder() {
        assertEquals(List.of("dataout_timeout", "nopin_response_timeout", "nopin_timeout", "cmdsn_depth",
                        "immediate_data", "initial_r2t", "max_outstanding_r2t", "first_burst_length",
                        "max_burst_length", "max_recv_data_segment_length", "max_xmit_data_segment_length"),
                List.copyOf(settings.targetDefaults().keySet()));
        assertEquals(128, settings.targetDefaults().get("cmdsn_depth"));
        assertEquals(Boolean.TRUE, settings.targetDefaults().get("immediate_data"));
    }

    @Test
    public void diskDefaultsMapHasUpstreamTcmuSettingsInOrder() {
        assertEquals(List.of("max_data_area_mb", "qfull_timeout", "osd_op_timeout", "hw_max_sectors"),
                List.copyOf(settings.diskDefaults().keySet()));
        assertEquals(30, settings.diskDefaults().get("osd_op_timeout"));
    }

    @Test
    public void everyKeyHasAValue() {
        for (SettingKey key : SettingKey.values()) {
            assertTrue(key.key(), settings.asMap().containsKey(key.key()));
        }
        assertEquals(SettingKey.values().length, settings.asMap().size());
    }
}
