package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.cephiscsi.ceph.CephCluster;
import io.cephiscsi.ceph.CephException;
import io.cephiscsi.ceph.ClusterHealth;
import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.gateway.ApplianceInfo;
import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.ClientInfo;
import io.cephiscsi.gateway.ConfigDiff;
import io.cephiscsi.gateway.DiskRequest;
import io.cephiscsi.gateway.GatewayStatus;
import io.cephiscsi.gateway.TargetAuthAction;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.SettingsView;
import io.cephiscsi.gateway.TreeNode;
import io.cephiscsi.lio.AclSession;
import io.cephiscsi.lio.SessionFacts;
import io.cephiscsi.model.Backend;
import io.cephiscsi.model.ChapCipher;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.GatewaySettingsService;
import io.cephiscsi.rbd.ClusterInfo;
import io.cephiscsi.rbd.ImageInfo;
import io.cephiscsi.rbd.ImageService;
import io.cephiscsi.rbd.RbdException;

@Component(service = GatewayAdmin.class)
public class GatewayAdminImpl implements GatewayAdmin {

    private final GatewaySettingsService settingsService;
    private final LocalHost localHost;
    private final ConfigQueries queries;
    private final TargetOperations targetOperations;
    private final DiskOperations diskOperations;
    private final ClientOperations clientOperations;
    private final ConfigImport configImport;

    /**
     * The shared configuration. Optional and dynamic, like {@link #ceph}: the store stops on invalid settings, and
     * this service must stay up then, so that {@code gwcli info} can name the bad setting.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigStore configStore;

    /** Present only on the ceph backend; the gateway keeps answering while it comes and goes. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CephCluster ceph;

    /** Image sizes for {@link #tree()}; optional and dynamic for the same reason as {@link #ceph}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ImageService images;

    /** This gateway's LIO keeper: how far it has got, for replies that wait on a change. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LocalGateway localGateway;

    /** Cluster facts for {@link #tree()}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ClusterInfo clusterInfo;

    /** The disks' device status from the service map; present only on the ceph backend. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DeviceStatusWatcher deviceStatus;

    @Activate
    public GatewayAdminImpl(@Reference GatewaySettingsService settingsService) {
        this(settingsService, new LocalHost(), null);
    }

    GatewayAdminImpl(GatewaySettingsService settingsService, LocalHost localHost, ConfigStore configStore) {
        this.settingsService = settingsService;
        this.localHost = localHost;
        this.configStore = configStore;
        this.queries = new ConfigQueries(() -> this.configStore);
        ChangeCommitter committer = new ChangeCommitter(() -> this.configStore, this::hostname, this::awaitLocalEpoch,
                this::peerClientOrNull, Duration.ofSeconds(3),
                config -> liveness.liveCephIscsiGateways(ChangeCommitter.portalGateways(config), hostname()));
        AdminContext context = new AdminContext(settingsService, this::hostname, queries, () -> this.images,
                () -> this.clusterInfo, localHost, committer);
        this.peerContext = context;
        this.targetOperations = new TargetOperations(context);
        this.diskOperations = new DiskOperations(context);
        this.clientOperations = new ClientOperations(context);
        this.configImport = new ConfigImport(context);
    }

    private final AdminContext peerContext;
    /** Gateways' liveness for the tree: one short {@code _status} call per peer, remembered for a few seconds. */
    private final PeerLiveness liveness = new PeerLiveness(this::peerClientOrNull, Duration.ofSeconds(1),
            Duration.ofSeconds(10));

    /** whether this gateway's LIO reached {@code epoch} within {@code wait}; false without a LocalGateway */
    private boolean awaitLocalEpoch(long epoch, Duration wait) throws InterruptedException {
        LocalGateway local = localGateway;
        return local != null && local.awaitEpoch(epoch, wait);
    }

    private long localEpoch() {
        LocalGateway local = localGateway;
        return local == null ? -1 : local.appliedEpoch();
    }

    /** No peer can be called without the API password (upstream's gateways share it). */
    private PeerClient peerClientOrNull() {
        return settingsService.current().apiPassword().isPresent() ? peerContext.peers() : null;
    }

    void setLocalGateway(LocalGateway localGateway) {
        this.localGateway = localGateway;
    }

    void setCeph(CephCluster ceph) {
        this.ceph = ceph;
    }

    @Override
    public ApplianceInfo info() {
        GatewaySettings settings = settingsService.current();
        String mode = settings.apiScheme();
        String endpoint = mode + "://localhost:" + settings.apiPort() + "/api";
        Optional<ClusterHealth> health = Optional.empty();
        Optional<String> problem = Optional.empty();
        if (settings.backend() == Backend.CEPH) {
            CephCluster cluster = ceph;
            if (cluster == null) {
                problem = Optional.of("the Ceph connection is not available (see the log)");
            } else {
                try {
                    health = Optional.of(cluster.health());
                } catch (CephException e) {
                    problem = Optional.of(e.getMessage());
                }
            }
        }
        return new ApplianceInfo(mode, settings.apiPort(), endpoint, settings.clusterName(),
                settings.trustedIpList(), settings.backend().toString().toLowerCase(Locale.ROOT), health, problem,
                problems());
    }

    @Override
    public String hostname() {
        return settingsService.current().gatewayName().orElseGet(localHost::fqdn);
    }

    @Override
    public List<String> ipAddresses() {
        return localHost.ipAddresses();
    }

    void setImages(ImageService images) {
        this.images = images;
    }

    void setDeviceStatus(DeviceStatusWatcher deviceStatus) {
        this.deviceStatus = deviceStatus;
    }

    void setClusterInfo(ClusterInfo clusterInfo) {
        this.clusterInfo = clusterInfo;
    }

    @Override
    public TreeNode tree() {
        GatewayConfig config = queries.config();
        GatewaySettings settings = settingsService.current();
        String me = hostname();
        DeviceStatusWatcher watcher = deviceStatus;
        return new TreeBuilder(config, settings.clusterName(), images, clusterInfo, loggedIn(settings),
                liveness.states(ChangeCommitter.portalGateways(config), me),
                watcher == null ? Map.of() : watcher.statuses()).build();
    }

    @Override
    public GatewayConfig config() {
        return queries.config();
    }

    @Override
    public byte[] config(boolean decryptPasswords) {
        GatewayConfig config = queries.config();
        return decryptPasswords ? ChapCipher.of(settingsService.current()).decryptedJson(config) : config.toJson();
    }

    @Override
    public List<String> targets() {
        return queries.targets();
    }

    @Override
    public Map<String, Object> portals(String targetIqn) {
        return queries.portals(targetIqn);
    }

    @Override
    public List<String> clients(String targetIqn) {
        return queries.clients(targetIqn);
    }

    @Override
    public List<String> groups(String targetIqn) {
        return queries.groups(targetIqn);
    }

    @Override
    public Map<String, Object> group(String targetIqn, String groupName) {
        return queries.group(targetIqn, groupName);
    }

    @Override
    public List<String> diskIds() {
        return queries.diskIds();
    }

    @Override
    public Map<String, Object> disks() {
        return queries.disks();
    }

    @Override
    public Map<String, Object> disk(String pool, String image) {
        Map<String, Object> disk = queries.disk(pool, image);
        // the watcher's last poll, as upstream; "Unknown" when no tcmu-runner reports on the disk (or no watcher runs)
        DeviceStatusWatcher watcher = deviceStatus;
        Optional<DeviceStatus> status = watcher == null ? Optional.empty()
                : watcher.status(pool + "/" + image);
        disk.put("status", status.map(DeviceStatus::toMap).orElseGet(DeviceStatus::unknown));
        return disk;
    }

    @Override
    public Optional<ImageInfo> diskImage(String pool, String image) {
        queries.disk(pool, image); // 404 when it is no disk
        ImageService service = images;
        if (service == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(service.info(pool, image));
        } catch (RbdException e) {
            if (e.status() == RbdException.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public SettingsView settings() {
        return UpstreamSettings.view(settingsService.current());
    }

    @Override
    public String settingsHash() {
        return settingsService.current().upstreamHash();
    }

    @Override
    public List<String> versionProblems() {
        return OsRelease.problems(Path.of("/etc/os-release"));
    }

    // ----- changes and live facts: the rules live in the operation classes

    @Override
    public ChangeResult createTarget(String targetIqn, Map<String, ?> controls) {
        return targetOperations.createTarget(targetIqn, controls);
    }

    @Override
    public ChangeResult reconfigureTarget(String targetIqn, Map<String, ?> controls) {
        return targetOperations.reconfigureTarget(targetIqn, controls);
    }

    @Override
    public ChangeResult deleteTarget(String targetIqn) {
        return targetOperations.deleteTarget(targetIqn);
    }

    @Override
    public ChangeResult addGateway(String targetIqn, String gatewayName, List<String> ipAddresses, boolean skipChecks) {
        return targetOperations.addGateway(targetIqn, gatewayName, ipAddresses, skipChecks);
    }

    @Override
    public ChangeResult removeGateway(String targetIqn, String gatewayName, boolean force) {
        return targetOperations.removeGateway(targetIqn, gatewayName, force);
    }

    @Override
    public ChangeResult joinTarget(String targetIqn, List<String> gatewayIpList) throws InterruptedException {
        return targetOperations.joinTarget(targetIqn, gatewayIpList);
    }

    @Override
    public ChangeResult leaveTarget(String targetIqn) throws InterruptedException {
        return targetOperations.leaveTarget(targetIqn);
    }

    @Override
    public ChangeResult clearTarget(String targetIqn) throws InterruptedException {
        return targetOperations.clearTarget(targetIqn);
    }

    @Override
    public ChangeResult addTargetLun(String targetIqn, String diskId, Optional<Integer> lunId) {
        return targetOperations.addTargetLun(targetIqn, diskId, lunId);
    }

    @Override
    public ChangeResult removeTargetLun(String targetIqn, String diskId) {
        return targetOperations.removeTargetLun(targetIqn, diskId);
    }

    @Override
    public ChangeResult setDiscoveryAuth(String username, String password, String mutualUsername, String mutualPassword) {
        return targetOperations.setDiscoveryAuth(username, password, mutualUsername, mutualPassword);
    }

    @Override
    public ChangeResult setTargetAuth(String targetIqn, TargetAuthAction action, String username, String password, String mutualUsername, String mutualPassword) {
        return targetOperations.setTargetAuth(targetIqn, action, username, password, mutualUsername, mutualPassword);
    }

    @Override
    public ChangeResult createDisks(DiskRequest request) {
        return diskOperations.createDisks(request);
    }

    @Override
    public ChangeResult resizeDisk(String pool, String image, String size) {
        return diskOperations.resizeDisk(pool, image, size);
    }

    @Override
    public ChangeResult reconfigureDisk(String pool, String image, Map<String, ?> controls) {
        return diskOperations.reconfigureDisk(pool, image, controls);
    }

    @Override
    public ChangeResult deleteDisk(String pool, String image, boolean preserveImage) {
        return diskOperations.deleteDisk(pool, image, preserveImage);
    }

    @Override
    public ChangeResult createSnapshot(String pool, String image, String snapshot) {
        return diskOperations.createSnapshot(pool, image, snapshot);
    }

    @Override
    public ChangeResult rollbackSnapshot(String pool, String image, String snapshot) {
        return diskOperations.rollbackSnapshot(pool, image, snapshot);
    }

    @Override
    public ChangeResult deleteSnapshot(String pool, String image, String snapshot) {
        return diskOperations.deleteSnapshot(pool, image, snapshot);
    }

    @Override
    public ChangeResult createClient(String targetIqn, String clientIqn) {
        return clientOperations.createClient(targetIqn, clientIqn);
    }

    @Override
    public ChangeResult deleteClient(String targetIqn, String clientIqn) {
        return clientOperations.deleteClient(targetIqn, clientIqn);
    }

    @Override
    public ChangeResult setClientAuth(String targetIqn, String clientIqn, String username, String password, String mutualUsername, String mutualPassword) {
        return clientOperations.setClientAuth(targetIqn, clientIqn, username, password, mutualUsername, mutualPassword);
    }

    @Override
    public ChangeResult addClientLun(String targetIqn, String clientIqn, String diskId) {
        return clientOperations.addClientLun(targetIqn, clientIqn, diskId);
    }

    @Override
    public ChangeResult removeClientLun(String targetIqn, String clientIqn, String diskId) {
        return clientOperations.removeClientLun(targetIqn, clientIqn, diskId);
    }

    @Override
    public ChangeResult updateHostGroup(String targetIqn, String groupName, List<String> members, List<String> diskIds, boolean add) {
        return clientOperations.updateHostGroup(targetIqn, groupName, members, diskIds, add);
    }

    @Override
    public ChangeResult deleteHostGroup(String targetIqn, String groupName) {
        return clientOperations.deleteHostGroup(targetIqn, groupName);
    }

    @Override
    public int targetSessions(String targetIqn) {
        return clientOperations.targetSessions(targetIqn);
    }

    @Override
    public int gatewaySessions() {
        return clientOperations.gatewaySessions();
    }

    @Override
    public ClientInfo clientInfo(String targetIqn, String clientIqn) {
        return clientOperations.clientInfo(targetIqn, clientIqn);
    }

    @Override
    public Optional<String> localSessionOnDisk(String pool, String image) {
        return diskOperations.localSession(queries.config(), pool + "/" + image);
    }

    @Override
    public int localTargetSessions(String targetIqn) {
        return clientOperations.localTargetSessions(targetIqn);
    }

    @Override
    public ClientInfo localClientInfo(String targetIqn, String clientIqn) {
        return clientOperations.localClientInfo(targetIqn, clientIqn);
    }

    @Override
    public ChangeResult clearConfig() {
        return configImport.clearConfig();
    }

    @Override
    public ConfigDiff previewImport(byte[] json) {
        return configImport.preview(json);
    }

    @Override
    public ChangeResult importConfig(byte[] json, long expectedEpoch) {
        return configImport.apply(json, expectedEpoch);
    }

    @Override
    public GatewayStatus status() {
        return new GatewayStatus(hostname(), localEpoch(), problems());
    }

    /** The shared configuration's problem and this gateway's LIO's, while they last. */
    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        ConfigStore store = configStore;
        if (store == null) {
            problems.add("the shared configuration is not available (see the log)");
        } else {
            store.problem().ifPresent(problems::add);
        }
        LocalGateway local = localGateway;
        if (local != null) {
            local.problem().ifPresent(problems::add);
        }
        return problems;
    }

    static final Duration MAX_STATUS_WAIT = Duration.ofSeconds(5);

    @Override
    public GatewayStatus awaitStatus(long epoch, Duration maxWait) throws InterruptedException {
        LocalGateway local = localGateway;
        if (local != null) {
            local.awaitEpoch(epoch, maxWait.compareTo(MAX_STATUS_WAIT) > 0 ? MAX_STATUS_WAIT : maxWait);
        }
        return status();
    }

    @Override
    public GatewayStatus syncToShared(Duration maxWait) throws InterruptedException {
        ConfigStore store = configStore;
        LocalGateway local = localGateway;
        if (store == null || local == null) {
            return withProblem(status(), "this gateway's LIO keeper is not running (see the log)");
        }
        GatewayConfig config;
        try {
            config = store.refresh();
        } catch (RuntimeException e) {
            return withProblem(status(), e.getMessage());
        }
        Duration wait = maxWait.compareTo(MAX_STATUS_WAIT) > 0 ? MAX_STATUS_WAIT : maxWait;
        boolean reached = local.syncTo(config, wait);
        GatewayStatus now = status();
        if (!reached && now.problems().isEmpty()) {
            return withProblem(now, "LIO did not reach epoch " + config.epoch() + " of the shared configuration"
                    + " within " + wait.toMillis() + " ms (it is at epoch " + now.appliedEpoch() + ")");
        }
        return now;
    }

    private static GatewayStatus withProblem(GatewayStatus status, String problem) {
        List<String> problems = new ArrayList<>(status.problems());
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
        return new GatewayStatus(status.gateway(), status.appliedEpoch(), problems);
    }

    @Override
    public io.cephiscsi.gateway.GatewayMetrics metrics() {
        return new MetricsCollector(() -> LioRoot.of(settingsService.current()), this::hostname, queries::config)
                .collect();
    }

    /** {@code target + " " + client} of every initiator logged in on this gateway; none when LIO is not there. */
    private static Set<String> loggedIn(GatewaySettings settings) {
        try {
            Set<String> sessions = new HashSet<>();
            for (AclSession acl : SessionFacts.acls(LioRoot.of(settings))) {
                if (acl.loggedIn()) {
                    sessions.add(acl.targetIqn() + " " + acl.initiatorIqn());
                }
            }
            return sessions;
        } catch (IOException | RuntimeException e) {
            return Set.of(); // no LIO here (yet): nobody is logged in through this gateway
        }
    }
}
