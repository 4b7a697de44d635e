package io.cephiscsi.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.internal.FixtureGateway;

/** cd, pwd, ls, goto and bookmarks over the real gateway service's tree of the v11 fixture. */
public class NavigationTest {

    static final String IGW = "iqn.2003-01.com.redhat.iscsi-gw:iscsi-igw";
    static final String BACKUP = "iqn.2003-01.com.example.iscsi-gw:backup";

    private final GatewayAdmin gateway = FixtureGateway.v11();
    private final Map<String, Object> session = new HashMap<>();
    private final ShellState state = new ShellState(ShellState.Variables.of(session));
    private final Dispatcher gwcli = new Dispatcher(gateway, state);

    private String run(String line) {
        return gwcli.run(ParamParser.words(line), new Dispatcher.Display(80, false));
    }

    @Test
    public void cdAbsoluteRelativeAndDotDot() {
        assertEquals("/", run("pwd"));
        run("cd /iscsi-targets");
        assertEquals("/iscsi-targets", run("pwd"));
        run("cd " + IGW + "/hosts");
        assertEquals("/iscsi-targets/" + IGW + "/hosts", run("pwd"));
        run("cd ../disks/rbd/disk_1");
        assertEquals("/iscsi-targets/" + IGW + "/disks/rbd/disk_1", run("pwd"));
        run("cd ../.."); // rbd/disk_1 is one node
        assertEquals("/iscsi-targets/" + IGW, run("pwd"));
        run("cd /disks/./rbd/../rbd/disk_2");
        assertEquals("/disks/rbd/disk_2", run("pwd"));
        run("cd ..");
        run("cd ..");
        run("cd ..");
        run("cd ..");
        assertEquals("/", run("pwd"));
        run("cd disks");
        run("cd");
        assertEquals("cd alone goes to the root", "/", run("pwd"));
    }

    @Test
    public void aPathAloneIsCd() {
        run("/disks/rbd");
        assertEquals("/disks/rbd", run("pwd"));
    }

    @Test
    public void anUnknownPathIsNamedAndTheNodeStays() {
        run("cd /disks");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run("cd nopool/x"));
        assertEquals("No such path /disks/nopool", e.getMessage());
        assertEquals("/disks", run("pwd"));
    }

    @Test
    public void thePromptShowsThePathShortenedAsConfigshell() {
        run("cd /disks/rbd");
        assertEquals("/disks/rbd", session.get(ShellState.PROMPT_VARIABLE));
        run("cd /iscsi-targets/" + IGW + "/hosts");
        String prompt = (String) session.get(ShellState.PROMPT_VARIABLE);
        assertEquals(30, prompt.length());
        assertEquals("...", prompt.substring(0, 3));
        assertTrue(prompt.endsWith("iscsi-igw/hosts"));
    }

    @Test
    public void lsRunsAtTheCurrentNodeOrAPath() {
        run("cd /iscsi-targets/" + IGW);
        String here = run("ls . 1");
        assertTrue(here, here.startsWith("o- " + IGW + " "));
        assertEquals(5, here.split("\n").length);
        assertEquals(run("ls /iscsi-targets/" + IGW + " 1"), here);
        assertEquals(run("ls disks"), run("ls /iscsi-targets/" + IGW + "/disks"));
        assertEquals(run("ls .."), run("/iscsi-targets ls"));
    }

    @Test
    public void gotoUsesGwclisAutomaticBookmarksOfTheLastTarget() {
        run("goto hosts");
        assertEquals("/iscsi-targets/" + IGW + "/hosts", run("pwd"));
        run("goto gateways");
        assertEquals("/iscsi-targets/" + IGW + "/gateways", run("pwd"));
        run("goto");
        assertEquals("/", run("pwd"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run("goto nowhere"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("No such bookmark nowhere"));
    }

    @Test
    public void bookmarksAddGoShowDel() {
        run("cd /iscsi-targets/" + BACKUP + "/hosts");
        assertEquals("Bookmarked /iscsi-targets/" + BACKUP + "/hosts as esx.", run("bookmarks add esx"));
        run("cd /");
        run("bookmarks go esx");
        assertEquals("/iscsi-targets/" + BACKUP + "/hosts", run("pwd"));
        run("cd /");
        run("cd @esx");
        assertEquals("/iscsi-targets/" + BACKUP + "/hosts", run("pwd"));
        run("cd /");
        run("goto esx");
        assertEquals("/iscsi-targets/" + BACKUP + "/hosts", run("pwd"));
        assertTrue(run("bookmarks show").contains("esx .. /iscsi-targets/" + BACKUP + "/hosts"));
        run("bookmarks del esx");
        assertThrows(IllegalArgumentException.class, () -> run("goto esx"));
        assertEquals("a node's own name is the default", "Bookmarked /disks/rbd as rbd.",
                run("/disks/rbd bookmarks add"));
    }

    @Test
    public void aCommandTheNodeDoesNotHaveIsNamedWithWhatItHas() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run("/disks snapshot x y"));
        assertEquals("Command not found snapshot (commands at /disks: attach, bookmarks, cd, create, delete, detach, "
                + "exit, goto, help, info, ls, pwd, reconfigure, resize)", e.getMessage());
    }

    @Test
    public void helpListsTheNodesCommands() {
        String help = run("/disks/rbd/disk_1 help");
        assertTrue(help, help.contains("snapshot action name"));
        assertTrue(help, help.contains("resize size"));
        assertEquals("create pool=... is upstream's signature", "create [pool] [image] [size] [backstore] [wwn] "
                + "[count]", run("/disks help create"));
    }

    @Test
    public void nodeTypesFollowThePaths() {
        assertEquals(NodeKind.ROOT, NodeKind.of(List.of()));
        assertEquals(NodeKind.POOL, NodeKind.of(List.of("cluster", "ceph", "pools", "rbd")));
        assertEquals(NodeKind.TOPOLOGY, NodeKind.of(List.of("cluster", "ceph", "topology")));
        assertEquals(NodeKind.DISK, NodeKind.of(List.of("disks", "rbd", "disk_1")));
        assertEquals(NodeKind.TARGET_DISK, NodeKind.of(List.of("iscsi-targets", IGW, "disks", "rbd/disk_1")));
        assertEquals(NodeKind.GROUP_MEMBER, NodeKind.of(List.of("iscsi-targets", IGW, "host-groups", "g", "x")));
        assertEquals(NodeKind.HOST_LUN, NodeKind.of(List.of("iscsi-targets", IGW, "hosts", "c", "lun 0")));
    }
}
