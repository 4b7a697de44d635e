package io.cephiscsi.shell.internal;

import static io.cephiscsi.shell.internal.NavigationTest.BACKUP;
import static io.cephiscsi.shell.internal.NavigationTest.IGW;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

import io.cephiscsi.gateway.DiskRequest;
import io.cephiscsi.gateway.GatewayException;

/** Each one-shot command line calls the one gateway operation it stands for, with the right arguments. */
public class DispatchTest {

    private final RecordingGateway recorder = new RecordingGateway();
    private final Map<String, Object> session = new HashMap<>();
    private final Dispatcher gwcli = new Dispatcher(recorder.gateway, new ShellState(ShellState.Variables.of(session)));

    private String run(String line) {
        return gwcli.run(ParamParser.words(line), new Dispatcher.Display(80, false));
    }

    private void assertCalls(String... calls) {
        assertEquals(List.of(calls), recorder.calls);
    }

    @Test
    public void disksCreateKeyValueBuildsTheDiskRequest() {
        assertEquals("ok", run("/disks create pool=rbd image=disk_1 size=90G"));
        assertCalls("createDisks(" + new DiskRequest("rbd", "disk_1", Optional.of("90G"), 1, "user:rbd",
                Optional.empty(), true, Map.of()) + ")");
        assertEquals(DiskRequest.of("rbd", "disk_1", "90G"), DiskActions.createRequest(
                ParamParser.parse(NodeKind.DISKS.command("create").orElseThrow(),
                        List.of("pool=rbd", "image=disk_1", "size=90G"))));
    }

    @Test
    public void disksCreateShortFormWithCountBackstoreAndWwn() {
        run("/disks create rbd/vol 10G 3");
        run("/disks create rbd/one size=1G wwn=abc backstore=user:rbd");
        assertCalls("createDisks(" + new DiskRequest("rbd", "vol", Optional.of("10G"), 3, "user:rbd", Optional.empty(),
                true, Map.of()) + ")", "createDisks(" + new DiskRequest("rbd", "one", Optional.of("1G"), 1,
                "user:rbd", Optional.of("abc"), true, Map.of()) + ")");
    }

    @Test
    public void disksCreateUsageErrorsAreUpstreams() {
        assertEquals("Invalid create: pool and image parameters are needed",
                assertThrows(IllegalArgumentException.class, () -> run("/disks create pool=rbd")).getMessage());
        assertEquals("invalid count format, must be an integer",
                assertThrows(IllegalArgumentException.class, () -> run("/disks create rbd/x 1G two")).getMessage());
        assertCalls();
    }

    @Test
    public void disksAttachDetachDeleteResizeReconfigure() {
        run("/disks attach rbd/img");
        run("/disks attach pool=rbd image=img2");
        run("/disks detach rbd/disk_1");
        run("/disks delete rbd/disk_2");
        run("/disks resize rbd/disk_1 100G");
        run("/disks reconfigure rbd/disk_1 max_data_area_mb 128");
        assertCalls("createDisks(" + new DiskRequest("rbd", "img", Optional.empty(), 1, "user:rbd", Optional.empty(),
                        false, Map.of()) + ")",
                "createDisks(" + new DiskRequest("rbd", "img2", Optional.empty(), 1, "user:rbd", Optional.empty(),
                        false, Map.of()) + ")",
                "deleteDisk(rbd, disk_1, true)", "deleteDisk(rbd, disk_2, false)", "resizeDisk(rbd, disk_1, 100G)",
                "reconfigureDisk(rbd, disk_1, {max_data_area_mb=128})");
    }

    @Test
    public void aDiskNodeResizesReconfiguresAndSnapshots() {
        run("cd /disks/rbd/disk_1");
        run("resize 200G");
        run("reconfigure attribute=hw_max_sectors value=");
        run("snapshot create snap1");
        run("snapshot rollback snap1");
        run("snapshot name=snap1 action=delete");
        assertCalls("resizeDisk(rbd, disk_1, 200G)", "reconfigureDisk(rbd, disk_1, {hw_max_sectors=})",
                "createSnapshot(rbd, disk_1, snap1)", "rollbackSnapshot(rbd, disk_1, snap1)",
                "deleteSnapshot(rbd, disk_1, snap1)");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("snapshot clone s")).getMessage()
                .startsWith("Invalid snapshot action 'clone'"));
    }

    @Test
    public void targetsCreateDeleteAndDiscoveryAuth() {
        run("/iscsi-targets create iqn.2003-01.com.example:new");
        run("/iscsi-targets delete target_iqn=" + BACKUP);
        run("/iscsi-targets discovery_auth username=discoveruser password=discoverpass1");
        run("/iscsi-targets discovery_auth nochap");
        assertCalls("createTarget(iqn.2003-01.com.example:new, {})", "deleteTarget(" + BACKUP + ")",
                "setDiscoveryAuth(discoveruser, discoverpass1, , )", "setDiscoveryAuth(, , , )");
        assertEquals(TargetActions.DISCOVERY_USAGE, assertThrows(IllegalArgumentException.class,
                () -> run("/iscsi-targets discovery_auth")).getMessage());
    }

    @Test
    public void aTargetReconfiguresAndSetsAuth() {
        String target = "/iscsi-targets/" + IGW;
        run(target + " reconfigure cmdsn_depth 64");
        run(target + " auth username=targetuser1 password=targetpass12 mutual_username=mutualuser "
                + "mutual_password=mutualpass12");
        run(target + " auth nochap");
        assertCalls("reconfigureTarget(" + IGW + ", {cmdsn_depth=64})",
                "setTargetAuth(" + IGW + ", NONE, targetuser1, targetpass12, mutualuser, mutualpass12)",
                "setTargetAuth(" + IGW + ", NONE, , , , )");
    }

    @Test
    public void gatewaysCreateAndDelete() {
        String gateways = "/iscsi-targets/" + IGW + "/gateways";
        run(gateways + " create node3.example.com 10.0.0.3,10.0.1.3 skipchecks=true");
        run(gateways + " create gateway_name=node4 ip_addresses=10.0.0.4");
        run(gateways + " delete node3.example.com confirm=true");
        run(gateways + " delete node4");
        assertCalls("addGateway(" + IGW + ", node3.example.com, [10.0.0.3, 10.0.1.3], true)",
                "addGateway(" + IGW + ", node4, [10.0.0.4], false)",
                "removeGateway(" + IGW + ", node3.example.com, true)", "removeGateway(" + IGW + ", node4, false)");
        assertEquals("skipchecks must be either true or false", assertThrows(IllegalArgumentException.class,
                () -> run(gateways + " create n 1.2.3.4 skipchecks=yes")).getMessage());
    }

    @Test
    public void targetDisksAddAndDelete() {
        run("/iscsi-targets/" + BACKUP + "/disks add rbd/disk_1 3");
        run("/iscsi-targets/" + BACKUP + "/disks add disk=rbd/disk_3");
        run("/iscsi-targets/" + BACKUP + "/disks delete rbd/disk_2");
        assertCalls("addTargetLun(" + BACKUP + ", rbd/disk_1, Optional[3])",
                "addTargetLun(" + BACKUP + ", rbd/disk_3, Optional.empty)",
                "removeTargetLun(" + BACKUP + ", rbd/disk_2)");
    }

    @Test
    public void hostsCreateCdsIntoTheNewClient() {
        run("cd /iscsi-targets/" + IGW + "/hosts");
        run("create iqn.1994-05.com.redhat:new-client");
        assertCalls("createClient(" + IGW + ", iqn.1994-05.com.redhat:new-client)");
        assertEquals(List.of("iscsi-targets", IGW, "hosts", "iqn.1994-05.com.redhat:new-client"),
                new ShellState(ShellState.Variables.of(session)).stored());
    }

    @Test
    public void hostsDeleteAndAcl() {
        String hosts = "/iscsi-targets/" + IGW + "/hosts";
        run(hosts + " delete iqn.1994-05.com.redhat:rh7-client");
        run(hosts + " auth disable_acl");
        run(hosts + " auth action=enable_acl");
        assertCalls("deleteClient(" + IGW + ", iqn.1994-05.com.redhat:rh7-client)",
                "setTargetAuth(" + IGW + ", DISABLE_ACL, , , , )", "setTargetAuth(" + IGW + ", ENABLE_ACL, , , , )");
        assertEquals("Invalid auth argument. Use 'auth nochap|disable_acl|enable_acl'",
                assertThrows(IllegalArgumentException.class, () -> run(hosts + " auth foo")).getMessage());
    }

    @Test
    public void aHostSetsAuthAndDisks() {
        String client = "/iscsi-targets/" + IGW + "/hosts/iqn.1994-05.com.redhat:rh8-client";
        run(client + " auth username=clientuser1 password=clientpass12");
        run(client + " auth nochap");
        run(client + " disk add rbd/disk_2");
        run(client + " disk remove disk=rbd/disk_2");
        assertCalls("setClientAuth(" + IGW + ", iqn.1994-05.com.redhat:rh8-client, clientuser1, clientpass12, , )",
                "setClientAuth(" + IGW + ", iqn.1994-05.com.redhat:rh8-client, , , , )",
                "addClientLun(" + IGW + ", iqn.1994-05.com.redhat:rh8-client, rbd/disk_2)",
                "removeClientLun(" + IGW + ", iqn.1994-05.com.redhat:rh8-client, rbd/disk_2)");
        assertEquals("you can only add and remove disks - swap is invalid", assertThrows(
                IllegalArgumentException.class, () -> run(client + " disk swap rbd/disk_1")).getMessage());
        assertEquals("You must supply a disk name to add/remove for this client", assertThrows(
                IllegalArgumentException.class, () -> run(client + " disk add")).getMessage());
    }

    @Test
    public void hostGroups() {
        String groups = "/iscsi-targets/" + IGW + "/host-groups";
        run(groups + " create newgroup");
        run(groups + "/mygroup host add iqn.1994-05.com.redhat:rh8-client");
        run(groups + "/mygroup host remove client_iqn=iqn.1994-05.com.redhat:rh8-client");
        run(groups + "/mygroup disk add rbd/disk_2");
        run(groups + " delete mygroup");
        assertCalls("updateHostGroup(" + IGW + ", newgroup, [], [], true)",
                "updateHostGroup(" + IGW + ", mygroup, [iqn.1994-05.com.redhat:rh8-client], [], true)",
                "updateHostGroup(" + IGW + ", mygroup, [iqn.1994-05.com.redhat:rh8-client], [], false)",
                "updateHostGroup(" + IGW + ", mygroup, [], [rbd/disk_2], true)",
                "deleteHostGroup(" + IGW + ", mygroup)");
    }

    @Test
    public void theGatewaysErrorIsShownAsItIs() {
        recorder.failWith = new GatewayException(501, "Not implemented yet");
        GatewayException e = assertThrows(GatewayException.class, () -> run("/iscsi-targets create iqn.2003-01.a.b:c"));
        assertEquals("Not implemented yet", e.getMessage());
    }

    @Test
    public void catchingUpGatewaysAreNamed() {
        assertEquals("ok", Outcome.ok(new io.cephiscsi.gateway.ChangeResult("m", 3, List.of())).text());
        assertEquals("ok\nnot yet applied on (catching up): node2", Outcome.ok(
                new io.cephiscsi.gateway.ChangeResult("m", 3, List.of("node2"))).text());
    }

    @Test
    public void exportPrintsTheStoredConfiguration() {
        String json = run("export");
        assertEquals(new String(recorder.gateway.config().toJson(), java.nio.charset.StandardCharsets.UTF_8), json);
        assertEquals(json, run("/ export mode=copy"));
        assertEquals("Invalid export mode requested - supported modes are: copy",
                assertThrows(IllegalArgumentException.class, () -> run("export ansible")).getMessage());
    }

    @Test
    public void infoOfNodes() {
        String target = run("/iscsi-targets/" + IGW + " info");
        assertTrue(target, target.startsWith("Target Iqn     .. " + IGW + "\nAuth\n- "));
        String disk = run("/disks info rbd/disk_1");
        assertTrue(disk, disk.contains("Image                 .. disk_1"));
        assertEquals(disk, run("/disks/rbd/disk_1 info"));
        String group = run("/iscsi-targets/" + IGW + "/host-groups/mygroup info");
        assertTrue(group, group.startsWith("Name    .. mygroup\nMembers .. "));
        String gateways = run("/iscsi-targets/" + IGW + "/gateways info");
        assertTrue(gateways, gateways.startsWith("node1.example.com .. "));
        String gateway = run("/iscsi-targets/" + IGW + "/gateways/node1.example.com info");
        assertTrue(gateway, gateway.startsWith("Name                .. node1.example.com\nGateway Ip List     .. "));
        assertTrue(run("info").contains("Rest API port"));
    }

    @Test
    public void infoOfAClientsLunNamedWithABlank() {
        run("cd /iscsi-targets/" + IGW + "/hosts/iqn.1994-05.com.redhat:rh7-client");
        run("cd 'lun 2'");
        assertEquals("Rbd Name .. iscsi-pool/db_vol\nOwner    .. node1.example.com\nLun Id   .. 2", run("info"));
        assertEquals(run("info"), run("'/iscsi-targets/" + IGW + "/hosts/iqn.1994-05.com.redhat:rh7-client/lun 2' info"));
    }

    @Test
    public void clearconfigNeedsConfirm() {
        assertEquals("To clear the configuration you must specify confirm=true", assertThrows(
                IllegalArgumentException.class, () -> run("/iscsi-targets clearconfig")).getMessage());
        assertCalls();
        run("/iscsi-targets clearconfig confirm=true");
        assertCalls("clearConfig()");
    }

    @Test
    public void aMultiDiskCreateSaysWhatIsUnderWayBeforeTheCallReturns() {
        List<String> shown = new java.util.ArrayList<>();
        Dispatcher live = new Dispatcher(recorder.gateway, new ShellState(ShellState.Variables.of(session)), line -> {
            shown.add(line);
            recorder.calls.add("shown: " + line); // the order against the gateway call
        });
        assertEquals("ok", live.run(ParamParser.words("/disks create pool=rbd image=vol size=1G count=10"),
                new Dispatcher.Display(80, false)));
        assertEquals(List.of("Creating 10 disks (rbd/vol1..vol10)..."), shown);
        assertEquals("shown: Creating 10 disks (rbd/vol1..vol10)...", recorder.calls.get(0));
        assertTrue(recorder.calls.get(1), recorder.calls.get(1).startsWith("createDisks("));
        // one disk: nothing before; without a progress sink the line comes first in the returned text
        live.run(ParamParser.words("/disks create rbd/one 1G"), new Dispatcher.Display(80, false));
        assertEquals(1, shown.size());
        assertEquals("Creating 2 disks (rbd/two1..two2)...\nok", run("/disks create rbd/two 1G 2"));
    }

    @Test
    public void aHostsDiskAddMapsADiskToTheTargetFirstAsUpstreamsGwcliDoes() {
        String esx = "iqn.1998-01.com.vmware:esx1-4f1c2a3b";
        run("/iscsi-targets/" + BACKUP + "/hosts/" + esx + " disk add rbd/disk_1");
        assertCalls("addTargetLun(" + BACKUP + ", rbd/disk_1, Optional.empty)",
                "addClientLun(" + BACKUP + ", " + esx + ", rbd/disk_1)");
        recorder.calls.clear();
        run("/iscsi-targets/" + BACKUP + "/hosts/" + esx + " disk add rbd/disk_2"); // mapped already
        assertCalls("addClientLun(" + BACKUP + ", " + esx + ", rbd/disk_2)");
    }

    @Test
    public void aHostsDiskAddCreatesAnUndefinedDiskOnTheFlyAsUpstreamsGwcliDoes() {
        String rh8 = "iqn.1994-05.com.redhat:rh8-client";
        assertEquals("ok", run("/iscsi-targets/" + IGW + "/hosts/" + rh8 + " disk add rbd/new_vol 5G"));
        run("/iscsi-targets/" + IGW + "/hosts/" + rh8 + " disk add disk=rbd/old_image"); // no size: attach it
        assertCalls("createDisks(" + new DiskRequest("rbd", "new_vol", Optional.of("5G"), 1, "user:rbd",
                        Optional.empty(), true, Map.of()) + ")",
                "addTargetLun(" + IGW + ", rbd/new_vol, Optional.empty)",
                "addClientLun(" + IGW + ", " + rh8 + ", rbd/new_vol)",
                "createDisks(" + new DiskRequest("rbd", "old_image", Optional.empty(), 1, "user:rbd",
                        Optional.empty(), true, Map.of()) + ")",
                "addTargetLun(" + IGW + ", rbd/old_image, Optional.empty)",
                "addClientLun(" + IGW + ", " + rh8 + ", rbd/old_image)");
        recorder.calls.clear();
        assertEquals("Invalid disk name 'new_vol' - use <pool>/<image>", assertThrows(IllegalArgumentException.class,
                () -> run("/iscsi-targets/" + IGW + "/hosts/" + rh8 + " disk add new_vol 5G")).getMessage());
        assertCalls();
    }

    @Test
    public void aHostsDiskAddWarnsWhenOtherHostsHaveTheDiskAsUpstreamsGwcliDoes() {
        String rh8 = "iqn.1994-05.com.redhat:rh8-client";
        // rh7-client has rbd/disk_1 already
        assertEquals("Warning: 'rbd/disk_1' mapped to 1 other client(s)\nok",
                run("/iscsi-targets/" + IGW + "/hosts/" + rh8 + " disk add rbd/disk_1"));
        assertEquals("ok", run("/iscsi-targets/" + IGW + "/hosts/" + rh8 + " disk add rbd/disk_2"));
    }
}
