package io.cephiscsi.shell.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.shell.command.completers.GwcliCompleter;
import io.cephiscsi.shell.internal.Dispatcher;

/**
 * gwcli as upstream's admins use it: {@code gwcli <path> <command> [args]} and {@code gwcli <command> [args]} run
 * one command from {@code /} (in the console, over SSH, through {@code bin/client -b}); {@code gwcli} alone enters
 * the interactive tree.
 */
@Service
@Command(scope = "iscsi", name = "gwcli", description = "The gwcli tree: 'gwcli' enters it, "
        + "'gwcli [path] command [args]' runs one command, e.g. 'gwcli ls /', 'gwcli /disks create rbd/disk_1 90G'")
public class Gwcli implements Action {

    @Argument(index = 0, name = "command", multiValued = true,
            description = "[path] command [key=value|value ...], as upstream's gwcli")
    @Completion(GwcliCompleter.class)
    List<String> words;

    @Reference
    GatewayAdmin gateway;

    @Reference(optional = true)
    Session session;

    @Override
    public Object execute() {
        if (words == null || words.isEmpty()) {
            if (session == null) {
                throw new IllegalStateException("gwcli: the interactive tree needs a console; give a command");
            }
            Consoles.enter(session, Consoles.state(session));
            return null;
        }
        String text = new Dispatcher(gateway, Consoles.state(null), Consoles::progress)
                .run(words, Consoles.display(session, false));
        if (!text.isEmpty()) {
            Consoles.print(text);
        }
        return null;
    }
}
