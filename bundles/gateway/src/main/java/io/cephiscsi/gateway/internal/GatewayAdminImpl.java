package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.nio.file.Path;
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
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.SettingsView;
import io.cephiscsi.gateway.TreeNode;
import io.cephiscsi.lio.AclSession;
import io.cephiscsi.lio.SessionFacts;
import io.cephiscsi.model.Backend;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.GatewaySettingsService;
import io.cephiscsi.rbd.ClusterInfo;
import io.cephiscsi.rbd.ImageService;

@Component(service = GatewayAdmin.class)
public class GatewayAdminImpl implements GatewayAdmin {

    private final GatewaySettingsService settingsService;
    private final LocalHost localHost;
    private final ConfigQueries queries;

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

    /** Cluster facts for {@link #tree()}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ClusterInfo clusterInfo;

    @Activate
    public GatewayAdminImpl(@Reference GatewaySettingsService settingsService) {
        this(settingsService, new LocalHost(), null);
    }

    GatewayAdminImpl(GatewaySettingsService settingsService, LocalHost localHost, ConfigStore configStore) {
        this.settingsService = settingsService;
        this.localHost = localHost;
        this.configStore = configStore;
        this.queries = new ConfigQueries(() -> this.configStore);
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
                settings.trustedIpList(), settings.backend().toString().toLowerCase(Locale.ROOT), health, problem);
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

    void setClusterInfo(ClusterInfo clusterInfo) {
        this.clusterInfo = clusterInfo;
    }

    @Override
    public TreeNode tree() {
        GatewayConfig config = queries.config();
        GatewaySettings settings = settingsService.current();
        return new TreeBuilder(config, hostname(), settings.clusterName(), images, clusterInfo,
                loggedIn(settings)).build();
    }

    @Override
    public GatewayConfig config() {
        return queries.config();
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
        return queries.disk(pool, image);
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
