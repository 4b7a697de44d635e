package io.cephiscsi.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One initiator ACL of a target ({@code targets[iqn].clients[client iqn]}): its CHAP credentials, its own LUN
 * map (disk id {@code pool/image} to LUN id) and its host group ("" for none). A group member's LUN map is a copy
 * of its group's disks, as upstream keeps it.
 */
public record ClientConfig(ChapCredentials auth, Map<String, Integer> luns, String groupName) {

    /** What upstream seeds for a new client: no CHAP, no LUNs, no group. */
    public static final ClientConfig EMPTY = new ClientConfig(ChapCredentials.NONE, Map.of(), "");

    public ClientConfig {
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(groupName, "groupName");
        luns = Collections.unmodifiableMap(new TreeMap<>(luns));
    }

    public ClientConfig withAuth(ChapCredentials newAuth) {
        return new ClientConfig(newAuth, luns, groupName);
    }

    public ClientConfig withLuns(Map<String, Integer> newLuns) {
        return new ClientConfig(auth, newLuns, groupName);
    }

    public ClientConfig withGroupName(String newGroupName) {
        return new ClientConfig(auth, luns, newGroupName);
    }
}
