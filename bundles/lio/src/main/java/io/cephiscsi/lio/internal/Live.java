package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.LioState;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One snapshot of configfs: the state plus the facts the plan needs that are not part of a desired state
 * (which HBA holds each storage object, objects left disabled by an interrupted apply, HBA numbers in use).
 */
record Live(LioState state, Map<String, String> hbaOf, Set<String> disabled, Set<Integer> hbaIndexes,
            List<String> emptyHbas, boolean fabric) {
}
