package io.cephiscsi.model;

import io.cephiscsi.model.internal.SettingsResolver;
import io.cephiscsi.model.internal.SettingsResolver.Resolution;
import io.cephiscsi.model.internal.ValueParser;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The gateway's effective settings: one valid, typed value for every {@link SettingKey}. Immutable.
 *
 * <p>Built from upstream's settings file and the OSGi configuration (PID {@code io.cephiscsi.gateway}); PID values
 * win over file values, which win over defaults. Two derived defaults: {@code ceph_conf} is
 * {@code <ceph_config_dir>/<cluster_name>.conf}, and {@code backend} is ceph when that file exists, else embedded.
 * Unlike upstream, {@code api_ssl_verify} is taken as set: upstream turns it off whenever {@code api_secure} is
 * on, so its peers are never verified.
 *
 * <p>Equality covers the effective values only, not {@link #ignoredKeys()}, so that a change of a file comment or
 * of an ignored key does not count as a change of settings.
 */
public final class GatewaySettings {

    private final Map<SettingKey, Object> values;
    private final List<String> ignoredKeys;

    private GatewaySettings(Map<SettingKey, Object> values, List<String> ignoredKeys) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.ignoredKeys = ignoredKeys;
    }

    /**
     * Validated settings.
     *
     * @param upstreamFile the flat key/value pairs of upstream's file (see {@link UpstreamSettingsFile}); may be null
     * @param pid          the OSGi configuration; values may be String, Integer, Long or Boolean; may be null
     * @param fileExists   tells whether the Ceph conf exists, which decides the default backend
     * @throws SettingsException listing every problem, one per line (see {@link SettingsException#combined})
     */
    public static GatewaySettings of(Map<String, String> upstreamFile, Map<String, ?> pid,
                                     Predicate<Path> fileExists) {
        Resolution resolution = SettingsResolver.resolve(upstreamFile, pid, fileExists);
        if (!resolution.errors().isEmpty()) {
            throw SettingsException.combined(resolution.errors());
        }
        return new GatewaySettings(resolution.values(), resolution.ignoredKeys());
    }

    /** Every problem {@link #of} would report, sorted by key; empty when the settings are valid. */
    public static List<SettingsException> validate(Map<String, String> upstreamFile, Map<String, ?> pid,
                                                   Predicate<Path> fileExists) {
        return SettingsResolver.resolve(upstreamFile, pid, fileExists).errors();
    }

    /** The defaults alone, as with no file and an empty PID. */
    public static GatewaySettings defaults(Predicate<Path> fileExists) {
        return of(Map.of(), Map.of(), fileExists);
    }

    /**
     * Upstream's settings hash ({@code Settings.hash()}): gateways compare it before one joins another, so an
     * upstream gateway and this one agree exactly when their settings do.
     */
    public String upstreamHash() {
        return io.cephiscsi.model.internal.SettingsHash.hash(this);
    }

    /** Keys of upstream's file that were not used, sorted; the caller should warn about them. */
    public List<String> ignoredKeys() {
        return ignoredKeys;
    }

    /** The typed value of one setting (Integer, Boolean, String, Path, List or a {@link SettingChoice} enum). */
    public Object get(SettingKey key) {
        return values.get(key);
    }

    /**
     * The typed value of one setting by name.
     *
     * @throws SettingsException for an unknown name
     */
    public Object get(String key) {
        return get(SettingKey.require(key));
    }

    /** Every setting by name, sorted by name, with its typed value; the password is included in clear. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new TreeMap<>();
        values.forEach((key, value) -> map.put(key.key(), value));
        return Collections.unmodifiableMap(map);
    }

    /** The target/TPG controls (upstream TGT_SETTINGS) with their effective values, in upstream order. */
    public Map<String, Object> targetDefaults() {
        return controls(SettingKey.targetControls());
    }

    /** The user:rbd disk controls (upstream TCMU_SETTINGS) with their effective values, in upstream order. */
    public Map<String, Object> diskDefaults() {
        return controls(SettingKey.diskControls());
    }

    private Map<String, Object> controls(List<SettingKey> keys) {
        Map<String, Object> map = new LinkedHashMap<>();
        keys.forEach(key -> map.put(key.key(), values.get(key)));
        return Collections.unmodifiableMap(map);
    }

    private String text(SettingKey key) {
        return (String) values.get(key);
    }

    private int number(SettingKey key) {
        return (Integer) values.get(key);
    }

    private boolean flag(SettingKey key) {
        return (Boolean) values.get(key);
    }

    private Path path(SettingKey key) {
        return (Path) values.get(key);
    }

    private Optional<String> optionalText(SettingKey key) {
        return Optional.of(text(key)).filter(s -> !s.isEmpty());
    }

    // [config]

    public String clusterName() {
        return text(SettingKey.CLUSTER_NAME);
    }

    public String cephConfigDir() {
        return text(SettingKey.CEPH_CONFIG_DIR);
    }

    public String clusterClientName() {
        return text(SettingKey.CLUSTER_CLIENT_NAME);
    }

    /** Defined but unused upstream; kept for the settings hash. */
    public String cephUser() {
        return text(SettingKey.CEPH_USER);
    }

    public String pool() {
        return text(SettingKey.POOL);
    }

    public String gatewayConf() {
        return text(SettingKey.GATEWAY_CONF);
    }

    public int timeOut() {
        return number(SettingKey.TIME_OUT);
    }

    public int loopDelay() {
        return number(SettingKey.LOOP_DELAY);
    }

    public String apiHost() {
        return text(SettingKey.API_HOST);
    }

    public int apiPort() {
        return number(SettingKey.API_PORT);
    }

    public boolean apiSecure() {
        return flag(SettingKey.API_SECURE);
    }

    /** "https" when {@link #apiSecure()}, else "http". */
    public String apiScheme() {
        return apiSecure() ? "https" : "http";
    }

    /** Always false when {@link #apiSecure()} is true, as upstream does. */
    public boolean apiSslVerify() {
        return flag(SettingKey.API_SSL_VERIFY);
    }

    public String apiUser() {
        return text(SettingKey.API_USER);
    }

    /** Empty when no password is configured: the API must then refuse authenticated calls. */
    public Optional<String> apiPassword() {
        return optionalText(SettingKey.API_PASSWORD);
    }

    public List<String> trustedIpList() {
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) values.get(SettingKey.TRUSTED_IP_LIST);
        return list;
    }

    public boolean debug() {
        return flag(SettingKey.DEBUG);
    }

    public int minimumGateways() {
        return number(SettingKey.MINIMUM_GATEWAYS);
    }

    public String privKey() {
        return text(SettingKey.PRIV_KEY);
    }

    public String pubKey() {
        return text(SettingKey.PUB_KEY);
    }

    public boolean prometheusExporter() {
        return flag(SettingKey.PROMETHEUS_EXPORTER);
    }

    public int prometheusPort() {
        return number(SettingKey.PROMETHEUS_PORT);
    }

    public String prometheusHost() {
        return text(SettingKey.PROMETHEUS_HOST);
    }

    /** A Python logging level: 10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR, 50 CRITICAL. */
    public int loggerLevel() {
        return number(SettingKey.LOGGER_LEVEL);
    }

    public boolean logToStderr() {
        return flag(SettingKey.LOG_TO_STDERR);
    }

    public String logToStderrPrefix() {
        return text(SettingKey.LOG_TO_STDERR_PREFIX);
    }

    public boolean logToFile() {
        return flag(SettingKey.LOG_TO_FILE);
    }

    public AluaFailoverType aluaFailoverType() {
        return (AluaFailoverType) values.get(SettingKey.ALUA_FAILOVER_TYPE);
    }

    // [target]

    public int dataoutTimeout() {
        return number(SettingKey.DATAOUT_TIMEOUT);
    }

    public int nopinResponseTimeout() {
        return number(SettingKey.NOPIN_RESPONSE_TIMEOUT);
    }

    public int nopinTimeout() {
        return number(SettingKey.NOPIN_TIMEOUT);
    }

    public int cmdsnDepth() {
        return number(SettingKey.CMDSN_DEPTH);
    }

    /** LIO's ImmediateData, written as Yes/No. */
    public boolean immediateData() {
        return flag(SettingKey.IMMEDIATE_DATA);
    }

    /** LIO's InitialR2T, written as Yes/No. */
    public boolean initialR2t() {
        return flag(SettingKey.INITIAL_R2T);
    }

    public int maxOutstandingR2t() {
        return number(SettingKey.MAX_OUTSTANDING_R2T);
    }

    public int firstBurstLength() {
        return number(SettingKey.FIRST_BURST_LENGTH);
    }

    public int maxBurstLength() {
        return number(SettingKey.MAX_BURST_LENGTH);
    }

    public int maxRecvDataSegmentLength() {
        return number(SettingKey.MAX_RECV_DATA_SEGMENT_LENGTH);
    }

    public int maxXmitDataSegmentLength() {
        return number(SettingKey.MAX_XMIT_DATA_SEGMENT_LENGTH);
    }

    public int maxDataAreaMb() {
        return number(SettingKey.MAX_DATA_AREA_MB);
    }

    public int qfullTimeout() {
        return number(SettingKey.QFULL_TIMEOUT);
    }

    public int osdOpTimeout() {
        return number(SettingKey.OSD_OP_TIMEOUT);
    }

    public int hwMaxSectors() {
        return number(SettingKey.HW_MAX_SECTORS);
    }

    // [device_status]

    /** Spelled as upstream spells the key. */
    public int lockLostCntThreshhold() {
        return number(SettingKey.LOCK_LOST_CNT_THRESHHOLD);
    }

    public int statusCheckInterval() {
        return number(SettingKey.STATUS_CHECK_INTERVAL);
    }

    public int stableStateResetCount() {
        return number(SettingKey.STABLE_STATE_RESET_COUNT);
    }

    // the appliance's own

    public Backend backend() {
        return (Backend) values.get(SettingKey.BACKEND);
    }

    /** The Ceph conf file, as set or derived from ceph_config_dir and cluster_name. */
    public Path cephConf() {
        return path(SettingKey.CEPH_CONF);
    }

    public Path configfsRoot() {
        return path(SettingKey.CONFIGFS_ROOT);
    }

    /** Empty when the gateway should be named by the host's FQDN, as upstream does. */
    public Optional<String> gatewayName() {
        return optionalText(SettingKey.GATEWAY_NAME);
    }

    /** Where upstream's settings file is read from. */
    public Path iscsiGatewayCfg() {
        return path(SettingKey.ISCSI_GATEWAY_CFG);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GatewaySettings that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Every setting, sorted by name, with a set password shown as {@code ********}. */
    @Override
    public String toString() {
        return asMap().entrySet().stream()
                .map(e -> e.getKey() + "=" + shown(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "GatewaySettings{", "}"));
    }

    private static String shown(String key, Object value) {
        boolean secret = SettingKey.require(key).secret();
        return secret && !"".equals(value) ? ValueParser.MASK : String.valueOf(value);
    }
}
