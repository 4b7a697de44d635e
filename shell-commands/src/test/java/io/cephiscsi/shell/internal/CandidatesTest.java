package io.cephiscsi.shell.internal;

import static io.cephiscsi.shell.internal.NavigationTest.BACKUP;
import static io.cephiscsi.shell.internal.NavigationTest.IGW;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.internal.FixtureGateway;

/** Completion candidates over the real gateway service on the v11 fixture. */
public class CandidatesTest {

    private final GatewayAdmin gateway = FixtureGateway.v11();
    private final Map<String, Object> session = new HashMap<>();
    private final ShellState state = new ShellState(ShellState.Variables.of(session));
    private final Candidates candidates = new Candidates(gateway, state);

    /** Completes the last word of the line (in the tree, at the session's node). */
    private List<String> at(String line) {
        List<String> words = ParamParser.words(line);
        boolean fresh = line.endsWith(" ");
        String partial = fresh || words.isEmpty() ? "" : words.get(words.size() - 1);
        List<String> before = fresh || words.isEmpty() ? words : words.subList(0, words.size() - 1);
        return candidates.complete(before, partial, false);
    }

    /** As {@code gwcli <line>}: from the root, the first word may be a path. */
    private List<String> oneShot(String line) {
        List<String> words = ParamParser.words(line);
        boolean fresh = line.endsWith(" ");
        String partial = fresh || words.isEmpty() ? "" : words.get(words.size() - 1);
        return candidates.complete(fresh || words.isEmpty() ? words : words.subList(0, words.size() - 1), partial,
                true);
    }

    private void cd(String path) {
        new Dispatcher(gateway, state).run(List.of("cd", path), new Dispatcher.Display(80, false));
    }

    @Test
    public void pathsCompleteFromTheCurrentNodeOrTheRoot() {
        assertEquals(List.of("/cluster/", "/disks/", "/iscsi-targets/"), oneShot("/"));
        assertEquals(List.of("/iscsi-targets/"), oneShot("/i"));
        assertEquals(List.of("/iscsi-targets/" + BACKUP + "/", "/iscsi-targets/" + IGW + "/"),
                oneShot("/iscsi-targets/"));
        cd("/iscsi-targets/" + IGW);
        assertEquals(List.of("host-groups/", "hosts/"), at("cd ho"));
        assertEquals(List.of("disks/rbd/disk_1/", "disks/rbd/disk_2/"), at("ls disks/rbd"));
        assertEquals(List.of("../" + BACKUP + "/"), at("cd ../iqn.2003-01.com.example"));
    }

    @Test
    public void commandsOfTheNode() {
        assertEquals(List.of("exit", "export"), oneShot("ex"));
        cd("/disks");
        assertEquals(List.of("attach", "bookmarks", "cd", "create", "delete", "detach", "exit", "goto", "help", "info",
                "ls", "pwd", "reconfigure", "resize"), at(""));
        assertEquals(List.of("attach"), oneShot("/disks at"));
    }

    @Test
    public void parameterNamesNotGivenYet() {
        // the next positional parameter's values, and the names of those not given yet
        assertEquals(List.of("backstore=", "count=", "image=", "iscsi-pool", "pool=", "rbd", "size=", "wwn="),
                oneShot("/disks create "));
        assertEquals(List.of("backstore=", "count=", "image=", "size=", "wwn="), oneShot("/disks create pool=rbd "));
        assertEquals(List.of("size="), oneShot("/disks create pool=rbd image=x s"));
    }

    @Test
    public void valuesOfParameters() {
        assertEquals(List.of("pool=iscsi-pool", "pool=rbd"), oneShot("/disks create pool="));
        assertEquals(List.of("image_id=", "iscsi-pool/db_vol", "rbd/disk_1", "rbd/disk_2", "size="),
                oneShot("/disks resize "));
        assertEquals(List.of("image_id=rbd/disk_1", "image_id=rbd/disk_2"), oneShot("/disks delete image_id=rbd"));
        assertEquals(List.of("target_iqn=" + BACKUP, "target_iqn=" + IGW), oneShot("/iscsi-targets delete target_"
                + "iqn="));
        assertEquals(List.of(BACKUP, IGW), oneShot("/iscsi-targets delete iqn"));
        cd("/iscsi-targets/" + IGW + "/hosts");
        assertEquals(List.of("iqn.1994-05.com.redhat:rh7-client", "iqn.1994-05.com.redhat:rh8-client"),
                at("delete iqn.1994"));
        assertEquals(List.of("action=", "disable_acl", "enable_acl", "nochap"), at("auth "));
        assertEquals(List.of("enable_acl"), at("auth e"));
        cd("../gateways");
        assertEquals(List.of("node1.example.com", "node2.example.com"), at("delete node"));
        assertEquals(List.of(gateway.hostname()), at("create " + gateway.hostname()));
        cd("../host-groups/mygroup");
        assertEquals(List.of("action=", "add"), at("disk a"));
        assertEquals(List.of("disk_name=", "iscsi-pool/db_vol", "rbd/disk_1", "rbd/disk_2"), at("disk add "));
        cd("/iscsi-targets/" + IGW + "/disks");
        assertEquals(List.of("rbd/disk_1", "rbd/disk_2"), at("delete rbd"));
    }

    @Test
    public void controlNamesForReconfigure() {
        cd("/iscsi-targets/" + IGW);
        List<String> target = at("reconfigure ");
        assertTrue(target.toString(), target.contains("cmdsn_depth"));
        assertTrue(target.toString(), target.contains("attribute="));
        cd("/disks/rbd/disk_1");
        assertTrue(at("reconfigure ").toString(), at("reconfigure ").contains("max_data_area_mb"));
        assertEquals(List.of("action=", "create", "delete", "name=", "rollback"), at("snapshot "));
    }

    @Test
    public void bookmarkNamesForGoto() {
        assertEquals(List.of("gateways"), at("goto ga"));
        assertEquals(List.of("host-groups", "hosts"), at("goto host"));
    }

    @Test
    public void nothingWhenTheConfigurationCannotBeRead() {
        assertEquals(List.of(), oneShot("/nowhere/"));
        assertEquals(List.of(), oneShot("/disks bogus "));
    }
}
