package io.cephiscsi.model;

import org.junit.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

/** Every validated field with bad values: each gives its own message, naming the field and the rule. */
public class ConfigRulesTest {

    private static final ChapCredentials NO = ChapCredentials.NONE;

    /** One bad input: what is checked, the field expected in the error, and the exact message. */
    private record Case(String what, Supplier<Object> check, String field, String message) {
    }

    private static Case chap(String u, String p, String mu, String mp, String field, String message) {
        return new Case("chap " + u + "/" + p + "/" + mu + "/" + mp, () -> {
            ChapRules.check(u, p, mu, mp);
            return null;
        }, field, message);
    }

    private static final List<Case> CASES = List.of(
            // IQN / WWN (rtslib's normalize_wwn, plus control characters)
            new Case("iqn no date", () -> ConfigRules.iqn("target_iqn", "iqn.com.example:t1"), "target_iqn",
                    "target_iqn: 'iqn.com.example:t1' is not a valid name for iSCSI - WWN not valid as: iqn"
                            + " (iqn.YYYY-MM.<reversed domain>[:<id>], no spaces or underscores)"),
            new Case("iqn underscore", () -> ConfigRules.iqn("client_iqn", "iqn.1994-05.com.redhat:rh7_client"),
                    "client_iqn", "client_iqn: 'iqn.1994-05.com.redhat:rh7_client' is not a valid name for iSCSI"
                    + " - WWN not valid as: iqn (iqn.YYYY-MM.<reversed domain>[:<id>], no spaces or underscores)"),
            new Case("iqn space", () -> ConfigRules.iqn("client_iqn", "iqn.1994-05.com.red hat:c"), "client_iqn",
                    "client_iqn: 'iqn.1994-05.com.red hat:c' is not a valid name for iSCSI - WWN not valid as: iqn"
                            + " (iqn.YYYY-MM.<reversed domain>[:<id>], no spaces or underscores)"),
            new Case("iqn no second dot", () -> ConfigRules.iqn("target_iqn", "iqn.2003-01.com"), "target_iqn",
                    "target_iqn: 'iqn.2003-01.com' is not a valid name for iSCSI - WWN not valid as: iqn"
                            + " (iqn.YYYY-MM.<reversed domain>[:<id>], no spaces or underscores)"),
            new Case("iqn newline", () -> ConfigRules.iqn("target_iqn", "iqn.2003-01.com.x:a\nb"), "target_iqn",
                    "target_iqn: 'iqn.2003-01.com.x:a?b' is not a valid name for iSCSI - WWN not valid as: iqn"
                            + " (iqn.YYYY-MM.<reversed domain>[:<id>], no spaces or underscores)"),
            new Case("eui refused as iqn", () -> ConfigRules.iqn("target_iqn", "eui.0123456789abcdef"), "target_iqn",
                    "target_iqn: 'eui.0123456789abcdef' is not a valid name for iSCSI - WWN not valid as: iqn"
                            + " (iqn.YYYY-MM.<reversed domain>[:<id>], no spaces or underscores)"),
            new Case("naa bad type digit", () -> ConfigRules.wwn("wwn", "naa.3123456789abcdef",
                    ConfigRules.WwnType.NAA, ConfigRules.WwnType.EUI), "wwn",
                    "wwn: 'naa.3123456789abcdef' is not a valid name for iSCSI - WWN not valid as: naa, eui"),
            // IP addresses
            new Case("ipv4 octet", () -> ConfigRules.ipAddress("ip_address", "192.168.1.256"), "ip_address",
                    "ip_address: '192.168.1.256' is not a valid IPv4 or IPv6 address"),
            new Case("ipv6 two gaps", () -> ConfigRules.ipAddress("ip_address", "[fe80::1::2]"), "ip_address",
                    "ip_address: '[fe80::1::2]' is not a valid IPv4 or IPv6 address"),
            new Case("host name", () -> ConfigRules.ipAddress("ip_address", "gw1.example.com"), "ip_address",
                    "ip_address: 'gw1.example.com' is not a valid IPv4 or IPv6 address"),
            // pools, images, disk ids
            new Case("pool name", () -> ConfigRules.poolName("pool", "rbd pool"), "pool",
                    "Invalid pool name (use alphanumeric, '_', '.', or '-' characters): 'rbd pool'"),
            new Case("image name", () -> ConfigRules.imageName("image", "disk/1"), "image",
                    "Invalid image name (use alphanumeric, '_', '.', or '-' characters): 'disk/1'"),
            new Case("disk id no slash", () -> ConfigRules.diskId("disk", "rbd.disk_1"), "disk",
                    "disk: 'rbd.disk_1' is not a disk id of the form pool/image"),
            new Case("disk id bad image", () -> ConfigRules.diskId("disk", "rbd/disk@1"), "disk",
                    "Invalid image name (use alphanumeric, '_', '.', or '-' characters): 'disk@1'"),
            // sizes
            new Case("size no unit", () -> ConfigRules.sizeBytes("size", "1024"), "size",
                    "Size is invalid: '1024' (expected a whole number followed by M, G or T)"),
            new Case("size K", () -> ConfigRules.sizeBytes("size", "10K"), "size",
                    "Size is invalid: '10K' (expected a whole number followed by M, G or T)"),
            new Case("size decimal", () -> ConfigRules.sizeBytes("size", "1.5G"), "size",
                    "Size is invalid: '1.5G' (expected a whole number followed by M, G or T)"),
            new Case("size zero", () -> ConfigRules.sizeBytes("size", "0G"), "size",
                    "Size is invalid: '0G' (must be above 0 and below 8E)"),
            new Case("size huge", () -> ConfigRules.sizeBytes("size", "9000000T"), "size",
                    "Size is invalid: '9000000T' (must be above 0 and below 8E)"),
            // CHAP, in upstream's order of checks
            chap("myiscsiusername", "", "", "", "password", "Password is required"),
            chap("", "myiscsipassword", "", "", "username", "Username is required"),
            chap("", "", "mutualusername", "", "username", "Username is required"),
            chap("myiscsiusername", "myiscsipassword", "mutualusername", "", "mutual_password",
                    "Mutual password is required"),
            chap("myiscsiusername", "myiscsipassword", "", "mutualpassword", "mutual_username",
                    "Mutual username is required"),
            chap("short", "myiscsipassword", "", "", "username", "Minimum length of username is 8 characters"),
            chap("u".repeat(65), "myiscsipassword", "", "", "username",
                    "Maximum length of username is 64 characters"),
            chap("my iscsi user", "myiscsipassword", "", "", "username", "Invalid username"),
            chap("myiscsiuser\n", "myiscsipassword", "", "", "username", "Invalid username"),
            chap("myiscsiusername", "myiscsipassword", "mutual", "mutualpassword", "mutual_username",
                    "Minimum length of mutual username is 8 characters"),
            chap("myiscsiusername", "myiscsipassword", "m".repeat(65), "mutualpassword", "mutual_username",
                    "Maximum length of mutual username is 64 characters"),
            chap("myiscsiusername", "myiscsipassword", "mutual#user", "mutualpassword", "mutual_username",
                    "Invalid mutual username"),
            chap("myiscsiusername", "short", "", "", "password", "Minimum length of password is 12 characters"),
            chap("myiscsiusername", "p".repeat(17), "", "", "password",
                    "Maximum length of password is 16 characters"),
            chap("myiscsiusername", "my.iscsi.pass", "", "", "password", "Invalid password"),
            chap("myiscsiusername", "myiscsipassword", "mutualusername", "short", "mutual_password",
                    "Minimum length of mutual password is 12 characters"),
            chap("myiscsiusername", "myiscsipassword", "mutualusername", "m".repeat(17), "mutual_password",
                    "Maximum length of mutual password is 16 characters"),
            chap("myiscsiusername", "myiscsipassword", "mutualusername", "mutual:password", "mutual_password",
                    "Invalid mutual password"),
            // host groups, LUN ids
            new Case("group empty", () -> ConfigRules.groupName("group_name", ""), "group_name",
                    "Invalid group name '' - max of 32 chars of alphanumeric and -,_,@ characters"),
            new Case("group long", () -> ConfigRules.groupName("group_name", "g".repeat(33)), "group_name",
                    "Invalid group name '" + "g".repeat(33) + "' - max of 32 chars of alphanumeric and -,_,@"
                            + " characters"),
            new Case("group char", () -> ConfigRules.groupName("group_name", "my.group"), "group_name",
                    "Invalid group name 'my.group' - max of 32 chars of alphanumeric and -,_,@ characters"),
            new Case("lun negative", () -> ConfigRules.lunId("lun_id", -1), "lun_id",
                    "lun_id -1 is out of range (0-255)"),
            new Case("lun too big", () -> ConfigRules.lunId("lun_id", 256), "lun_id",
                    "lun_id 256 is out of range (0-255)"),
            // controls, reusing SettingKey's ranges
            new Case("unknown target control", () -> ControlRules.normalize(ControlRules.Kind.TARGET,
                    "max_data_area_mb", "8"), "max_data_area_mb",
                    "Unexpected or invalid controls - 'max_data_area_mb' is not supported. "
                            + "Supported controls: dataout_timeout,nopin_response_timeout,nopin_timeout,cmdsn_depth,"
                            + "immediate_data,initial_r2t,max_outstanding_r2t,first_burst_length,max_burst_length,"
                            + "max_recv_data_segment_length,max_xmit_data_segment_length"),
            new Case("unknown disk control", () -> ControlRules.normalize(ControlRules.Kind.DISK, "cmdsn_depth", 1),
                    "cmdsn_depth", "Unexpected or invalid controls - 'cmdsn_depth' is not supported. "
                            + "Supported controls: max_data_area_mb,qfull_timeout,osd_op_timeout,hw_max_sectors"),
            new Case("control not int", () -> ControlRules.normalize(ControlRules.Kind.TARGET, "cmdsn_depth", "lots"),
                    "cmdsn_depth", "expected integer for cmdsn_depth"),
            new Case("control below", () -> ControlRules.normalize(ControlRules.Kind.CLIENT, "nopin_timeout", "2"),
                    "nopin_timeout", "expected integer >= 3 for nopin_timeout"),
            new Case("control above", () -> ControlRules.normalize(ControlRules.Kind.DISK, "hw_max_sectors", 8193),
                    "hw_max_sectors", "expected integer <= 8192 for hw_max_sectors"),
            new Case("control yes/no", () -> ControlRules.normalize(ControlRules.Kind.TARGET, "immediate_data",
                    "maybe"), "immediate_data", "expected yes or no for immediate_data")
    );

    @Test
    public void everyBadValueGivesItsOwnMessage() {
        for (Case c : CASES) {
            try {
                Object accepted = c.check().get();
                fail(c.what() + ": accepted as " + accepted);
            } catch (ConfigException e) {
                assertEquals(c.what(), c.message(), e.getMessage());
                assertEquals(c.what(), c.field(), e.field());
                assertEquals(c.what(), 400, e.status());
            }
        }
        assertEquals("messages are distinct per rule", CASES.size(),
                CASES.stream().map(c -> c.what()).distinct().count());
    }

    @Test
    public void goodValuesAreNormalizedAsUpstream() {
        assertEquals("iqn.2003-01.com.redhat.iscsi-gw:ceph-igw",
                ConfigRules.iqn("target_iqn", "  IQN.2003-01.com.RedHat.iscsi-gw:Ceph-IGW \n"));
        // rtslib takes month 19, non-ASCII and any length; LIO and initiators do not
        for (String bad : new String[] {"iqn.2003-19.a.b", "iqn.2003-01.exämple.com:x",
                "iqn.2003-01.com.example:" + "a".repeat(200), "iqn.2003-01.com.example:a+b"}) {
            ConfigException refused = org.junit.Assert.assertThrows(ConfigException.class,
                    () -> ConfigRules.iqn("target_iqn", bad));
            org.junit.Assert.assertTrue(refused.getMessage(), refused.getMessage().contains("month 01-12, only "
                    + "letters, digits, '.', '-' and ':', at most 223 characters"));
        }
        assertEquals("iqn.2003-12.a.b:x-1.y", ConfigRules.iqn("target_iqn", "IQN.2003-12.A.B:X-1.y"));
        assertEquals("naa.5123456789abcdef", ConfigRules.wwn("wwn", "0x5123456789ABCDEF", ConfigRules.WwnType.NAA));
        assertEquals("eui.0123456789abcdef", ConfigRules.wwn("wwn", "01:23:45:67:89:ab:cd:ef",
                ConfigRules.WwnType.EUI));
        assertEquals("fe80::1", ConfigRules.ipAddress("ip_address", "[fe80::1]"));
        assertEquals("192.168.100.201", ConfigRules.ipAddress("ip_address", "192.168.100.201"));
        assertEquals("rbd/disk_1", ConfigRules.diskId("disk", "rbd/disk_1"));
        assertEquals(10L << 20, ConfigRules.sizeBytes("size", "10M"));
        assertEquals(3L << 30, ConfigRules.sizeBytes("size", "3g"));
        assertEquals(2L << 40, ConfigRules.sizeBytes("size", "2T"));
        assertEquals("my-group@1_x", ConfigRules.groupName("group_name", "my-group@1_x"));
        ChapRules.check("iqn.user:a@b-c", "pass/word_1234", "", "");
        ChapRules.check("domain\\user", "myiscsipassword", "mutualusername", "mutualpassword");
        assertEquals(255, ConfigRules.lunId("lun_id", 255));
    }

    @Test
    public void controlsAreStoredAsOverridesOnly() {
        Map<String, Object> current = Map.of("cmdsn_depth", 64, "immediate_data", false);
        Map<String, Object> next = ControlRules.apply(ControlRules.Kind.TARGET, current,
                Map.of("cmdsn_depth", "128", "immediate_data", "", "nopin_timeout", "10", "initial_r2t", "No"));
        // 128 is the default and "" resets: both keys go; the others are normalized to int and bool
        assertEquals(Map.of("nopin_timeout", 10, "initial_r2t", false), next);
    }
}
