package io.cephiscsi.rbd.internal;

import java.util.List;

import io.cephiscsi.rbd.Names;

/** The embedded default's pools: the two upstream's docs use, both "replicated" (one copy on the local disk). */
final class EmbeddedPools {

    static final List<String> NAMES = List.of("iscsi", "rbd");

    private EmbeddedPools() {
    }

    static void requireReplicated(String pool) {
        Names.requireValidPool(pool);
        if (!NAMES.contains(pool)) {
            throw OsdPools.notReplicated(pool);
        }
    }
}
