package io.cephiscsi.ceph.internal;

import java.nio.file.Files;
import java.util.Map;

import io.cephiscsi.model.GatewaySettings;

/** The project's test Ceph cluster: itests/run-all-tests.sh starts it and sets CEPH_ISCSI_TEST_CONF. */
final class TestCluster {

    private TestCluster() {
    }

    /** Its ceph.conf; fails the test with what to do when there is none. */
    static String conf() {
        String conf = System.getenv("CEPH_ISCSI_TEST_CONF");
        if (conf == null || conf.isBlank()) {
            throw new IllegalStateException("CEPH_ISCSI_TEST_CONF is not set: run itests/run-all-tests.sh, "
                    + "which starts the test Ceph cluster");
        }
        return conf;
    }

    /** A new client of it as client.admin, Ceph calls timing out after {@code timeoutSeconds}. */
    static RadosConnection connect(String conf, int timeoutSeconds) {
        return new RadosConnection(GatewaySettings.of(Map.of(), Map.of("backend", "ceph", "ceph_conf", conf,
                "cluster_client_name", "client.admin", "time_out", Integer.toString(timeoutSeconds)), Files::exists));
    }
}
