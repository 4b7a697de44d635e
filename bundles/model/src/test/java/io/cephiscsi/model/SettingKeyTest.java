package io.cephiscsi.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.Test;

/** The table against upstream's key lists (gateway_setting.py of ceph-iscsi 3.5). */
public class SettingKeyTest {

    private static final Set<String> UPSTREAM_CONFIG = Set.of("cluster_name", "pool", "cluster_client_name",
            "time_out", "api_host", "api_port", "api_secure", "api_ssl_verify", "loop_delay", "trusted_ip_list",
            "api_user", "api_password", "ceph_user", "debug", "minimum_gateways", "ceph_config_dir",
            "gateway_conf", "priv_key", "pub_key", "prometheus_exporter", "prometheus_port", "prometheus_host",
            "logger_level", "log_to_stderr", "log_to_stderr_prefix", "log_to_file", "alua_failover_type");
    private static final Set<String> UPSTREAM_TARGET = Set.of("dataout_timeout", "nopin_response_timeout",
            "nopin_timeout", "cmdsn_depth", "immediate_data", "initial_r2t", "max_outstanding_r2t",
            "first_burst_length", "max_burst_length", "max_recv_data_segment_length",
            "max_xmit_data_segment_length", "max_data_area_mb", "qfull_timeout", "osd_op_timeout", "hw_max_sectors");
    private static final Set<String> UPSTREAM_DEVICE_STATUS = Set.of("lock_lost_cnt_threshhold",
            "status_check_interval", "stable_state_reset_count");
    private static final Set<String> APPLIANCE = Set.of("backend", "ceph_conf", "configfs_root", "gateway_name",
            "iscsi_gateway_cfg");

    private static Set<String> names(SettingSection section) {
        return SettingKey.inSection(section).stream().map(SettingKey::key).collect(Collectors.toSet());
    }

    @Test
    public void sectionsHoldExactlyUpstreamKeysPlusOurs() {
        assertEquals(UPSTREAM_CONFIG, names(SettingSection.CONFIG));
        assertEquals(UPSTREAM_TARGET, names(SettingSection.TARGET));
        assertEquals(UPSTREAM_DEVICE_STATUS, names(SettingSection.DEVICE_STATUS));
        assertEquals(APPLIANCE, names(SettingSection.APPLIANCE));
    }

    @Test
    public void rangesMatchUpstream() {
        assertRange("time_out", 1, 600);
        assertRange("api_port", 1, 65535);
        assertRange("loop_delay", 1, 60);
        assertRange("minimum_gateways", 1, 9999);
        assertRange("prometheus_port", 1, 65535);
        assertRange("logger_level", 10, 50);
        assertRange("dataout_timeout", 2, 60);
        assertRange("nopin_response_timeout", 3, 60);
        assertRange("nopin_timeout", 3, 60);
        assertRange("cmdsn_depth", 1, 512);
        assertRange("max_outstanding_r2t", 1, 65535);
        assertRange("first_burst_length", 512, 16777215);
        assertRange("max_burst_length", 512, 16777215);
        assertRange("max_recv_data_segment_length", 512, 16777215);
        assertRange("max_xmit_data_segment_length", 512, 16777215);
        assertRange("max_data_area_mb", 1, 2048);
        assertRange("qfull_timeout", 0, 600);
        assertRange("osd_op_timeout", 0, 600);
        assertRange("hw_max_sectors", 1, 8192);
        assertRange("lock_lost_cnt_threshhold", 1, 1000000);
        assertRange("status_check_interval", 1, 600);
        assertRange("stable_state_reset_count", 1, 600);
    }

    private static void assertRange(String name, int min, int max) {
        SettingKey key = SettingKey.require(name);
        assertEquals(name, SettingType.INT, key.type());
        assertEquals(name, min, key.min());
        assertEquals(name, max, key.max());
    }

    @Test
    public void typesMatchUpstream() {
        for (String bool : List.of("api_secure", "api_ssl_verify", "debug", "prometheus_exporter", "log_to_stderr",
                "log_to_file")) {
            assertEquals(bool, SettingType.BOOL, SettingKey.require(bool).type());
        }
        assertEquals(SettingType.YES_NO, SettingKey.IMMEDIATE_DATA.type());
        assertEquals(SettingType.YES_NO, SettingKey.INITIAL_R2T.type());
        assertEquals(SettingType.IP_LIST, SettingKey.TRUSTED_IP_LIST.type());
        assertEquals(List.of("implicit", "explicit"), SettingKey.ALUA_FAILOVER_TYPE.choices());
        assertEquals(List.of("embedded", "ceph"), SettingKey.BACKEND.choices());
    }

    @Test
    public void controlGroupsMatchUpstreamTables() {
        assertEquals(List.of(SettingKey.DATAOUT_TIMEOUT, SettingKey.NOPIN_RESPONSE_TIMEOUT, SettingKey.NOPIN_TIMEOUT,
                SettingKey.CMDSN_DEPTH), SettingKey.clientControls());
        assertEquals(11, SettingKey.targetControls().size());
        assertEquals(List.of(SettingKey.MAX_DATA_AREA_MB, SettingKey.QFULL_TIMEOUT, SettingKey.OSD_OP_TIMEOUT,
                SettingKey.HW_MAX_SECTORS), SettingKey.diskControls());
    }

    @Test
    public void derivedDefaultsHaveNoFixedValue() {
        assertFalse(SettingKey.BACKEND.defaultValue().isPresent());
        assertFalse(SettingKey.CEPH_CONF.defaultValue().isPresent());
        assertTrue(Arrays.stream(SettingKey.values())
                .filter(k -> k != SettingKey.BACKEND && k != SettingKey.CEPH_CONF)
                .allMatch(k -> k.defaultValue().isPresent()));
    }

    @Test
    public void namesAreLookedUpIgnoringCase() {
        assertEquals(SettingKey.API_PORT, SettingKey.byKey("API_Port").orElseThrow());
        assertFalse(SettingKey.byKey("api_prot").isPresent());
    }

    @Test
    public void parseGivesTypedValues() {
        assertEquals(42, SettingKey.TIME_OUT.parse(" 42 "));
        assertEquals(Boolean.FALSE, SettingKey.INITIAL_R2T.parse("No"));
        assertEquals(Backend.CEPH, SettingKey.BACKEND.parse("CEPH"));
        assertEquals(AluaFailoverType.EXPLICIT, SettingKey.ALUA_FAILOVER_TYPE.parse("explicit"));
    }
}
