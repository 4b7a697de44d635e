package io.cephiscsi.shell.command.completers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.shell.command.Consoles;
import io.cephiscsi.shell.internal.Candidates;
import io.cephiscsi.shell.internal.ShellState;

/**
 * Completes gwcli's words for {@code gwcli [path] command [args]} (from {@code /}) and for the tree's commands (at
 * the session's node): paths, commands, {@code name=} and values. {@code name=} and {@code path/} candidates leave
 * the cursor in the word. Karaf hands this completer the whole command line for the word at the cursor.
 */
@Service
public class GwcliCompleter implements Completer {

    @Reference
    GatewayAdmin gateway;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<Candidate> found = new ArrayList<>();
        completeCandidates(session, commandLine, found);
        found.forEach(c -> candidates.add(c.value()));
        return candidates.isEmpty() ? -1 : commandLine.getBufferPosition() - commandLine.getArgumentPosition();
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        String[] arguments = commandLine.getArguments();
        int cursor = commandLine.getCursorArgumentIndex();
        if (cursor < 1) {
            // Karaf asks about each word before the cursor alone, and completes nothing unless every one of them
            // has a candidate: whatever was typed before is accepted (the command reports what it rejects)
            if (arguments.length == 1) {
                candidates.add(new Candidate(arguments[0], true));
            }
            return;
        }
        String command = arguments[0].substring(arguments[0].indexOf(':') + 1);
        String partial = cursor < arguments.length && commandLine.getCursorArgument() != null
                ? commandLine.getCursorArgument().substring(0, commandLine.getArgumentPosition()) : "";
        List<String> before = new ArrayList<>(Arrays.asList(arguments).subList(1, Math.min(cursor, arguments.length)));
        boolean oneShot = command.equals("gwcli");
        // a one-shot always starts at /; in the tree the session's node counts
        ShellState state = Consoles.state(oneShot ? null : session);
        if (!oneShot) {
            before.add(0, command);
        }
        for (String value : new Candidates(gateway, state).complete(before, partial, oneShot)) {
            candidates.add(new Candidate(value, !value.endsWith("=") && !value.endsWith("/")));
        }
    }
}
