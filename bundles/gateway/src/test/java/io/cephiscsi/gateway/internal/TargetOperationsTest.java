package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.Test;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.TargetAuthAction;
import io.cephiscsi.model.ChapCredentials;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GroupConfig;

/** Targets, their LUNs and auth, and one commit computed from what was checked ({@link TargetOperationsFixture}). */
public class TargetOperationsTest extends TargetOperationsFixture {

    // ----- targets

    @Test
    public void aLoneGatewaysCommitsBuildNoPeerClientAndAPeersCommitDoes() throws Exception {
        // building java.net.http's client (and with TLS its trust store) is a noticeable part of a cold first call
        AtomicInteger built = new AtomicInteger();
        ChangeCommitter committer = new ChangeCommitter(() -> store, () -> LOCAL, (epoch, wait) -> true, () -> {
            built.incrementAndGet();
            return null;
        }, Duration.ZERO);
        committer.commit("target", ConfigChange.createTarget(IQN), ConfigChange.putGateway(LOCAL, 0),
                ConfigChange.putGateway(GW2, 0));
        committer.commit("portal", ConfigChange.putPortal(IQN, LOCAL,
                portal(List.of("10.0.0.1"), List.of("10.0.0.1"), List.of())));
        assertEquals("the local gateway is waited for in process", 0, built.get());
        ChangeResult withPeer = committer.commit("peer portal", ConfigChange.putPortal(IQN, GW2,
                portal(List.of("10.0.0.2"), List.of("10.0.0.1", "10.0.0.2"), List.of())));
        assertEquals(1, built.get());
        assertEquals("a peer that cannot be asked is catching up", List.of(GW2), withPeer.catchingUp());
    }

    @Test
    public void createTargetSeedsUpstreamsEmptyTarget() throws Exception {
        long before = config().epoch();
        ChangeResult result = operations.createTarget(IQN.toUpperCase(), Map.of());
        assertEquals("Target defined successfully", result.message());
        assertEquals(before + 1, result.epoch());
        Map<String, Object> stored = storedTarget(IQN);
        assertEquals(true, stored.get("acl_enabled"));
        for (String empty : List.of("disks", "clients", "portals", "groups", "controls")) {
            assertEquals(empty, Map.of(), stored.get(empty));
        }
        assertEquals("", ((Map<?, ?>) stored.get("auth")).get("username"));
    }

    @Test
    public void createTargetKeepsValidControlsAndRefusesBadOnes() {
        operations.createTarget(IQN, Map.of("cmdsn_depth", "64"));
        assertEquals(Map.of("cmdsn_depth", 64), target(IQN).controls());
        refused("nopin_timeout", 400, "expected integer >= 3 for nopin_timeout",
                () -> operations.createTarget(OTHER, Map.of("nopin_timeout", "1")));
        assertFalse(config().targets().containsKey(OTHER));
    }

    @Test
    public void createTargetRefusesBadAndDuplicateIqns() {
        refused("target_iqn", 400, "target_iqn: 'iqn.bad' is not a valid name for iSCSI - WWN not valid as: iqn"
                + " (iqn.YYYY-MM.<reversed domain>[:<id>], no spaces or underscores)",
                () -> operations.createTarget("iqn.bad", Map.of()));
        operations.createTarget(IQN, Map.of());
        refused("target_iqn", 409, "Target " + IQN + " is already defined",
                () -> operations.createTarget(IQN, Map.of()));
    }

    @Test
    public void reconfigureTargetSetsAndResetsControls() {
        refused("target_iqn", 400, "Target: " + IQN + " is not defined.",
                () -> operations.reconfigureTarget(IQN, Map.of("cmdsn_depth", "64")));
        operations.createTarget(IQN, Map.of());
        long epoch = config().epoch();
        assertEquals("Target reconfigured.", operations.reconfigureTarget(IQN, Map.of()).message());
        assertEquals("no controls, no commit", epoch, config().epoch());

        ChangeResult result = operations.reconfigureTarget(IQN, Map.of("cmdsn_depth", "64", "immediate_data", "no"));
        assertEquals("Target reconfigured.", result.message());
        assertEquals(Map.of("cmdsn_depth", 64, "immediate_data", false), target(IQN).controls());
        operations.reconfigureTarget(IQN, Map.of("cmdsn_depth", "", "immediate_data", "yes"));
        assertEquals("a reset and a value equal to the setting remove the override", Map.of(),
                target(IQN).controls());
        refused("cmdsn_depth", 400, "expected integer for cmdsn_depth",
                () -> operations.reconfigureTarget(IQN, Map.of("cmdsn_depth", "many")));
    }

    @Test
    public void deleteTargetRefusesWhileDisksOrClientsRemain() {
        targetWithGateways(LOCAL);
        disk("disk_1");
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty());
        apply(ConfigChange.putClient(IQN, "iqn.1994-05.com.redhat:client1", ClientConfig.EMPTY));
        refused("target_iqn", 400, "Clients(1) and disks(1) must be removed before the gateways",
                () -> operations.deleteTarget(IQN));
        refused("target_iqn", 404, "Target " + OTHER + " does not exist", () -> operations.deleteTarget(OTHER));
    }

    @Test
    public void deleteTargetDropsGatewaysNoOtherTargetUses() {
        targetWithGateways(LOCAL, GW2);
        operations.createTarget(OTHER, Map.of());
        operations.addGateway(OTHER, GW2, List.of("10.0.5.2"), true);

        assertEquals("Target deleted.", operations.deleteTarget(IQN).message());
        assertFalse(config().targets().containsKey(IQN));
        assertEquals(List.of(GW2), List.copyOf(config().gateways().keySet()));
    }

    // ----- target LUNs

    @Test
    public void addTargetLunPicksTheLeastLoadedOwnerAndTheLowestFreeLunId() {
        targetWithGateways(LOCAL, GW2);
        disk("disk_1");
        disk("disk_2");
        disk("disk_3");
        ChangeResult result = operations.addTargetLun(IQN, "rbd/disk_1", Optional.of(1));
        assertEquals("Target LUN mapping updated successfully", result.message());
        operations.addTargetLun(IQN, "rbd/disk_2", Optional.empty());
        operations.addTargetLun(IQN, "rbd/disk_3", Optional.empty());
        assertEquals(Map.of("rbd/disk_1", 1, "rbd/disk_2", 0, "rbd/disk_3", 2), target(IQN).disks());
        // fewest active LUNs; a tie goes to the first name, as upstream's stable sort of sorted portals does
        assertEquals(LOCAL, config().disks().get("rbd/disk_1").owner());
        assertEquals(GW2, config().disks().get("rbd/disk_2").owner());
        assertEquals(LOCAL, config().disks().get("rbd/disk_3").owner());
        assertEquals(2, config().gateways().get(LOCAL).activeLuns());
        assertEquals(1, config().gateways().get(GW2).activeLuns());
    }

    @Test
    public void addTargetLunChecksInUpstreamsOrder() throws Exception {
        operations = operations(2);
        targetWithGateways(LOCAL);
        disk("disk_1");
        refused("target_iqn", 400, "at least 2 gateways must exist before disk mapping operations are permitted",
                () -> operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty()));
        operations.addGateway(IQN, GW2, List.of("10.0.0.2"), true);
        refused("disk", 400, "Disk rbd/nodisk is not defined in the configuration",
                () -> operations.addTargetLun(IQN, "rbd/nodisk", Optional.empty()));
        refused("disk", 400, "disk: 'nodisk' is not a disk id of the form pool/image",
                () -> operations.addTargetLun(IQN, "nodisk", Optional.empty()));
        apply(ConfigChange.putDisk(DiskConfig.create("rbd", "noimage", 1, "wwn", LOCAL)));
        refused("disk", 400, "Image rbd/noimage not found",
                () -> operations.addTargetLun(IQN, "rbd/noimage", Optional.empty()));
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.of(3));
        disk("disk_2");
        refused("lun_id", 400, "Lun id 3 already in use",
                () -> operations.addTargetLun(IQN, "rbd/disk_2", Optional.of(3)));
        refused("lun_id", 400, "lun_id 256 is out of range (0-255)",
                () -> operations.addTargetLun(IQN, "rbd/disk_2", Optional.of(256)));
        operations.createTarget(OTHER, Map.of());
        operations.addGateway(OTHER, LOCAL, List.of("10.0.5.1"), true);
        operations.addGateway(OTHER, GW2, List.of("10.0.5.2"), true);
        refused("disk", 400, "Disk rbd/disk_1 cannot be used because it is already mapped on target " + IQN,
                () -> operations.addTargetLun(OTHER, "rbd/disk_1", Optional.empty()));
    }

    @Test
    public void removeTargetLunRefusesWhileAClientOrGroupHasIt() {
        targetWithGateways(LOCAL, GW2);
        disk("disk_1");
        disk("disk_2");
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty());
        operations.addTargetLun(IQN, "rbd/disk_2", Optional.empty());
        String client = "iqn.1994-05.com.redhat:client1";
        String member = "iqn.1994-05.com.redhat:client2";
        apply(ConfigChange.putClient(IQN, client, ClientConfig.EMPTY.withLuns(Map.of("rbd/disk_1", 0))),
                ConfigChange.putClient(IQN, member, ClientConfig.EMPTY),
                ConfigChange.putGroup(IQN, "group1", new GroupConfig(List.of(member), Map.of("rbd/disk_2", 1))));
        refused("disk", 400, "Unable to delete rbd/disk_1 - allocated to " + client,
                () -> operations.removeTargetLun(IQN, "rbd/disk_1"));
        refused("disk", 400, "Disk rbd/disk_2 belongs to group group1",
                () -> operations.removeTargetLun(IQN, "rbd/disk_2"));
        disk("disk_3");
        refused("disk", 400, "Disk rbd/disk_3 is not defined in target " + IQN,
                () -> operations.removeTargetLun(IQN, "rbd/disk_3"));
        refused("disk", 400, "Disk rbd/disk_9 is not defined in the configuration",
                () -> operations.removeTargetLun(IQN, "rbd/disk_9"));
    }

    @Test
    public void removeTargetLunDropsTheOwnerAndItsCount() {
        targetWithGateways(LOCAL, GW2);
        disk("disk_1");
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty());
        assertEquals(1, config().gateways().get(LOCAL).activeLuns());
        ChangeResult result = operations.removeTargetLun(IQN, "rbd/disk_1");
        assertEquals("Target LUN mapping updated successfully", result.message());
        assertEquals(Map.of(), target(IQN).disks());
        assertEquals("", config().disks().get("rbd/disk_1").owner());
        assertEquals(0, config().gateways().get(LOCAL).activeLuns());
    }

    // ----- auth

    @Test
    public void discoveryAuthIsCheckedThenStored() {
        refused("password", 400, "Password is required",
                () -> operations.setDiscoveryAuth("myiscsiusername", "", "", ""));
        refused("password", 400, "Minimum length of password is 12 characters",
                () -> operations.setDiscoveryAuth("myiscsiusername", "short", "", ""));
        ChangeResult result = operations.setDiscoveryAuth("myiscsiusername", "myiscsipassword", null, null);
        assertEquals("discovery auth successful", result.message());
        assertEquals(ChapCredentials.of("myiscsiusername", "myiscsipassword", "", ""), config().discoveryAuth());
        operations.setDiscoveryAuth("", "", "", "");
        assertEquals(ChapCredentials.NONE, config().discoveryAuth());
    }

    @Test
    public void targetAuthFollowsUpstreamsActionRules() {
        targetWithGateways(LOCAL);
        String client = "iqn.1994-05.com.redhat:client1";
        apply(ConfigChange.putClient(IQN, client, ClientConfig.EMPTY));
        refused("action", 400, "Cannot disable ACL authentication because target has clients",
                () -> operations.setTargetAuth(IQN, TargetAuthAction.DISABLE_ACL, "", "", "", ""));
        refused("username", 400, "Cannot enable target CHAP authentication because ACL authentication is enabled",
                () -> operations.setTargetAuth(IQN, TargetAuthAction.NONE, "myiscsiusername", "myiscsipassword",
                        "", ""));
        apply(ConfigChange.removeClient(IQN, client));

        ChangeResult disabled = operations.setTargetAuth(IQN, TargetAuthAction.DISABLE_ACL, "", "", "", "");
        assertEquals("target auth disable_acl - successful", disabled.message());
        assertFalse(target(IQN).aclEnabled());
        refused("mutual_password", 400, "Mutual password is required",
                () -> operations.setTargetAuth(IQN, null, "myiscsiusername", "myiscsipassword", "mutualuser1",
                        ""));
        ChangeResult chap = operations.setTargetAuth(IQN, null, "myiscsiusername", "myiscsipassword", "", "");
        assertEquals("target auth None - successful", chap.message());
        assertEquals(ChapCredentials.of("myiscsiusername", "myiscsipassword", "", ""), target(IQN).auth());

        refused("action", 400, "Cannot enable ACL authentication because target CHAP authentication is enabled",
                () -> operations.setTargetAuth(IQN, TargetAuthAction.ENABLE_ACL, "", "", "", ""));
        operations.setTargetAuth(IQN, TargetAuthAction.NONE, "", "", "", "");
        assertEquals(ChapCredentials.NONE, target(IQN).auth());
        assertEquals("target auth enable_acl - successful",
                operations.setTargetAuth(IQN, TargetAuthAction.ENABLE_ACL, "", "", "", "").message());
        assertTrue(target(IQN).aclEnabled());
    }

    // ----- one commit, computed from what was checked

    @Test
    public void aChangeMadeMeanwhileIsNotUndone() {
        targetWithGateways(LOCAL, GW2);
        disk("disk_1");
        // another writer maps a LUN between this request's check and its commit
        ConfigStore racing = new RacingStore(store, () -> operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty()));
        TargetOperations slow = operations(settings(1), racing);
        ConfigException error = assertThrows(ConfigException.class,
                () -> slow.addGateway(IQN, GW3, List.of("10.0.0.3"), true));
        assertEquals(409, error.status());
        assertEquals("Target " + IQN + " was changed by another request meanwhile; nothing was changed, retry",
                error.getMessage());
        assertEquals(Map.of("rbd/disk_1", 0), target(IQN).disks());
        assertFalse(target(IQN).portals().containsKey(GW3));
    }

    /** Runs another request once, just before the first commit it is asked for. */
    private static final class RacingStore implements ConfigStore {
        private final ConfigStore store;
        private Runnable before;

        RacingStore(ConfigStore store, Runnable before) {
            this.store = store;
            this.before = before;
        }

        @Override
        public GatewayConfig current() {
            return store.current();
        }

        @Override
        public GatewayConfig refresh() {
            return store.refresh();
        }

        @Override
        public GatewayConfig update(ConfigTransaction transaction) {
            if (before != null) {
                Runnable other = before;
                before = null;
                other.run();
            }
            return store.update(transaction);
        }

        @Override
        public AutoCloseable subscribe(Consumer<GatewayConfig> listener) {
            return store.subscribe(listener);
        }
    }
}
