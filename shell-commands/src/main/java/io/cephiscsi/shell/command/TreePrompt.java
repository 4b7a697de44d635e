package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.console.Session;

import io.cephiscsi.shell.internal.ShellState;

/**
 * The console's {@code PROMPT} while gwcli's tree has been used: the console renders it through
 * {@link #toString()} before each line, so it shows the current path ({@code /iscsi-targets> }) while in the tree
 * and the prompt that was there before once Karaf's {@code exit} has left it (which knows nothing of prompts).
 */
final class TreePrompt {

    /** Karaf's own default, for a session that had no prompt of its own. */
    static final String KARAF_DEFAULT = "\u001B[1m${USER}\u001B[0m@${APPLICATION}(${SUBSHELL})> ";

    private final Session session;
    private final Object previous;

    TreePrompt(Session session, Object previous) {
        this.session = session;
        this.previous = previous;
    }

    @Override
    public String toString() {
        if (Consoles.inTree(session)) {
            return "${" + ShellState.PROMPT_VARIABLE + "}> ";
        }
        return previous == null ? KARAF_DEFAULT : previous.toString();
    }
}
