package io.cephiscsi.shell;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.cephiscsi.gateway.GatewayAdmin;

/**
 * gwcli's one-shot form, {@code gwcli [path] command [args]}, as in {@code ssh -p 8101 admin@gw 'gwcli info'}.
 * This slice knows the root's {@code info}; the tree and its commands grow in the shell issue.
 */
@Service
@Command(scope = "iscsi", name = "gwcli", description = "Run a gwcli command, e.g. 'gwcli info'")
public class Gwcli implements Action {

    @Argument(index = 0, name = "command", required = true, multiValued = true,
            description = "the gwcli command and its arguments")
    @Completion(value = StringsCompleter.class, values = {"info"})
    List<String> words;

    @Reference
    GatewayAdmin gateway;

    @Override
    public Object execute() {
        return run(words, gateway, System.out);
    }

    static Object run(List<String> words, GatewayAdmin gateway, PrintStream out) {
        List<String> command = words.size() > 0 && "/".equals(words.get(0)) ? words.subList(1, words.size()) : words;
        if (command.equals(List.of("info"))) {
            InfoView.print(gateway.info(), out);
            return null;
        }
        throw new IllegalArgumentException("gwcli: unknown command '" + String.join(" ", words)
                + "' (this build knows: info)");
    }
}
