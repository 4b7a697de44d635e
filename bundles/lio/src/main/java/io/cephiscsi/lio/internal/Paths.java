package io.cephiscsi.lio.internal;

/** configfs layout names, in one place (see the kernel's target_core_configfs.c and iscsi_target_configfs.c) */
final class Paths {
    static final String CORE = "target/core";
    static final String ISCSI = "target/iscsi";
    static final String DISCOVERY_AUTH = ISCSI + "/discovery_auth";
    /** link names the engine gives; links made by others (targetcli: random hex) are found by listing */
    static final String LUN_LINK = "lio_port";
    static final String MAPPED_LUN_LINK = "lio_lun";

    private Paths() {
    }
}
