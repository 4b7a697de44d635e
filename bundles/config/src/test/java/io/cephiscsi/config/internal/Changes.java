package io.cephiscsi.config.internal;

import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;

/** The changes these tests commit. */
final class Changes {

    private Changes() {
    }

    static ConfigChange addTarget(String iqn) {
        return ConfigChange.createTarget(iqn);
    }

    static ConfigChange addClient(String target, String client) {
        return ConfigChange.putClient(target, client, ClientConfig.EMPTY);
    }
}
