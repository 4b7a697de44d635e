package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.GroupConfig;
import io.cephiscsi.model.TargetConfig;

/** A target's gateways: upstream's portal layout, adding and removing gateways ({@link TargetOperationsFixture}). */
public class TargetGatewaysTest extends TargetOperationsFixture {

    // ----- gateways: upstream's portal layout for 1, 2 and 3 gateways

    @Test
    public void portalsAreLaidOutAsUpstreamForOneTwoAndThreeGateways() throws Exception {
        operations.createTarget(IQN, Map.of());
        String a = "10.0.0.1";
        String b = "10.0.0.2";
        String c = "10.0.0.3";
        String d = "10.0.0.4";

        ChangeResult first = operations.addGateway(IQN, LOCAL, List.of(a), true);
        assertEquals("Gateway creation successful", first.message());
        assertEquals(List.of(a), target(IQN).ipList());
        assertEquals(Map.of(LOCAL, portal(List.of(a), List.of(a), List.of())), target(IQN).portals());
        assertEquals(0, config().gateways().get(LOCAL).activeLuns());

        operations.addGateway(IQN, GW2, List.of(b), true);
        assertEquals(List.of(a, b), target(IQN).ipList());
        assertEquals(Map.of(LOCAL, portal(List.of(a), List.of(a, b), List.of(b)),
                GW2, portal(List.of(b), List.of(a, b), List.of(a))), target(IQN).portals());

        operations.addGateway(IQN, GW3, List.of(c, d), true);
        List<String> all = List.of(a, b, c, d);
        assertEquals(all, target(IQN).ipList());
        assertEquals(Map.of(LOCAL, portal(List.of(a), all, List.of(b, c, d)),
                GW2, portal(List.of(b), all, List.of(a, c, d)),
                GW3, portal(List.of(c, d), all, List.of(a, b))), target(IQN).portals());

        // the stored JSON uses upstream's field names and types
        assertEquals(Map.of("portal_ip_addresses", List.of(c, d), "gateway_ip_list", all,
                "inactive_portal_ips", List.of(a, b), "tpgs", 4),
                ((Map<?, ?>) storedTarget(IQN).get("portals")).get(GW3));
        assertEquals(List.of(GW2, GW3, LOCAL).size(), config().gateways().size());
    }

    @Test
    public void addGatewayRefusesClashesAndBadInput() {
        targetWithGateways(LOCAL);
        refused("gateway_name", 400, "Gateway already exists in configuration",
                () -> operations.addGateway(IQN, LOCAL, List.of("10.0.0.9"), true));
        refused("ip_address", 400, "IP address already defined to the configuration",
                () -> operations.addGateway(IQN, GW2, List.of("10.0.0.1"), true));
        refused("ip_address", 400, "ip_address: '10.0.0.300' is not a valid IPv4 or IPv6 address",
                () -> operations.addGateway(IQN, GW2, List.of("10.0.0.300"), true));
        refused("ip_address", 400, "IP address 10.0.0.2 is given twice",
                () -> operations.addGateway(IQN, GW2, List.of("10.0.0.2", "10.0.0.2"), true));
        refused("ip_address", 400, "ip_address is required",
                () -> operations.addGateway(IQN, GW2, List.of(), true));
        refused("gateway_name", 400, "gateway_name is required",
                () -> operations.addGateway(IQN, " ", List.of("10.0.0.2"), true));
        refused("target_iqn", 404, "Target " + OTHER + " does not exist",
                () -> operations.addGateway(OTHER, GW2, List.of("10.0.0.2"), true));
    }

    @Test
    public void addGatewayChecksTheNewGatewayThroughItsApiAtItsFirstIp() {
        operations.createTarget(IQN, Map.of());
        // reached at 127.0.0.1, which its own list does not hold: reaching it there proves it is its address
        ChangeResult result = operations.addGateway(IQN, GW2, List.of("127.0.0.1", "10.0.0.2"), false);
        assertEquals("Gateway creation successful", result.message());
        assertEquals(List.of("127.0.0.1", "10.0.0.2"), target(IQN).portals().get(GW2).portalIpAddresses());
    }

    @Test
    public void addGatewayRefusesAGatewayThatFailsACheck() {
        operations.createTarget(IQN, Map.of());
        List<String> ips = List.of("127.0.0.1", "10.0.0.3");

        refused("ip_address", 400, "IP address of 10.0.0.3 is not available on " + GW2
                + ". Valid IPs are :10.0.0.2,192.168.1.2", () -> operations.addGateway(IQN, GW2, ips, false));

        peerAnswers.put("hostname", "gw9.example");
        refused("gateway_name", 400, "Gateway name " + GW2 + " does not match the host name gw9.example reported"
                + " by the gateway at 127.0.0.1", () -> operations.addGateway(IQN, GW2, List.of("127.0.0.1"), false));
        peerAnswers.put("hostname", GW2);

        peerAnswers.put("checkconf", "0123");
        refused("gateway_name", 400, "/etc/ceph/iscsi-gateway.cfg on " + GW2 + " does not match the local version."
                + " Correct and retry request", () -> operations.addGateway(IQN, GW2, List.of("127.0.0.1"), false));
        peerStatus.put("checkconf", 500);
        refused("gateway_name", 400, "checkconf API call to " + GW2 + " failed with code 500",
                () -> operations.addGateway(IQN, GW2, List.of("127.0.0.1"), false));
        peerStatus.remove("checkconf");
        peerAnswers.put("checkconf", settings(1).upstreamHash());

        peerStatus.put("checkversions", 500);
        peerAnswers.put("checkversions", List.of("OS is unsupported"));
        refused("gateway_name", 400, GW2 + " failed package validation checks - OS is unsupported",
                () -> operations.addGateway(IQN, GW2, List.of("127.0.0.1"), false));
        peerStatus.remove("checkversions");

        peer.stop(0);
        refused("gateway_name", 400, "ip_addresses query to " + GW2 + " failed - check rbd-target-api log."
                + " Is the API server running and in the right mode (http/https)?",
                () -> operations.addGateway(IQN, GW2, List.of("127.0.0.1"), false));
        assertEquals(Map.of(), target(IQN).portals());
    }

    @Test
    public void addingThisGatewayIsCheckedLocally() {
        operations.createTarget(IQN, Map.of());
        refused("ip_address", 400, "IP address of 10.0.0.7 is not available on " + LOCAL
                + ". Valid IPs are :10.0.0.1,10.0.1.1",
                () -> operations.addGateway(IQN, LOCAL, List.of("10.0.0.1", "10.0.0.7"), false));
        peer.stop(0); // nothing is called over HTTP for this gateway
        List<String> problems = OsRelease.problems(Path.of("/etc/os-release"));
        if (problems.isEmpty()) {
            operations.addGateway(IQN, LOCAL, List.of("10.0.0.1"), false);
            assertEquals(List.of("10.0.0.1"), target(IQN).ipList());
        } else {
            refused("gateway_name", 400, LOCAL + " failed package validation checks - " + String.join(",", problems),
                    () -> operations.addGateway(IQN, LOCAL, List.of("10.0.0.1"), false));
        }
    }

    @Test
    public void removeGatewayFixesTheOtherPortalsAndMovesItsLuns() {
        targetWithGateways(LOCAL, GW2, GW3);
        disk("disk_1");
        disk("disk_2");
        disk("disk_3");
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty()); // gw1 (all at 0: first by name)
        operations.addTargetLun(IQN, "rbd/disk_2", Optional.empty()); // gw2
        operations.addTargetLun(IQN, "rbd/disk_3", Optional.empty()); // gw3
        assertEquals(GW2, config().disks().get("rbd/disk_2").owner());

        ChangeResult result = operations.removeGateway(IQN, GW2, false);
        assertEquals("Gateway deletion successful", result.message());
        List<String> left = List.of("10.0.0.1", "10.0.0.3");
        assertEquals(left, target(IQN).ipList());
        assertEquals(Map.of(LOCAL, portal(List.of("10.0.0.1"), left, List.of("10.0.0.3")),
                GW3, portal(List.of("10.0.0.3"), left, List.of("10.0.0.1"))), target(IQN).portals());
        assertFalse("no target uses it any more", config().gateways().containsKey(GW2));
        assertEquals(LOCAL, config().disks().get("rbd/disk_2").owner());
        assertEquals(2, config().gateways().get(LOCAL).activeLuns());
        assertEquals(1, config().gateways().get(GW3).activeLuns());
        assertEquals("the LUNs stay mapped", 3, target(IQN).disks().size());

        refused("gateway_name", 404, "Gateway does not exist in configuration",
                () -> operations.removeGateway(IQN, GW2, false));
    }

    @Test
    public void clearingATargetForAnUpstreamDeleteRemovesOnlyThisGatewaysPart() throws Exception {
        targetWithGateways(GW2, LOCAL, GW3);
        operations.createTarget(OTHER, Map.of());
        operations.addGateway(OTHER, GW3, List.of("10.0.5.3"), true);
        apply(ConfigChange.putClient(IQN, "iqn.1994-05.com.example:c1", ClientConfig.EMPTY));
        refused("target_iqn", 400, "Clients(1) and disks(0) must be removed before the gateways",
                () -> operations.clearTarget(IQN));
        apply(ConfigChange.removeClient(IQN, "iqn.1994-05.com.example:c1"));
        long epoch = config().epoch();

        ChangeResult result = operations.clearTarget(IQN);
        assertEquals("Gateway removed successfully", result.message());
        assertEquals(epoch + 1, result.epoch());
        List<String> left = List.of("10.0.0.1", "10.0.0.3");
        assertEquals(left, target(IQN).ipList());
        assertEquals(Map.of(GW2, portal(List.of("10.0.0.1"), left, List.of("10.0.0.3")),
                GW3, portal(List.of("10.0.0.3"), left, List.of("10.0.0.1"))), target(IQN).portals());
        assertFalse("serves no target any more", config().gateways().containsKey(LOCAL));
        assertEquals("nothing left to do: no commit", epoch + 1, operations.clearTarget(IQN).epoch());
        assertEquals(epoch + 1, config().epoch());
    }

    @Test
    public void joiningAndLeavingATargetAsUpstreamsCalledGatewayDoes() throws Exception {
        operations.createTarget(IQN, Map.of());
        operations.addGateway(IQN, GW2, List.of("10.0.0.2"), true);
        operations.addGateway(IQN, GW3, List.of("10.0.0.3"), true);
        refused("gateway_ip_list", 400, "IP address 10.0.9.9 is not on " + LOCAL + " (its addresses: 10.0.0.1, "
                + "10.0.1.1)", () -> operations.joinTarget(IQN, List.of("10.0.0.2", "10.0.0.3", "10.0.9.9")));
        refused("gateway_ip_list", 400, "gateway_ip_list must be the target's IPs [10.0.0.2, 10.0.0.3] followed by "
                + "this gateway's own, each once; got [10.0.0.3, 10.0.0.2, 10.0.1.1]",
                () -> operations.joinTarget(IQN, List.of("10.0.0.3", "10.0.0.2", "10.0.1.1")));
        refused("gateway_ip_list", 400, "gateway_ip_list must be the target's IPs [10.0.0.2, 10.0.0.3] followed by "
                + "this gateway's own, each once; got [10.0.0.2, 10.0.0.3]",
                () -> operations.joinTarget(IQN, List.of("10.0.0.2", "10.0.0.3")));

        ChangeResult joined = operations.joinTarget(IQN, List.of("10.0.0.2", "10.0.0.3", "10.0.1.1"));
        assertEquals("Gateway defined/mapped", joined.message());
        List<String> all = List.of("10.0.0.2", "10.0.0.3", "10.0.1.1");
        assertEquals(all, target(IQN).ipList());
        assertEquals(Map.of(GW2, portal(List.of("10.0.0.2"), all, List.of("10.0.0.3", "10.0.1.1")),
                GW3, portal(List.of("10.0.0.3"), all, List.of("10.0.0.2", "10.0.1.1")),
                LOCAL, portal(List.of("10.0.1.1"), all, List.of("10.0.0.2", "10.0.0.3"))), target(IQN).portals());
        assertEquals(0, config().gateways().get(LOCAL).activeLuns());
        assertEquals("in it already: no commit", joined.epoch(),
                operations.joinTarget(IQN, List.of("10.0.0.2", "10.0.0.3", "10.0.1.1")).epoch());

        disk("disk_1");
        apply(ConfigChange.putTargetDisk(IQN, "rbd/disk_1", 0), ConfigChange.putGateway(LOCAL, 1),
                ConfigChange.putDisk(config().disks().get("rbd/disk_1").withOwner(LOCAL)));
        ChangeResult left = operations.leaveTarget(IQN);
        assertEquals("Gateway deleted.", left.message());
        assertEquals(List.of("10.0.0.2", "10.0.0.3"), target(IQN).ipList());
        assertEquals(Map.of(GW2, portal(List.of("10.0.0.2"), List.of("10.0.0.2", "10.0.0.3"), List.of("10.0.0.3")),
                GW3, portal(List.of("10.0.0.3"), List.of("10.0.0.2", "10.0.0.3"), List.of("10.0.0.2"))),
                target(IQN).portals());
        assertEquals("its LUN moved to the least loaded gateway left", GW2,
                config().disks().get("rbd/disk_1").owner());
        assertFalse(config().gateways().containsKey(LOCAL));
        assertEquals("gone already: no commit", left.epoch(), operations.leaveTarget(IQN).epoch());
    }

    @Test
    public void removeGatewayKeepsTheEntryAnotherTargetUses() {
        targetWithGateways(LOCAL, GW2);
        operations.createTarget(OTHER, Map.of());
        operations.addGateway(OTHER, GW2, List.of("10.0.5.2"), true);
        disk("disk_1");
        disk("disk_2");
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty()); // gw1
        operations.addTargetLun(IQN, "rbd/disk_2", Optional.empty()); // gw2
        operations.removeGateway(IQN, GW2, false);
        assertEquals(0, config().gateways().get(GW2).activeLuns());
        assertEquals(2, config().gateways().get(LOCAL).activeLuns());
        assertEquals(LOCAL, config().disks().get("rbd/disk_2").owner());
        assertTrue(target(OTHER).portals().containsKey(GW2));
    }

    @Test
    public void removingTheLastGatewayEmptiesTheTargetOnlyWhenForced() {
        targetWithGateways(LOCAL);
        disk("disk_1");
        operations.addTargetLun(IQN, "rbd/disk_1", Optional.empty());
        String client = "iqn.1994-05.com.redhat:client1";
        apply(ConfigChange.putClient(IQN, client, ClientConfig.EMPTY),
                ConfigChange.putGroup(IQN, "group1", new GroupConfig(List.of(client), Map.of("rbd/disk_1", 0))));
        operations.reconfigureTarget(IQN, Map.of("cmdsn_depth", "64"));
        refused("gateway_name", 400, "Deleting the last gateway will remove all objects on this target."
                + " Use confirm=true", () -> operations.removeGateway(IQN, LOCAL, false));

        operations.removeGateway(IQN, LOCAL, true);
        TargetConfig target = target(IQN);
        assertEquals("the target stays, empty, as upstream leaves it", Map.of(), target.portals());
        assertEquals(List.of(), target.ipList());
        assertEquals(Map.of(), target.disks());
        assertEquals(Map.of(), target.clients());
        assertEquals(Map.of(), target.groups());
        assertEquals(Map.of(), target.controls());
        assertEquals("", config().disks().get("rbd/disk_1").owner());
        assertEquals(Map.of(), config().gateways());
    }
}
