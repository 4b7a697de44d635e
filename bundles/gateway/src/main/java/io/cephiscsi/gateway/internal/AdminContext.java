package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.lio.Configfs;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.GatewaySettingsService;
import io.cephiscsi.model.TargetConfig;
import io.cephiscsi.rbd.ClusterInfo;
import io.cephiscsi.rbd.ImageService;

/**
 * What the operation classes behind {@link GatewayAdminImpl} share: settings, this gateway's name, the newest
 * configuration, the image service, the committer and the peer client. Optional services that are absent now
 * (e.g. while the settings are invalid) are a 503 naming what is missing.
 */
final class AdminContext {

    /**
     * Where the gateways' shared API certificate is looked for, in order: upstream's fixed path, then the one this
     * appliance generates on first start when upstream's is absent (the REST bundle writes it).
     */
    static List<Path> sharedCertificates() {
        String etc = System.getProperty("karaf.etc", "etc");
        return List.of(Path.of("/etc/ceph/iscsi-gateway.crt"), Path.of(etc, "iscsi-gateway.crt"));
    }

    private final GatewaySettingsService settings;
    private final Supplier<String> hostname;
    private final ConfigQueries queries;
    private final Supplier<ImageService> images;
    private final Supplier<ClusterInfo> clusterInfo;
    private final LocalHost localHost;
    private final ChangeCommitter committer;
    private volatile PeerClient peerClient;
    private volatile GatewaySettings peerClientSettings;

    AdminContext(GatewaySettingsService settings, Supplier<String> hostname, ConfigQueries queries,
                 Supplier<ImageService> images, Supplier<ClusterInfo> clusterInfo, LocalHost localHost,
                 ChangeCommitter committer) {
        this.settings = settings;
        this.hostname = hostname;
        this.queries = queries;
        this.images = images;
        this.clusterInfo = clusterInfo;
        this.localHost = localHost;
        this.committer = committer;
    }

    GatewaySettings settings() {
        return settings.current();
    }

    /** This gateway's name as it appears in {@code gateways} and {@code portals}. */
    String hostname() {
        return hostname.get();
    }

    /** The newest configuration; 503 while it cannot be read. */
    GatewayConfig config() {
        return queries.config();
    }

    /** A target a change applies to: 404 naming it when it is not (or no longer) defined. */
    static TargetConfig target(GatewayConfig config, String iqn) {
        TargetConfig target = config.targets().get(iqn);
        if (target == null) {
            throw ConfigException.missing("target_iqn", "Target " + iqn + " does not exist");
        }
        return target;
    }

    ImageService images() {
        ImageService service = images.get();
        if (service == null) {
            throw new GatewayException(503, "the image service is not available (see gwcli info and the log)");
        }
        return service;
    }

    /** Cluster facts, or null while they are not available. */
    ClusterInfo clusterInfo() {
        return clusterInfo.get();
    }

    LocalHost localHost() {
        return localHost;
    }

    ChangeCommitter committer() {
        return committer;
    }

    /** A client for other gateways' APIs, built for the current settings. */
    PeerClient peers() {
        GatewaySettings current = settings.current();
        PeerClient client = peerClient;
        if (client == null || peerClientSettings != current) {
            client = new PeerClient(current, sharedCertificates());
            peerClient = client;
            peerClientSettings = current;
        }
        return client;
    }

    /** This gateway's LIO (configfs or its folder stand-in), for sessions. */
    Configfs lio() throws IOException {
        return LioRoot.of(settings.current());
    }
}
