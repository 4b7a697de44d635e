package io.cephiscsi.itests;

/** The project's test Ceph cluster, started once per test run by the README's test command. */
final class TestCluster {

    static final String VARIABLE = "CEPH_ISCSI_TEST_CONF";

    private TestCluster() {
    }

    /** Path of the test cluster's ceph.conf; fails the test with what to do when there is none. */
    static String conf() {
        String conf = System.getenv(VARIABLE);
        if (conf == null || conf.isBlank()) {
            throw new IllegalStateException(VARIABLE + " is not set: run the tests with itests/run-all-tests.sh, "
                    + "which starts the test Ceph cluster (itests/ceph/mini-cluster.sh)");
        }
        return conf;
    }
}
