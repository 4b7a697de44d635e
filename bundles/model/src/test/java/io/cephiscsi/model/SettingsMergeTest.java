package io.cephiscsi.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.Test;

/** Where each value comes from: PID over file over default, and the derived defaults. */
public class SettingsMergeTest {

    @Test
    public void fileOverridesDefaults() {
        GatewaySettings s = GatewaySettings.of(Map.of("api_port", "5001", "pool", "iscsi"), Map.of(), p -> false);
        assertEquals(5001, s.apiPort());
        assertEquals("iscsi", s.pool());
    }

    @Test
    public void pidOverridesFile() {
        GatewaySettings s = GatewaySettings.of(Map.of("api_port", "5001", "pool", "iscsi"),
                Map.of("api_port", "6000"), p -> false);
        assertEquals(6000, s.apiPort());
        assertEquals("iscsi", s.pool());
    }

    @Test
    public void typedPidValuesAreAccepted() {
        Map<String, Object> pid = new HashMap<>();
        pid.put("api_port", 5002);
        pid.put("time_out", 45L);
        pid.put("api_secure", Boolean.FALSE);
        pid.put("initial_r2t", Boolean.FALSE);
        pid.put("trusted_ip_list", new String[] {"192.168.1.5", "::1"});
        GatewaySettings s = GatewaySettings.of(Map.of(), pid, p -> false);
        assertEquals(5002, s.apiPort());
        assertEquals(45, s.timeOut());
        assertFalse(s.apiSecure());
        assertEquals("http", s.apiScheme());
        assertFalse(s.initialR2t());
        assertEquals(List.of("192.168.1.5", "::1"), s.trustedIpList());
    }

    @Test
    public void booleansAcceptUpstreamSpellingsInAnyCase() {
        for (String yes : List.of("true", "TRUE", "Yes", "1", " yes ")) {
            assertTrue(yes, GatewaySettings.of(Map.of("debug", yes), Map.of(), p -> false).debug());
        }
        for (String no : List.of("false", "False", "NO", "0")) {
            assertFalse(no, GatewaySettings.of(Map.of("api_secure", no), Map.of(), p -> false).apiSecure());
        }
        assertFalse(GatewaySettings.of(Map.of("immediate_data", "No"), Map.of(), p -> false).immediateData());
        assertFalse(GatewaySettings.of(Map.of("immediate_data", "false"), Map.of(), p -> false).immediateData());
    }

    @Test
    public void trustedIpListIsTrimmedAndDropsEmptyEntries() {
        GatewaySettings s = GatewaySettings.of(
                Map.of("trusted_ip_list", " 10.0.0.1 ,, 2001:db8::1,::ffff:192.0.2.1 , "), Map.of(), p -> false);
        assertEquals(List.of("10.0.0.1", "2001:db8::1", "::ffff:192.0.2.1"), s.trustedIpList());
    }

    @Test
    public void blankTypedValueMeansNotGiven() {
        GatewaySettings s = GatewaySettings.of(Map.of("api_port", "5001", "time_out", " "),
                Map.of("api_port", ""), p -> false);
        assertEquals(5001, s.apiPort());
        assertEquals(30, s.timeOut());
    }

    @Test
    public void blankTextIsAValue() {
        GatewaySettings s = GatewaySettings.of(Map.of("log_to_stderr_prefix", "gw: "),
                Map.of("log_to_stderr_prefix", ""), p -> false);
        assertEquals("", s.logToStderrPrefix());
    }

    @Test
    public void frameworkBookkeepingInPidIsIgnored() {
        Map<String, Object> pid = new HashMap<>();
        pid.put("service.pid", "io.cephiscsi.gateway");
        pid.put("service.factoryPid", "x");
        pid.put("service.bundleid", 12L);
        pid.put("felix.fileinstall.filename", "file:/opt/karaf/etc/io.cephiscsi.gateway.cfg");
        pid.put("component.name", "io.cephiscsi.model.internal.SettingsComponent");
        pid.put("component.id", 7L);
        pid.put("osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)");
        pid.put(".hidden", "x");
        pid.put("org.apache.karaf.features.configKey", "io.cephiscsi.gateway");
        pid.put("api_port", "5003");
        assertEquals(5003, GatewaySettings.of(Map.of(), pid, p -> false).apiPort());
    }

    @Test
    public void unknownFileKeysAreIgnoredAndListed() {
        GatewaySettings s = GatewaySettings.of(Map.of("gateway_keyring", "ceph.client.admin.keyring",
                "api_port", "5001", "backend", "ceph"), Map.of(), p -> false);
        assertEquals(5001, s.apiPort());
        // backend is an appliance key: upstream's file cannot set it
        assertEquals(List.of("backend", "gateway_keyring"), s.ignoredKeys());
        assertEquals(Backend.EMBEDDED, s.backend());
    }

    @Test
    public void backendDefaultsToCephWhenTheCephConfExists() {
        Set<Path> existing = Set.of(Path.of("/etc/ceph/ceph.conf"));
        assertEquals(Backend.CEPH, GatewaySettings.defaults(existing::contains).backend());
        assertEquals(Backend.EMBEDDED, GatewaySettings.defaults(p -> false).backend());
    }

    @Test
    public void backendDefaultFollowsTheDerivedCephConf() {
        List<Path> asked = new ArrayList<>();
        GatewaySettings s = GatewaySettings.of(Map.of("ceph_config_dir", "/srv/ceph", "cluster_name", "prod"),
                Map.of(), p -> asked.add(p) && p.equals(Path.of("/srv/ceph/prod.conf")));
        assertEquals(Path.of("/srv/ceph/prod.conf"), s.cephConf());
        assertEquals(Backend.CEPH, s.backend());
        assertEquals(List.of(Path.of("/srv/ceph/prod.conf")), asked);
    }

    @Test
    public void explicitCephConfAndBackendWin() {
        GatewaySettings s = GatewaySettings.of(Map.of(), Map.of("ceph_conf", "/opt/ceph.conf", "backend", "ceph"),
                p -> false);
        assertEquals(Path.of("/opt/ceph.conf"), s.cephConf());
        assertEquals(Backend.CEPH, s.backend());
    }

    @Test
    public void sslVerifyIsTakenAsSetEvenWithASecureApiUnlikeUpstream() {
        assertTrue(GatewaySettings.of(Map.of("api_ssl_verify", "true"), Map.of(), p -> false).apiSslVerify());
        assertTrue(GatewaySettings.of(Map.of("api_ssl_verify", "true", "api_secure", "false"), Map.of(), p -> false)
                .apiSslVerify());
    }

    @Test
    public void passwordAndGatewayName() {
        GatewaySettings s = GatewaySettings.of(Map.of("api_password", "s3cret"),
                Map.of("gateway_name", "gw1.example.net"), p -> false);
        assertEquals(Optional.of("s3cret"), s.apiPassword());
        assertEquals(Optional.of("gw1.example.net"), s.gatewayName());
        assertEquals("s3cret", s.asMap().get("api_password"));
        assertTrue(s.toString(), s.toString().contains("api_password=********"));
        assertFalse(s.toString(), s.toString().contains("s3cret"));
    }

    @Test
    public void asMapIsSortedAndTyped() {
        GatewaySettings s = GatewaySettings.defaults(p -> false);
        List<String> keys = List.copyOf(s.asMap().keySet());
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        assertEquals(sorted, keys);
        assertEquals(5000, s.get("api_port"));
        assertEquals(AluaFailoverType.IMPLICIT, s.get(SettingKey.ALUA_FAILOVER_TYPE));
        assertThrows(SettingsException.class, () -> s.get("api_prot"));
    }

    @Test
    public void equalityFollowsEffectiveValuesOnly() {
        GatewaySettings a = GatewaySettings.of(Map.of("api_port", "5001"), Map.of(), p -> false);
        GatewaySettings b = GatewaySettings.of(Map.of("api_port", "5001", "junk", "x"), Map.of(), p -> false);
        GatewaySettings c = GatewaySettings.of(Map.of(), Map.of("api_port", 5001), p -> false);
        GatewaySettings d = GatewaySettings.of(Map.of("api_port", "5002"), Map.of(), p -> false);
        assertEquals(a, b);
        assertEquals(a, c);
        assertEquals(a.hashCode(), c.hashCode());
        assertNotEquals(a, d);
    }

    @Test
    public void pidKeysAreMatchedIgnoringCaseAsInTheFile() {
        assertEquals(5004, GatewaySettings.of(Map.of("API_PORT", "5001"), Map.of("Api_Port", "5004"), p -> false)
                .apiPort());
    }
}
