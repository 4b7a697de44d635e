package io.cephiscsi.config.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.cephiscsi.ceph.internal.RadosConnection;
import io.cephiscsi.model.GatewaySettings;

/** Clients of the project's test Ceph cluster (itests/run-all-tests.sh starts it and sets CEPH_ISCSI_TEST_CONF). */
final class TestCeph {

    private TestCeph() {
    }

    static Path conf() {
        String conf = System.getenv("CEPH_ISCSI_TEST_CONF");
        if (conf == null || conf.isBlank()) {
            throw new IllegalStateException("CEPH_ISCSI_TEST_CONF is not set: run itests/run-all-tests.sh, which "
                    + "starts the test Ceph cluster");
        }
        return Path.of(conf);
    }

    /** A new RADOS client, as another gateway would have: the appliance's own connection class. */
    static RadosConnection newClient() {
        return new RadosConnection(GatewaySettings.of(Map.of(), Map.of("backend", "ceph", "ceph_conf",
                conf().toString(), "time_out", "20"), Files::exists));
    }
}
