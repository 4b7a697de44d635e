package io.cephiscsi.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import org.junit.Test;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.TreeNode;
import io.cephiscsi.gateway.TreeNode.Health;

public class TreeViewTest {

    private static final TreeNode LUN_10 = TreeNode.leaf("lun10", "rbd/lun10 (Unknown, 2G)", Health.ERROR);
    private static final TreeNode LUN_2 = TreeNode.leaf("lun2", "rbd/lun2 (Unknown, 1G)", Health.ERROR);
    private static final TreeNode TARGET_DISK = TreeNode.leaf("rbd/lun2", "Owner: gw1, Lun: 0", Health.OK);
    private static final TreeNode TARGET = new TreeNode("iqn.2003-01.com.example:t1", "Auth: None, Gateways: 0",
            Health.NEUTRAL, List.of(new TreeNode("disks", "Disks: 1", Health.NEUTRAL, List.of(TARGET_DISK))));
    // children deliberately out of order: the view sorts them
    private static final TreeNode ROOT = new TreeNode("/", "", Health.NEUTRAL, List.of(
            new TreeNode("iscsi-targets", "DiscoveryAuth: None, Targets: 1", Health.NEUTRAL, List.of(TARGET)),
            new TreeNode("disks", "3G, Disks: 2", Health.NEUTRAL, List.of(
                    new TreeNode("rbd", "rbd (3G)", Health.NEUTRAL, List.of(LUN_10, LUN_2))))));

    @Test
    public void rendersGlyphsDotsAndNaturalOrderToTheWidth() {
        assertEquals(String.join("\n",
                "o- / ............................. [...]",
                "  o- disks .............. [3G, Disks: 2]",
                "  | o- rbd .................. [rbd (3G)]",
                "  |   o- lun2 . [rbd/lun2 (Unknown, 1G)]",
                "  |   o- lun10  [rbd/lun10 (Unknown, 2G)]",
                "  o- iscsi-targets  [DiscoveryAuth: None, Targets: 1]",
                "    o- iqn.2003-01.com.example:t1  [Auth: None, Gateways: 0]",
                "      o- disks .............. [Disks: 1]",
                "        o- rbd/lun2  [Owner: gw1, Lun: 0]"),
                TreeView.render(ROOT, 0, 40));
    }

    @Test
    public void linesAreAsWideAsTheWidth() {
        for (String line : TreeView.render(ROOT, 2, 80).split("\n")) {
            assertEquals(line, 80, line.length());
        }
    }

    @Test
    public void depthLimitsTheLevelsBelowTheNode() {
        assertEquals(String.join("\n",
                "o- / ............................. [...]",
                "  o- disks .............. [3G, Disks: 2]",
                "  o- iscsi-targets  [DiscoveryAuth: None, Targets: 1]"),
                TreeView.render(ROOT, 1, 40));
        assertEquals("o- rbd ...................... [rbd (3G)]",
                TreeView.render(lookup("/disks/rbd"), -1, 40));
    }

    @Test
    public void naturalOrderSortsTrailingNumbersAsNumbers() {
        List<TreeNode> nodes = new ArrayList<>(List.of(TreeNode.leaf("lun10", "", Health.OK),
                TreeNode.leaf("lun2", "", Health.OK), TreeNode.leaf("lun", "", Health.OK),
                TreeNode.leaf("disk_1", "", Health.OK), TreeNode.leaf("lun1", "", Health.OK)));
        nodes.sort(TreeView.NATURAL);
        assertEquals(List.of("disk_1", "lun", "lun1", "lun2", "lun10"), nodes.stream().map(TreeNode::name).toList());
    }

    @Test
    public void emptySummariesShowTheirHealthAsConfigshellDoes() {
        assertEquals("o- a ... [OK]", TreeView.render(TreeNode.leaf("a", "", Health.OK), 0, 13));
        assertEquals("o- a  [ERROR]", TreeView.render(TreeNode.leaf("a", "", Health.ERROR), 0, 13));
    }

    @Test
    public void pathsAreLookedUpWithSlashNamesDotsAndDotDots() {
        assertSame(ROOT, lookup("/"));
        assertSame(LUN_10, lookup("/disks/rbd/lun10"));
        assertSame(LUN_2, lookup("disks/rbd/./lun10/../lun2/"));
        assertSame(TARGET_DISK, lookup("/iscsi-targets/iqn.2003-01.com.example:t1/disks/rbd/lun2"));
    }

    @Test
    public void anUnknownPathIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lookup("/disks/nopool/x"));
        assertEquals("No such path /disks/nopool", e.getMessage());
    }

    @Test
    public void gwcliLsTakesAPathAndADepth() {
        GatewayAdmin gateway = gatewayWithTree(ROOT);
        assertEquals("o- rbd .................. [rbd (3G)]\n"
                + "  o- lun2 . [rbd/lun2 (Unknown, 1G)]\n"
                + "  o- lun10  [rbd/lun10 (Unknown, 2G)]\n", run(gateway, 36, "ls", "/disks/rbd"));
        assertEquals(run(gateway, 36, "ls", "/disks/rbd"), run(gateway, 36, "/disks", "ls", "rbd"));
        assertEquals(run(gateway, 36, "ls", "/disks/rbd"), run(gateway, 36, "/disks/rbd", "ls"));
        assertEquals("o- disks ............ [3G, Disks: 2]\n  o- rbd ................ [rbd (3G)]\n",
                run(gateway, 36, "ls", "/disks", "1"));
        assertEquals(run(gateway, 36, "ls", "/disks", "1"), run(gateway, 36, "ls", "depth=1", "path=/disks"));
        assertEquals(TreeView.render(ROOT, 0, 80) + "\n", run(gateway, 80, "ls"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(gateway, 80, "ls", "/nothing"));
        assertEquals("No such path /nothing", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> run(gateway, 80, "ls", "/", "two"));
        assertEquals("The tree depth must be a number.", e.getMessage());
    }

    /** A gateway that answers only {@link GatewayAdmin#tree()}. */
    private static GatewayAdmin gatewayWithTree(TreeNode tree) {
        return (GatewayAdmin) Proxy.newProxyInstance(TreeViewTest.class.getClassLoader(),
                new Class<?>[] {GatewayAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("tree")) {
                        return tree;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String run(GatewayAdmin gateway, int width, String... words) {
        return new Dispatcher(gateway, new ShellState(ShellState.Variables.of(new HashMap<>())))
                .run(List.of(words), new Dispatcher.Display(width, false)) + "\n";
    }

    private static TreeNode lookup(String path) {
        return TreePath.node(ROOT, TreePath.resolve(ROOT, List.of(), path));
    }

    @Test
    public void coloursSummariesByHealthOnlyWhenAsked() {
        String coloured = TreeView.render(ROOT, 0, 40, true);
        assertEquals(TreeView.render(ROOT, 0, 40), coloured.replaceAll("\u001B\\[[0-9]+m", ""));
        // OK is green, ERROR red, NEUTRAL uncoloured
        assertTrue(coloured.contains("[\u001B[32mOwner: gw1, Lun: 0\u001B[0m]"));
        assertTrue(coloured.contains("[\u001B[31mrbd/lun2 (Unknown, 1G)\u001B[0m]"));
        assertTrue(coloured.contains("[3G, Disks: 2]"));
        assertFalse(TreeView.render(ROOT, 0, 40, false).contains("\u001B"));
    }
}
