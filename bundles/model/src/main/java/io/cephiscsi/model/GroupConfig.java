package io.cephiscsi.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A host group of a target ({@code targets[iqn].groups[name]}): member client IQNs in their stored order, and
 * the disks every member sees, with their LUN ids.
 */
public record GroupConfig(List<String> members, Map<String, Integer> disks) {

    public static final GroupConfig EMPTY = new GroupConfig(List.of(), Map.of());

    public GroupConfig {
        members = List.copyOf(members);
        disks = Collections.unmodifiableMap(new TreeMap<>(disks));
    }
}
