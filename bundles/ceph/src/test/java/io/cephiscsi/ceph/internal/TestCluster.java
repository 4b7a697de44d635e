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

    /**
     * The pid of one of its daemons ({@code mgr.x}, {@code osd.0}, {@code mon.a}) from the pid file
     * itests/ceph/mini-cluster.sh writes; skips the test on a cluster that has none.
     */
    static String pid(String daemon) throws java.io.IOException {
        java.nio.file.Path pidFile = java.nio.file.Path.of(conf()).resolveSibling("run/" + daemon + ".pid");
        org.junit.Assume.assumeTrue("a cluster of itests/ceph/mini-cluster.sh", Files.isReadable(pidFile));
        return Files.readString(pidFile).trim();
    }

    /** Sends a signal ({@code STOP}, {@code CONT}) to a daemon's pid. */
    static void signal(String name, String pid) throws Exception {
        org.junit.Assert.assertEquals(0, new ProcessBuilder("kill", "-" + name, pid).start().waitFor());
    }
}
