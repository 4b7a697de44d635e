package io.cephiscsi.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;

/** Every kind of bad value gives a SettingsException naming the key and the value. */
public class SettingsValidationTest {

    private static SettingsException fromFile(String key, String value) {
        return assertThrows(SettingsException.class, () -> GatewaySettings.of(Map.of(key, value), Map.of(), p -> false));
    }

    private static SettingsException fromPid(String key, Object value) {
        return assertThrows(SettingsException.class, () -> GatewaySettings.of(Map.of(), Map.of(key, value), p -> false));
    }

    private static void assertNames(SettingsException e, String key, String value) {
        assertEquals(key, e.key());
        assertEquals(value, e.value());
        assertTrue(e.getMessage(), e.getMessage().startsWith(key + " = '" + value + "' is invalid: expected "));
    }

    @Test
    public void nonInteger() {
        SettingsException e = fromFile("time_out", "thirty");
        assertNames(e, "time_out", "thirty");
        assertEquals("an integer from 1 to 600", e.allowed());
    }

    @Test
    public void decimalFractionIsNotAnInteger() {
        assertNames(fromFile("loop_delay", "2.5"), "loop_delay", "2.5");
    }

    @Test
    public void integerAboveMaximum() {
        SettingsException e = fromFile("api_port", "70000");
        assertEquals("api_port = '70000' is invalid: expected an integer from 1 to 65535", e.getMessage());
    }

    @Test
    public void integerBelowMinimum() {
        assertEquals("dataout_timeout = '1' is invalid: expected an integer from 2 to 60",
                fromFile("dataout_timeout", "1").getMessage());
    }

    @Test
    public void hugeIntegerIsOutOfRangeNotACrash() {
        assertNames(fromPid("lock_lost_cnt_threshhold", "99999999999999999999"), "lock_lost_cnt_threshhold",
                "99999999999999999999");
    }

    @Test
    public void longFromPidOutOfRange() {
        assertNames(fromPid("prometheus_port", 70000L), "prometheus_port", "70000");
    }

    @Test
    public void badBoolean() {
        assertEquals("api_secure = 'maybe' is invalid: expected true or false (also yes/no, 1/0)",
                fromFile("api_secure", "maybe").getMessage());
    }

    @Test
    public void badYesNo() {
        SettingsException e = fromFile("immediate_data", "sometimes");
        assertNames(e, "immediate_data", "sometimes");
        assertEquals("yes or no (also true/false, 1/0)", e.allowed());
    }

    @Test
    public void badEnum() {
        assertEquals("backend = 'x' is invalid: expected one of embedded, ceph", fromPid("backend", "x").getMessage());
        assertEquals("alua_failover_type = 'auto' is invalid: expected one of implicit, explicit",
                fromFile("alua_failover_type", "auto").getMessage());
    }

    @Test
    public void badIpInTrustedList() {
        SettingsException e = fromFile("trusted_ip_list", "10.0.0.1, mgr-host");
        assertNames(e, "trusted_ip_list", "10.0.0.1, mgr-host");
        assertTrue(e.getMessage(), e.getMessage().contains("'mgr-host' is not one"));
    }

    @Test
    public void malformedAddressesAreRejected() {
        for (String bad : List.of("256.1.1.1", "1.2.3", "01.2.3.4", "1:2:3:4:5:6:7:8:9", "1:::2", "2001:db8::g",
                "fe80::1%eth0", "10.0.0.0/24", "[::1]")) {
            SettingsException e = fromFile("trusted_ip_list", bad);
            assertTrue(bad, e.getMessage().contains("'" + bad + "' is not one"));
        }
    }

    @Test
    public void relativePath() {
        SettingsException e = fromPid("configfs_root", "sys/kernel/config");
        assertNames(e, "configfs_root", "sys/kernel/config");
        assertEquals("an absolute path", e.allowed());
    }

    @Test
    public void unknownPidKey() {
        SettingsException e = fromPid("api_prot", "5001");
        assertEquals("api_prot", e.key());
        assertNull(e.value());
        assertEquals("api_prot is not a known setting", e.getMessage());
    }

    @Test
    public void monConfigValueIsNotSupportedYet() {
        SettingsException e = fromFile("api_user", "config://iscsi/api_user");
        assertNames(e, "api_user", "config://iscsi/api_user");
        assertTrue(e.getMessage(), e.getMessage().contains("config:// values are not supported by this appliance yet"));
    }

    @Test
    public void monConfigValueIsRejectedForTypedSettingsToo() {
        assertNames(fromPid("api_port", "config://iscsi/port"), "api_port", "config://iscsi/port");
    }

    @Test
    public void passwordIsMaskedInErrors() {
        SettingsException e = fromFile("api_password", "config://iscsi/secret");
        assertEquals("********", e.value());
        assertTrue(e.getMessage(), !e.getMessage().contains("secret"));
    }

    @Test
    public void wrongTypeFromPid() {
        assertNames(fromPid("api_port", Boolean.TRUE), "api_port", "true");
        assertNames(fromPid("api_secure", 2), "api_secure", "2");
    }

    @Test
    public void everyProblemIsReportedOncePerLine() {
        Map<String, String> file = Map.of("api_port", "0", "debug", "perhaps");
        Map<String, Object> pid = Map.of("nonsense", "1", "time_out", "601");
        List<SettingsException> problems = GatewaySettings.validate(file, pid, p -> false);
        assertEquals(List.of("api_port", "debug", "nonsense", "time_out"),
                problems.stream().map(SettingsException::key).toList());

        SettingsException thrown = assertThrows(SettingsException.class, () -> GatewaySettings.of(file, pid, p -> false));
        assertEquals(4, thrown.problems().size());
        assertEquals("api_port", thrown.key());
        assertEquals(List.of(
                "api_port = '0' is invalid: expected an integer from 1 to 65535",
                "debug = 'perhaps' is invalid: expected true or false (also yes/no, 1/0)",
                "nonsense is not a known setting",
                "time_out = '601' is invalid: expected an integer from 1 to 600"),
                List.of(thrown.getMessage().split("\n")));
    }

    @Test
    public void validSettingsHaveNoProblems() {
        assertEquals(List.of(), GatewaySettings.validate(Map.of("api_port", "5001"), Map.of(), p -> false));
    }

    @Test
    public void everyIntegerSettingRejectsBothEndsOfItsRange() {
        for (SettingKey key : SettingKey.values()) {
            if (key.type() != SettingType.INT) {
                continue;
            }
            String below = String.valueOf(key.min() - 1);
            String above = String.valueOf((long) key.max() + 1);
            assertNames(fromFile(key.key(), below), key.key(), below);
            assertNames(fromFile(key.key(), above), key.key(), above);
            // the ends themselves are fine
            GatewaySettings.of(Map.of(key.key(), String.valueOf(key.min())), Map.of(), p -> false);
            GatewaySettings.of(Map.of(key.key(), String.valueOf(key.max())), Map.of(), p -> false);
        }
    }
}
