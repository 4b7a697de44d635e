package io.cephiscsi.model;

import io.cephiscsi.model.internal.ValueParser;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting of the appliance: its name, section, type, range and default. This table is the single source of
 * truth; parsing, defaults and the getters of {@link GatewaySettings} all come from it.
 *
 * <p>Upstream keys are declared in the order of upstream's tables (SYS_SETTINGS, TGT_SETTINGS, TCMU_SETTINGS,
 * TCMU_DEV_STATUS_SETTINGS in ceph-iscsi 3.5), because upstream's settings hash walks them in that order.
 * Names, types, ranges and defaults are upstream's, except that {@code api_password} has no default.
 */
public enum SettingKey {
    // [config]
    CLUSTER_NAME(Group.SYSTEM, "cluster_name", SettingType.STRING, "ceph"),
    POOL(Group.SYSTEM, "pool", SettingType.STRING, "rbd"),
    CLUSTER_CLIENT_NAME(Group.SYSTEM, "cluster_client_name", SettingType.STRING, "client.admin"),
    TIME_OUT(Group.SYSTEM, "time_out", 1, 600, 30),
    API_HOST(Group.SYSTEM, "api_host", SettingType.STRING, "::"),
    API_PORT(Group.SYSTEM, "api_port", 1, 65535, 5000),
    API_SECURE(Group.SYSTEM, "api_secure", SettingType.BOOL, true),
    API_SSL_VERIFY(Group.SYSTEM, "api_ssl_verify", SettingType.BOOL, false),
    LOOP_DELAY(Group.SYSTEM, "loop_delay", 1, 60, 2),
    TRUSTED_IP_LIST(Group.SYSTEM, "trusted_ip_list", SettingType.IP_LIST, List.of()),
    API_USER(Group.SYSTEM, "api_user", SettingType.STRING, "admin"),
    /** Upstream defaults to "admin"; here empty means "not configured", so no well-known password ships. */
    API_PASSWORD(Group.SYSTEM, "api_password", SettingType.STRING, ""),
    CEPH_USER(Group.SYSTEM, "ceph_user", SettingType.STRING, "admin"),
    DEBUG(Group.SYSTEM, "debug", SettingType.BOOL, false),
    MINIMUM_GATEWAYS(Group.SYSTEM, "minimum_gateways", 1, 9999, 2),
    CEPH_CONFIG_DIR(Group.SYSTEM, "ceph_config_dir", SettingType.STRING, "/etc/ceph"),
    GATEWAY_CONF(Group.SYSTEM, "gateway_conf", SettingType.STRING, "gateway.conf"),
    PRIV_KEY(Group.SYSTEM, "priv_key", SettingType.STRING, "iscsi-gateway.key"),
    PUB_KEY(Group.SYSTEM, "pub_key", SettingType.STRING, "iscsi-gateway-pub.key"),
    PROMETHEUS_EXPORTER(Group.SYSTEM, "prometheus_exporter", SettingType.BOOL, true),
    PROMETHEUS_PORT(Group.SYSTEM, "prometheus_port", 1, 65535, 9287),
    PROMETHEUS_HOST(Group.SYSTEM, "prometheus_host", SettingType.STRING, "::"),
    /** Python logging levels: 10 DEBUG to 50 CRITICAL. */
    LOGGER_LEVEL(Group.SYSTEM, "logger_level", 10, 50, 10),
    LOG_TO_STDERR(Group.SYSTEM, "log_to_stderr", SettingType.BOOL, false),
    LOG_TO_STDERR_PREFIX(Group.SYSTEM, "log_to_stderr_prefix", SettingType.STRING, ""),
    LOG_TO_FILE(Group.SYSTEM, "log_to_file", SettingType.BOOL, true),
    ALUA_FAILOVER_TYPE(Group.SYSTEM, "alua_failover_type", AluaFailoverType.class, AluaFailoverType.IMPLICIT),

    // [target]: controls a client ACL may also override
    DATAOUT_TIMEOUT(Group.CLIENT, "dataout_timeout", 2, 60, 20),
    NOPIN_RESPONSE_TIMEOUT(Group.CLIENT, "nopin_response_timeout", 3, 60, 5),
    NOPIN_TIMEOUT(Group.CLIENT, "nopin_timeout", 3, 60, 5),
    CMDSN_DEPTH(Group.CLIENT, "cmdsn_depth", 1, 512, 128),
    // [target]: TPG parameters
    IMMEDIATE_DATA(Group.TPG, "immediate_data", SettingType.YES_NO, true),
    INITIAL_R2T(Group.TPG, "initial_r2t", SettingType.YES_NO, true),
    MAX_OUTSTANDING_R2T(Group.TPG, "max_outstanding_r2t", 1, 65535, 1),
    FIRST_BURST_LENGTH(Group.TPG, "first_burst_length", 512, 16777215, 262144),
    MAX_BURST_LENGTH(Group.TPG, "max_burst_length", 512, 16777215, 524288),
    MAX_RECV_DATA_SEGMENT_LENGTH(Group.TPG, "max_recv_data_segment_length", 512, 16777215, 262144),
    MAX_XMIT_DATA_SEGMENT_LENGTH(Group.TPG, "max_xmit_data_segment_length", 512, 16777215, 262144),
    // [target]: user:rbd disk controls
    MAX_DATA_AREA_MB(Group.DISK, "max_data_area_mb", 1, 2048, 8),
    QFULL_TIMEOUT(Group.DISK, "qfull_timeout", 0, 600, 5),
    OSD_OP_TIMEOUT(Group.DISK, "osd_op_timeout", 0, 600, 30),
    HW_MAX_SECTORS(Group.DISK, "hw_max_sectors", 1, 8192, 1024),

    // [device_status]
    /** Misspelled upstream; kept so existing files keep working. */
    LOCK_LOST_CNT_THRESHHOLD(Group.DEVICE_STATUS, "lock_lost_cnt_threshhold", 1, 1000000, 12),
    STATUS_CHECK_INTERVAL(Group.DEVICE_STATUS, "status_check_interval", 1, 600, 10),
    STABLE_STATE_RESET_COUNT(Group.DEVICE_STATUS, "stable_state_reset_count", 1, 600, 3),

    // the appliance's own
    /** No fixed default: ceph when the Ceph conf file exists, else embedded. */
    BACKEND(Group.APPLIANCE, "backend", Backend.class, null),
    /** No fixed default: {@code <ceph_config_dir>/<cluster_name>.conf}, as upstream derives it. */
    CEPH_CONF(Group.APPLIANCE, "ceph_conf", SettingType.PATH, null),
    CONFIGFS_ROOT(Group.APPLIANCE, "configfs_root", SettingType.PATH, Path.of("/sys/kernel/config")),
    /** Empty means "use the host's FQDN", as upstream names gateways. */
    GATEWAY_NAME(Group.APPLIANCE, "gateway_name", SettingType.STRING, ""),
    ISCSI_GATEWAY_CFG(Group.APPLIANCE, "iscsi_gateway_cfg", SettingType.PATH, Path.of("/etc/ceph/iscsi-gateway.cfg"));

    /** Upstream's tables; each maps to one section. Kept private to this table. */
    enum Group {
        SYSTEM(SettingSection.CONFIG),
        CLIENT(SettingSection.TARGET),
        TPG(SettingSection.TARGET),
        DISK(SettingSection.TARGET),
        DEVICE_STATUS(SettingSection.DEVICE_STATUS),
        APPLIANCE(SettingSection.APPLIANCE);

        final SettingSection section;

        Group(SettingSection section) {
            this.section = section;
        }
    }

    private static final Map<String, SettingKey> BY_KEY = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(SettingKey::key, Function.identity()));

    private final Group group;
    private final String key;
    private final SettingType type;
    private final int min;
    private final int max;
    private final Class<? extends SettingChoice> choices;
    private final Object defaultValue;

    SettingKey(Group group, String key, SettingType type, Object defaultValue) {
        this(group, key, type, 0, 0, null, defaultValue);
    }

    SettingKey(Group group, String key, int min, int max, int defaultValue) {
        this(group, key, SettingType.INT, min, max, null, defaultValue);
    }

    SettingKey(Group group, String key, Class<? extends SettingChoice> choices, SettingChoice defaultValue) {
        this(group, key, SettingType.ENUM, 0, 0, choices, defaultValue);
    }

    SettingKey(Group group, String key, SettingType type, int min, int max,
               Class<? extends SettingChoice> choices, Object defaultValue) {
        this.group = group;
        this.key = key;
        this.type = type;
        this.min = min;
        this.max = max;
        this.choices = choices;
        this.defaultValue = defaultValue;
    }

    /** The name used in the file and the PID, e.g. {@code api_port}. */
    public String key() {
        return key;
    }

    public SettingSection section() {
        return group.section;
    }

    public SettingType type() {
        return type;
    }

    /** Smallest accepted value of an {@link SettingType#INT INT} setting; 0 for other types. */
    public int min() {
        return min;
    }

    /** Largest accepted value of an {@link SettingType#INT INT} setting; 0 for other types. */
    public int max() {
        return max;
    }

    /** The accepted spellings of an {@link SettingType#ENUM ENUM} setting, in declaration order; else empty. */
    public List<String> choices() {
        return choices == null ? List.of() : choiceConstants().stream().map(SettingChoice::value).toList();
    }

    /** The constants of an ENUM setting's enum. */
    public List<SettingChoice> choiceConstants() {
        return choices == null ? List.of() : List.of(choices.getEnumConstants());
    }

    /**
     * The fixed default as a typed value; empty for {@code backend} and {@code ceph_conf}, whose defaults are
     * derived from other settings (see {@link GatewaySettings}).
     */
    public Optional<Object> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** Whether the value must never be shown (logs, {@code toString()}, error messages). */
    public boolean secret() {
        return this == API_PASSWORD;
    }

    /** Whether a client ACL may override this control (upstream CLIENT_SETTINGS). */
    public boolean clientControl() {
        return group == Group.CLIENT;
    }

    /** Whether this is a target/TPG control (upstream TGT_SETTINGS, which includes the client controls). */
    public boolean targetControl() {
        return group == Group.CLIENT || group == Group.TPG;
    }

    /** Whether this is a {@code user:rbd} disk control (upstream TCMU_SETTINGS). */
    public boolean diskControl() {
        return group == Group.DISK;
    }

    /** What a valid value looks like, as used in {@link SettingsException#allowed()}. */
    public String expected() {
        switch (type) {
            case INT:
                return "an integer from " + min + " to " + max;
            case BOOL:
                return "true or false (also yes/no, 1/0)";
            case YES_NO:
                return "yes or no (also true/false, 1/0)";
            case ENUM:
                return "one of " + String.join(", ", choices());
            case IP_LIST:
                return "a comma-separated list of IPv4/IPv6 addresses";
            case PATH:
                return "an absolute path";
            default:
                return "a text value";
        }
    }

    /**
     * Turns a raw value (a String from the file, or a String, Integer, Long or Boolean from the PID) into this
     * setting's typed value. Text is trimmed, except for {@link SettingType#STRING STRING} settings, which are
     * kept as given. A blank value is invalid for every type but STRING.
     *
     * @throws SettingsException naming this key and the value when it is not acceptable
     */
    public Object parse(Object raw) {
        return ValueParser.parse(this, raw);
    }

    /** The setting with this name; names are matched ignoring case, as upstream's INI reader lower-cases them. */
    public static Optional<SettingKey> byKey(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_KEY.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Like {@link #byKey(String)} but throws for an unknown name. */
    public static SettingKey require(String name) {
        return byKey(name).orElseThrow(() -> SettingsException.unknownKey(name));
    }

    /** The target/TPG controls (upstream TGT_SETTINGS) in upstream order. */
    public static List<SettingKey> targetControls() {
        return Arrays.stream(values()).filter(SettingKey::targetControl).toList();
    }

    /** The controls a client ACL may override (upstream CLIENT_SETTINGS). */
    public static List<SettingKey> clientControls() {
        return Arrays.stream(values()).filter(SettingKey::clientControl).toList();
    }

    /** The {@code user:rbd} disk controls (upstream TCMU_SETTINGS) in upstream order. */
    public static List<SettingKey> diskControls() {
        return Arrays.stream(values()).filter(SettingKey::diskControl).toList();
    }

    /** The settings of one section, in table order. */
    public static List<SettingKey> inSection(SettingSection section) {
        return Arrays.stream(values()).filter(k -> k.section() == section).toList();
    }

    /** The name, e.g. {@code api_port}. */
    @Override
    public String toString() {
        return key;
    }
}
