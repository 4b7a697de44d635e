package io.cephiscsi.model;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One item-level change of gateway.conf. A change names the item it touches (a client of a target, a LUN, a
 * portal) and only that item, so it can be re-applied to a fresh copy read under the lock without undoing what
 * other writers did to other items. Changes stamp {@code created}/{@code updated} as upstream's add_item and
 * update_item do: new disks and gateways get both, a new target gets {@code created}, and every change inside a
 * target stamps the target's {@code updated}. Fields this version does not know are kept in every item it edits.
 *
 * <p>Values are checked by {@link ConfigRules}, {@link ChapRules} and {@link ControlRules}; a value that breaks
 * a rule is refused when the change is made (400), an item that is gone or clashes when it is applied (404/409).
 */
public interface ConfigChange {

    /**
     * Returns {@code current} with this change applied; {@code current} is not modified.
     *
     * @throws ConfigException the change does not fit {@code current} or breaks a rule
     */
    GatewayConfig applyTo(GatewayConfig current);

    // ----- disks and gateways (top-level items)

    /** Adds or updates a disk under {@link DiskConfig#id()}; an empty owner removes the owner field. */
    static ConfigChange putDisk(DiskConfig disk) {
        return ItemChanges.putDisk(disk);
    }

    /** Applies raw disk control values to the disk's overrides in the fresh copy, as updateTargetControls. */
    static ConfigChange updateDiskControls(String diskId, Map<String, ?> rawControls,
                                           Function<SettingKey, Object> effective) {
        return ItemChanges.updateDiskControls(diskId, rawControls, effective);
    }

    /** Removes a disk; 409 while a target or client still uses it. */
    static ConfigChange removeDisk(String diskId) {
        return ItemChanges.removeDisk(diskId);
    }

    static ConfigChange putGateway(String gatewayName, long activeLuns) {
        return ItemChanges.putGateway(gatewayName, activeLuns);
    }

    /** Removes a gateway; 409 while a target still has a portal on it. */
    static ConfigChange removeGateway(String gatewayName) {
        return ItemChanges.removeGateway(gatewayName);
    }

    static ConfigChange setDiscoveryAuth(ChapCredentials auth) {
        return ItemChanges.setDiscoveryAuth(auth);
    }

    // ----- targets

    /** A new target as upstream seeds it; the IQN is normalized (lower-cased). 409 when it exists. */
    static ConfigChange createTarget(String targetIqn) {
        return TargetChanges.createTarget(targetIqn);
    }

    static ConfigChange removeTarget(String targetIqn) {
        return TargetChanges.removeTarget(targetIqn);
    }

    /**
     * Replaces the target's control overrides (target and client controls), normalized values as
     * {@link ControlRules#apply} returns them.
     */
    static ConfigChange setTargetControls(String targetIqn, Map<String, Object> controls) {
        return TargetChanges.setControls(targetIqn, controls);
    }

    /**
     * Applies raw control values (as a form sends them; "" resets) to the target's overrides in the fresh copy;
     * a value equal to the gateway's setting ({@code effective}, e.g. {@code settings::get}) removes the key.
     */
    static ConfigChange updateTargetControls(String targetIqn, Map<String, ?> rawControls,
                                             Function<SettingKey, Object> effective) {
        return TargetChanges.updateControls(targetIqn, rawControls, effective);
    }

    static ConfigChange setTargetAuth(String targetIqn, ChapCredentials auth) {
        return TargetChanges.setAuth(targetIqn, auth);
    }

    static ConfigChange setAclEnabled(String targetIqn, boolean aclEnabled) {
        return TargetChanges.setAclEnabled(targetIqn, aclEnabled);
    }

    /** A gateway's portal in a target; its IPs are appended to the target's ip_list when not there yet. */
    static ConfigChange putPortal(String targetIqn, String gatewayName, PortalConfig portal) {
        return TargetChanges.putPortal(targetIqn, gatewayName, portal);
    }

    /** Removes a gateway's portal and its IPs from the target's ip_list. */
    static ConfigChange removePortal(String targetIqn, String gatewayName) {
        return TargetChanges.removePortal(targetIqn, gatewayName);
    }

    static ConfigChange setIpList(String targetIqn, List<String> ipList) {
        return TargetChanges.setIpList(targetIqn, ipList);
    }

    /** Maps a disk to the target as LUN {@code lunId} (0..255, unique in the target). */
    static ConfigChange putTargetDisk(String targetIqn, String diskId, int lunId) {
        return TargetChanges.putDisk(targetIqn, diskId, lunId);
    }

    /** Unmaps a disk from the target; 409 while a client or group still has it. */
    static ConfigChange removeTargetDisk(String targetIqn, String diskId) {
        return TargetChanges.removeDisk(targetIqn, diskId);
    }

    // ----- clients and host groups

    /** Adds or updates a client ACL; the IQN is normalized. A new client needs target CHAP off (409). */
    static ConfigChange putClient(String targetIqn, String clientIqn, ClientConfig client) {
        return ClientChanges.putClient(targetIqn, clientIqn, client);
    }

    /** Removes a client; 409 while it is in a group. */
    static ConfigChange removeClient(String targetIqn, String clientIqn) {
        return ClientChanges.removeClient(targetIqn, clientIqn);
    }

    static ConfigChange setClientAuth(String targetIqn, String clientIqn, ChapCredentials auth) {
        return ClientChanges.setClientAuth(targetIqn, clientIqn, auth);
    }

    /** Replaces a client's LUN map; 409 for a group member (its LUNs follow the group). */
    static ConfigChange setClientLuns(String targetIqn, String clientIqn, Map<String, Integer> luns) {
        return ClientChanges.setClientLuns(targetIqn, clientIqn, luns);
    }

    static ConfigChange putGroup(String targetIqn, String groupName, GroupConfig group) {
        return ClientChanges.putGroup(targetIqn, groupName, group);
    }

    static ConfigChange removeGroup(String targetIqn, String groupName) {
        return ClientChanges.removeGroup(targetIqn, groupName);
    }

    /**
     * A change decided on the configuration it is applied to, the copy read under the lock: for values derived
     * from other items (a client's next LUN id depends on every client of the target), so that two concurrent
     * requests each add their item instead of the second overwriting the first.
     */
    static ConfigChange decidedOn(Function<GatewayConfig, ConfigChange> decide) {
        return current -> decide.apply(current).applyTo(current);
    }
}
