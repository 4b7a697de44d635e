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
        command.getCompleter(false).completeCandidates(session, new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return words.length - 1;
            }

            @Override
            public String getCursorArgument() {
                return words[words.length - 1];
            }

            @Override
            public int getArgumentPosition() {
                return words[words.length - 1].length();
            }

            @Override
            public String[] getArguments() {
                return words;
            }

            @Override
            public int getBufferPosition() {
                return getBuffer().length();
            }

            @Override
            public String getBuffer() {
                return String.join(" ", words);
            }
        }, found);
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
}
