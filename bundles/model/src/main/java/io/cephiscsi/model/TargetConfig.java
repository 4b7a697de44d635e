package io.cephiscsi.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One iSCSI target ({@code targets[iqn]}): ACL mode, TPG CHAP, control overrides (target and client controls
 * share this map, as upstream stores them), the ordered portal IP list (= TPG order), each gateway's portal, the
 * mapped disks with their LUN ids, the client ACLs and the host groups.
 */
public record TargetConfig(boolean aclEnabled, ChapCredentials auth, Map<String, Object> controls,
                           List<String> ipList, Map<String, PortalConfig> portals, Map<String, Integer> disks,
                           Map<String, ClientConfig> clients, Map<String, GroupConfig> groups,
                           String created, String updated) {

    public TargetConfig {
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        controls = sorted(controls);
        ipList = List.copyOf(ipList);
        portals = sorted(portals);
        disks = sorted(disks);
        clients = sorted(clients);
        groups = sorted(groups);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
