package io.cephiscsi.shell.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.karaf.shell.api.action.lifecycle.Manager;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.ManagerImpl;
import org.apache.karaf.shell.impl.console.SessionFactoryImpl;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.cephiscsi.gateway.internal.FixtureGateway;
import io.cephiscsi.shell.command.completers.GwcliCompleter;

/**
 * The commands in Karaf's own shell (its session factory without OSGi, as Karaf's standalone console builds it):
 * gogo's parsing of {@code key=value}, the {@code gw} scope searched first in the tree, the prompt, {@code exit}.
 */
public class KarafConsoleTest {

    private static final String IGW = "iqn.2003-01.com.redhat.iscsi-gw:iscsi-igw";

    private final ThreadIOImpl threadIo = new ThreadIOImpl();
    private SessionFactoryImpl sessions;
    private Session session;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Before
    public void start() {
        threadIo.start();
        sessions = new SessionFactoryImpl(threadIo);
        sessions.getRegistry().register(FixtureGateway.v11());
        Manager manager = new ManagerImpl(sessions, sessions);
        sessions.register(manager);
        for (Class<?> command : new Class<?>[] {GwcliCompleter.class, Gwcli.class, Cd.class, Ls.class,
                Pwd.class, Goto.class, Bookmarks.class, Help.class, Info.class, Refresh.class, Export.class,
                Create.class, Delete.class, Attach.class, Detach.class, Resize.class, Reconfigure.class,
                Snapshot.class, Auth.class, Disk.class, Host.class, Add.class, DiscoveryAuth.class,
                ClearConfig.class}) {
            manager.register(command);
        }
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        session = sessions.create(InputStream.nullInputStream(), out, out);
    }

    @After
    public void stop() {
        try {
            if (session != null) {
                session.close();
            }
            sessions.stop();
        } finally {
            threadIo.stop();
        }
    }

    private String execute(String line) throws Exception {
        bytes.reset();
        Object result = session.execute(line);
        assertEquals(null, result);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void oneShotWithKeyValueParametersAndNoColour() throws Exception {
        String ls = execute("gwcli ls /iscsi-targets depth=1");
        assertTrue(ls, ls.startsWith("o- iscsi-targets ..."));
        assertTrue(ls, !ls.contains("\u001B"));
        assertEquals(execute("gwcli /iscsi-targets ls . 1"), ls);
        assertTrue(execute("gwcli /iscsi-targets/" + IGW + " info").startsWith("Target Iqn     .. " + IGW));
        assertEquals("/\n", execute("gwcli pwd"));
    }

    @Test
    public void theTreesCommandsAreUpstreamsInTheConsole() throws Exception {
        execute("gwcli");
        execute("cd /iscsi-targets/" + IGW + "/hosts");
        String help = execute("gw:help");
        assertTrue(help, help.contains("create client_iqn"));
        assertTrue(help, help.contains("auth [action]"));
        try {
            execute("create");
            org.junit.Assert.fail();
        } catch (IllegalArgumentException e) {
            assertEquals("Missing parameter 'client_iqn' for create (usage: create client_iqn)", e.getMessage());
        }
        execute("exit");
    }

    @Test
    public void karafsArgumentCompleterReachesTheValues() throws Exception {
        assertEquals(List.of("pool="), complete("gwcli", "/disks", "create", "po"));
        assertEquals(List.of("rbd/disk_1", "rbd/disk_2"), complete("gwcli", "/disks", "resize", "rbd/"));
        execute("gwcli");
        execute("cd /iscsi-targets/" + IGW + "/hosts");
        assertEquals(List.of("iqn.1994-05.com.redhat:rh7-client", "iqn.1994-05.com.redhat:rh8-client"),
                complete("delete", "iqn"));
        assertEquals(List.of("enable_acl"), complete("auth", "en"));
        execute("exit");
    }

    /** What Karaf's completer of the command (the first word) offers for the last word. */
    private List<String> complete(String... words) {
        String name = session.resolveCommand(words[0]);
        Command command = sessions.getRegistry().getCommands().stream()
                .filter(c -> (c.getScope() + ":" + c.getName()).equals(name)).findFirst().orElseThrow();
        List<Candidate> found = new ArrayList<>();
        command.getCompleter(false).completeCandidates(session, CommandLines.cursorAtEnd(words), found);
        return found.stream().map(Candidate::value).filter(v -> v.startsWith(words[words.length - 1])).sorted()
                .toList();
    }

    @Test
    public void theTreeKeepsItsNodeAndPromptAndExitRestoresTheConsole() throws Exception {
        Object scope = session.get(Session.SCOPE);
        execute("gwcli");
        assertEquals("gw", session.get(Session.SUBSHELL));
        assertEquals("${GWCLI_PROMPT}> ", session.get("PROMPT").toString());
        assertEquals("/", session.get("GWCLI_PROMPT"));
        execute("cd /iscsi-targets/" + IGW + "/hosts");
        assertEquals("/iscsi-targets/" + IGW + "/hosts\n", execute("pwd"));
        assertTrue(execute("ls").startsWith("o- hosts ..."));
        assertTrue(((String) session.get("GWCLI_PROMPT")).endsWith("iscsi-igw/hosts"));
        execute("cd \"iqn.1994-05.com.redhat:rh7-client/lun 0\"");
        assertTrue(execute("info"), execute("info").startsWith("Rbd Name .. rbd/disk_1"));
        assertTrue(execute("gwcli pwd").equals("/\n"));
        execute("exit");
        assertEquals(scope, session.get(Session.SCOPE));
        assertEquals("Karaf's exit leaves the tree; the prompt follows", TreePrompt.KARAF_DEFAULT,
                session.get("PROMPT").toString());
        assertEquals("", session.get(Session.SUBSHELL));
        execute("gwcli");
        assertTrue("the node is remembered", execute("pwd").endsWith("/lun 0\n"));
        execute("exit");
    }

    /**
     * Every kind of value, through what the console runs on Tab: Karaf's {@code CommandsCompleter} over the line
     * as Karaf's own parser splits it ({@code CommandLineParser}), one-shot ({@code gwcli ...}) and in the tree.
     */
    @Test
    public void tabCompletesEveryKindOfValueThroughKarafsCompleter() throws Exception {
        String igw = "gwcli /iscsi-targets/" + IGW;
        // paths and commands
        assertEquals(List.of("/iscsi-targets/"), tab("gwcli /i"));
        assertEquals(List.of("/iscsi-targets/" + IGW + "/"), tab("gwcli /iscsi-targets/iqn.2003-01.com.redhat"));
        assertEquals(List.of("reconfigure", "resize"), tab("gwcli /disks re"));
        // target IQNs
        assertEquals(List.of("iqn.2003-01.com.example.iscsi-gw:backup", IGW), tab("gwcli /iscsi-targets delete iqn"));
        assertEquals(List.of("target_iqn=iqn.2003-01.com.example.iscsi-gw:backup"),
                tab("gwcli /iscsi-targets delete target_iqn=iqn.2003-01.com.ex"));
        // client IQNs (of that target only)
        assertEquals(List.of("iqn.1994-05.com.redhat:rh7-client", "iqn.1994-05.com.redhat:rh8-client"),
                tab(igw + "/hosts delete iqn"));
        assertEquals(List.of("client_iqn=iqn.1994-05.com.redhat:rh7-client"),
                tab(igw + "/host-groups/mygroup host add client_iqn=iqn.1994-05.com.redhat:rh7"));
        // pools: the cluster's and those disks are in
        assertEquals(List.of("pool=iscsi-pool", "pool=rbd"), tab("gwcli /disks create pool="));
        assertEquals(List.of("rbd"), tab("gwcli /disks create r"));
        // images as pool/image: the disks, a target's disks, a host's disk add
        assertEquals(List.of("iscsi-pool/db_vol"), tab("gwcli /disks info iscsi"));
        assertEquals(List.of("image_id=rbd/disk_1", "image_id=rbd/disk_2"), tab("gwcli /disks delete image_id=rbd/"));
        assertEquals(List.of("rbd/disk_2"), tab("gwcli /iscsi-targets/iqn.2003-01.com.example.iscsi-gw:backup/disks "
                + "delete r"));
        assertEquals(List.of("rbd/disk_1", "rbd/disk_2"),
                tab(igw + "/hosts/iqn.1994-05.com.redhat:rh7-client disk add rbd/"));
        // gateway names, and for a new gateway this host's name and addresses
        assertEquals(List.of("node1.example.com", "node2.example.com"), tab(igw + "/gateways delete node"));
        assertEquals(List.of("gateway_name=node2.example.com"), tab(igw + "/gateways delete gateway_name=node2"));
        String hostname = FixtureGateway.v11().hostname();
        assertEquals(List.of(hostname), tab(igw + "/gateways create " + hostname));
        List<String> addresses = FixtureGateway.v11().ipAddresses();
        if (!addresses.isEmpty()) {
            assertTrue(tab(igw + "/gateways create gw ").toString(),
                    tab(igw + "/gateways create gw ").containsAll(addresses));
        }
        // control names: the target's, and the disks'
        assertEquals(List.of("cmdsn_depth"), tab(igw + " reconfigure cmd"));
        assertEquals(List.of("attribute=max_data_area_mb"), tab("gwcli /disks/rbd/disk_1 reconfigure attribute=max_d"));
        assertEquals(List.of("max_data_area_mb"), tab("gwcli /disks reconfigure rbd/disk_1 max_d"));
        // host groups and fixed choices
        assertEquals(List.of("mygroup"), tab(igw + "/host-groups delete my"));
        assertEquals(List.of("disable_acl"), tab(igw + "/hosts auth d"));
        assertEquals(List.of("action=enable_acl"), tab(igw + "/hosts auth action=en"));
        assertEquals(List.of("skipchecks=true"), tab(igw + "/gateways create gw 192.0.2.1 skipchecks=t"));

        // in the tree: the session's node, bookmarks
        execute("gwcli");
        execute("cd /iscsi-targets/" + IGW + "/hosts");
        assertEquals(List.of("iqn.1994-05.com.redhat:rh8-client"), tab("delete iqn.1994-05.com.redhat:rh8"));
        assertEquals(List.of("gateways"), tab("goto ga"));
        assertEquals(List.of("../gateways/"), tab("cd ../ga"));
        execute("cd ../gateways");
        assertEquals(List.of("node1.example.com"), tab("delete node1"));
        execute("exit");
    }

    /** What the console offers on Tab at the end of {@code line}, the values that start with the last word. */
    private List<String> tab(String line) {
        CommandLine parsed = org.apache.karaf.shell.impl.console.parsing.CommandLineParser.buildCommandLine(session,
                line, line.length());
        List<Candidate> found = new ArrayList<>();
        new org.apache.karaf.shell.impl.console.CommandsCompleter(sessions, session).completeCandidates(session,
                parsed, found);
        String last = line.endsWith(" ") ? "" : parsed.getCursorArgument();
        return found.stream().map(Candidate::value).filter(v -> v.startsWith(last)).distinct().sorted().toList();
    }
}
