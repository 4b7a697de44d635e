package io.cephiscsi.shell.command;

import java.io.PrintStream;

import java.util.HashMap;

import org.apache.felix.service.command.Process;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;

import io.cephiscsi.shell.internal.Dispatcher.Display;
import io.cephiscsi.shell.internal.ShellState;
import io.cephiscsi.shell.internal.TreeView;

/** What the gwcli commands take from the Karaf session: its variables, the terminal's width and colours. */
public final class Consoles {

    /** The scope of the interactive tree's commands; the console searches it first while in the tree. */
    static final String SCOPE = "gw";
    private static final String PROMPT = "PROMPT";

    private Consoles() {
    }

    /** The session's state, or a fresh one (at {@code /}) without a session (one-shot use). */
    public static ShellState state(Session session) {
        if (session == null) {
            return new ShellState(ShellState.Variables.of(new HashMap<>()));
        }
        return new ShellState(new ShellState.Variables() {
            @Override
            public Object get(String name) {
                return session.get(name);
            }

            @Override
            public void put(String name, Object value) {
                session.put(name, value);
            }
        });
    }

    /**
     * The terminal's width ({@link TreeView#DEFAULT_WIDTH} without one), and colours only for the tree's own
     * commands on a real terminal whose output is not piped or redirected: upstream turns colours off in batch
     * mode, so {@code gwcli <command>} (a script's way, over SSH and {@code bin/client -b} too) never colours.
     */
    static Display display(Session session, boolean interactive) {
        Terminal terminal = session == null ? null : session.getTerminal();
        if (terminal == null || terminal.getWidth() <= 0) {
            return new Display(TreeView.DEFAULT_WIDTH, false);
        }
        Process process = Process.Utils.current();
        boolean colour = interactive && terminal.isAnsiSupported() && !"dumb".equals(terminal.getType())
                && process != null && process.isTty(1);
        return new Display(terminal.getWidth(), colour);
    }

    /**
     * Prints a command's output a line at a time and flushes it. One huge write (a 300 KB tree) over an SSH exec
     * channel could be cut off when the command ended before the channel drained it.
     */
    static void print(String text) {
        PrintStream out = System.out;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            out.println(text.substring(start, end));
            start = end + 1;
        }
        out.flush();
    }

    /** Shows a progress line at once (before a long operation returns), over SSH and bin/client too. */
    static void progress(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Whether the session is in the tree: in the {@code gw} subshell. */
    static boolean inTree(Session session) {
        return SCOPE.equals(session.get(Session.SUBSHELL));
    }

    /**
     * Enters the tree as Karaf enters a subshell (Karaf's {@code exit} leaves it): the console searches the
     * {@code gw} scope first, so {@code ls}, {@code cd}, {@code create} are the tree's, and Karaf's completion mode
     * {@code SUBSHELL} offers them; the prompt shows the current path.
     */
    static void enter(Session session, ShellState state) {
        if (inTree(session)) {
            return;
        }
        state.cd(state.stored());
        session.put(Session.SCOPE, SCOPE + ":" + session.get(Session.SCOPE));
        session.put(Session.SUBSHELL, SCOPE);
        Object prompt = session.get(PROMPT);
        if (!(prompt instanceof TreePrompt)) {
            session.put(PROMPT, new TreePrompt(session, prompt));
        }
    }
}
