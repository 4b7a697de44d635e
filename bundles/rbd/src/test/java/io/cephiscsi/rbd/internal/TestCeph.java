package io.cephiscsi.rbd.internal;

import java.io.File;
import java.nio.file.Files;
import java.util.Map;

import com.ceph.rados.Rados;

import io.cephiscsi.ceph.internal.RadosConnection;
import io.cephiscsi.model.GatewaySettings;

/**
 * The project's real test cluster, as bundles/ceph's tests reach it: itests/run-all-tests.sh starts it and passes
 * its ceph.conf in CEPH_ISCSI_TEST_CONF.
 */
final class TestCeph {

    private TestCeph() {
    }

    static String conf() {
        String conf = System.getenv("CEPH_ISCSI_TEST_CONF");
        if (conf == null || conf.isBlank()) {
            throw new IllegalStateException("CEPH_ISCSI_TEST_CONF is not set: run itests/run-all-tests.sh, "
                    + "which starts the test Ceph cluster");
        }
        return conf;
    }

    /** The appliance's connection component, built as DS would build it with these settings. */
    static RadosConnection connection(int timeOutSeconds) {
        return new RadosConnection(GatewaySettings.of(Map.of(), Map.of("backend", "ceph", "ceph_conf", conf(),
                "cluster_client_name", "client.admin", "time_out", Integer.toString(timeOutSeconds)), Files::exists));
    }

    /** Another client of the cluster (another gateway, say): a connection of its own, so another lock owner. */
    static Rados otherClient() throws Exception {
        Rados rados = new Rados("ceph", "client.admin", 0);
        rados.confReadFile(new File(conf()));
        rados.connect();
        return rados;
    }
}
