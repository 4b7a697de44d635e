package io.cephiscsi.gateway.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.cephiscsi.ceph.CephCluster;
import io.cephiscsi.ceph.CephException;
import io.cephiscsi.ceph.ClusterHealth;
import io.cephiscsi.gateway.ApplianceInfo;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.model.Backend;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.GatewaySettingsService;

@Component(service = GatewayAdmin.class)
public class GatewayAdminImpl implements GatewayAdmin {

    private final GatewaySettingsService settingsService;
    private final LocalHost localHost;

    /** Present only on the ceph backend; the gateway keeps answering while it comes and goes. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CephCluster ceph;

    @Activate
    public GatewayAdminImpl(@Reference GatewaySettingsService settingsService) {
        this(settingsService, new LocalHost());
    }

    GatewayAdminImpl(GatewaySettingsService settingsService, LocalHost localHost) {
        this.settingsService = settingsService;
        this.localHost = localHost;
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
}
