package io.cephiscsi.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.cephiscsi.gateway.GatewayAdmin;

/**
 * gwcli's one-shot form, {@code gwcli [path] command [args]}, as in {@code ssh -p 8101 admin@gw 'gwcli ls /'}.
 * This slice knows the root's {@code info} and {@code ls [path] [depth]}; the rest grows in the shell issue.
 */
@Service
@Command(scope = "iscsi", name = "gwcli", description = "Run a gwcli command, e.g. 'gwcli info', 'gwcli ls /'")
public class Gwcli implements Action {

    @Argument(index = 0, name = "command", required = true, multiValued = true,
            description = "the gwcli command and its arguments")
    @Completion(value = StringsCompleter.class, values = {"info", "ls"})
    List<String> words;

    @Reference
    GatewayAdmin gateway;

    @Reference(optional = true)
    Session session;

    @Override
    public Object execute() {
        return run(words, gateway, System.out, width(session));
    }

    /** The terminal's width; {@link TreeView#DEFAULT_WIDTH} when the output is not a terminal. */
    static int width(Session session) {
        Terminal terminal = session == null ? null : session.getTerminal();
        if (terminal == null || !terminal.isAnsiSupported() || terminal.getWidth() <= 0) {
            return TreeView.DEFAULT_WIDTH;
        }
        return terminal.getWidth();
    }

    static Object run(List<String> words, GatewayAdmin gateway, PrintStream out, int width) {
        // "gwcli <path> <command> ...": the command runs at that path
        String at = "/";
        List<String> command = words;
        if (!words.isEmpty() && words.get(0).startsWith("/")) {
            at = words.get(0);
            command = words.subList(1, words.size());
        }
        if (command.equals(List.of("info")) && at.equals("/")) {
            InfoView.print(gateway.info(), out);
            return null;
        }
        if (!command.isEmpty() && command.get(0).equals("ls")) {
            ls(at, command.subList(1, command.size()), gateway, out, width);
            return null;
        }
        throw new IllegalArgumentException("gwcli: unknown command '" + String.join(" ", words)
                + "' (this build knows: info, ls [path] [depth])");
    }

    /** configshell's {@code ls [path] [depth]}, positional or as {@code path=} and {@code depth=}. */
    private static void ls(String at, List<String> args, GatewayAdmin gateway, PrintStream out, int width) {
        String path = null;
        String depth = null;
        List<String> positional = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("path=")) {
                path = arg.substring("path=".length());
            } else if (arg.startsWith("depth=")) {
                depth = arg.substring("depth=".length());
            } else {
                positional.add(arg);
            }
        }
        if (positional.size() > 2 || (path != null && positional.size() > 1)) {
            throw new IllegalArgumentException("gwcli: ls takes at most a path and a depth: ls [path] [depth]");
        }
        if (!positional.isEmpty() && path == null) {
            path = positional.remove(0);
        }
        if (!positional.isEmpty()) {
            if (depth != null) {
                throw new IllegalArgumentException("gwcli: ls: depth given twice");
            }
            depth = positional.get(0);
        }
        int levels = 0;
        if (depth != null) {
            try {
                levels = Integer.parseInt(depth);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The tree depth must be a number.");
            }
        }
        String target = path == null ? at : path.startsWith("/") ? path : at + "/" + path;
        out.println(TreeView.render(TreeView.lookup(gateway.tree(), target), levels, width));
    }
}
