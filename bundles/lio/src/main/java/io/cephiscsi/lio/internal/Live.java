package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.LioState;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One snapshot of configfs: the state plus the facts the plan needs that are not part of a desired state
 * (which HBA holds each storage object, objects left disabled by an interrupted apply, HBA numbers in use,
 * ALUA groups that have no id yet: {@code <plugin>/<name>/<group>}, made by an apply interrupted after their mkdir;
 * the state's record shows them with an id the desired group does not have).
 */
public record Live(LioState state, Map<String, String> hbaOf, Set<String> disabled, Set<Integer> hbaIndexes,
            List<String> emptyHbas, boolean fabric, Set<String> idlessGroups) {
}
