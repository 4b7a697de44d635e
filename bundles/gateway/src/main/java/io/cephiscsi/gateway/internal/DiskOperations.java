package io.cephiscsi.gateway.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cephiscsi.gateway.*;

/** Disks and their images, snapshots: the rules, the RBD side effects in the right order, the one commit each. */
final class DiskOperations {

    private final AdminContext context;

    DiskOperations(AdminContext context) {
        this.context = context;
    }

    ChangeResult createDisks(DiskRequest request) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult resizeDisk(String pool, String image, String size) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult reconfigureDisk(String pool, String image, Map<String, ?> controls) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult deleteDisk(String pool, String image, boolean preserveImage) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult createSnapshot(String pool, String image, String snapshot) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult rollbackSnapshot(String pool, String image, String snapshot) {
        throw new GatewayException(501, "not implemented yet");
    }

    ChangeResult deleteSnapshot(String pool, String image, String snapshot) {
        throw new GatewayException(501, "not implemented yet");
    }
}
