package io.cephiscsi.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.cephiscsi.ceph.CephCluster;
import io.cephiscsi.ceph.ClusterHealth;
import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.rbd.ClusterInfo;
import io.cephiscsi.rbd.ImageId;
import io.cephiscsi.rbd.ImageInfo;
import io.cephiscsi.rbd.ImageService;

/** The distribution on the project's real single-node Ceph: rados-java, wrapped, loads the real librados. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApplianceOnCephIT extends ApplianceTestSupport {

    @Inject
    CephCluster ceph; // registered only on the ceph backend

    @Inject
    SessionFactory sessions;

    @Configuration
    public Option[] config() {
        return appliance(Map.of("backend", "ceph", "ceph_conf", TestCluster.conf(), "cluster_client_name",
                "client.admin", "time_out", "20"));
    }

    @Inject
    ConfigStore configStore;

    @Test
    public void theSharedConfigIsGatewayConfInPoolRbdWithItsEpochXattr() {
        GatewayConfig before = configStore.refresh();
        GatewayConfig committed = configStore.update(ConfigTransaction.of(
                ConfigChange.createTarget("iqn.2003-01.com.example.iscsi-gw:ceph-" + System.nanoTime())));
        assertEquals(before.epoch() + 1, committed.epoch());
        String xattr = ceph.withIoCtx("rbd", io -> io.getExtendedAttribute("gateway.conf", "epoch"));
        assertEquals(Long.toString(committed.epoch()), xattr);
    }

    @Inject
    ImageService images;

    @Inject
    ClusterInfo cluster;

    @Test
    public void imagesAndClusterFactsThroughLibrbdInsideKaraf() {
        String name = "it-disk-" + System.nanoTime();
        ImageInfo created = images.create("rbd", name, "64M");
        assertEquals(64L << 20, created.sizeBytes());
        assertEquals(created.sizeBytes(), images.info("rbd", name).sizeBytes());
        // the listings' raw header reads: librados bound directly (JNA's Native.register) from inside the bundle
        ImageId id = new ImageId("rbd", name);
        assertEquals(Map.of(id, 64L << 20), images.sizes(List.of(id)));
        assertEquals(64L << 20, images.infos(List.of(id)).get(id).sizeBytes());
        images.delete("rbd", name);
        assertEquals(false, images.exists("rbd", name));
        assertThat(cluster.version(), containsString("16.2"));
        assertEquals(true, cluster.pools(Map.of()).stream().anyMatch(pool -> pool.name().equals("iscsi")
                && pool.replicated()));
    }

    @Test
    public void readsHealthOkFromTheTestCluster() throws InterruptedException {
        // a fresh cluster's mgr may still be reporting its first PG states
        ClusterHealth health = ceph.health();
        for (int i = 0; i < 120 && !"HEALTH_OK".equals(health.status()); i++) {
            Thread.sleep(500);
            health = ceph.health();
        }
        assertEquals("checks: " + health.checks(), "HEALTH_OK", health.status());
    }

    @Test
    public void gwcliInfoShowsTheBackendAndTheClusterHealth() throws Exception {
        readsHealthOkFromTheTestCluster();
        String output = console(sessions, "gwcli info");
        assertThat(output, containsString("Backend            : ceph\n"));
        assertThat(output, containsString("Cluster health     : HEALTH_OK\n"));
    }

    @Test
    public void monCommandsAnswerJson() {
        String status = ceph.monCommand("{\"prefix\": \"osd pool ls\", \"format\": \"json\"}");
        assertThat(status, containsString("\"rbd\""));
        assertThat(status, containsString("\"iscsi\""));
    }
}
