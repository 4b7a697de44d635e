package io.cephiscsi.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.shell.command.completers.GwcliCompleter;
import io.cephiscsi.shell.internal.Dispatcher;

/**
 * A command of the interactive tree ({@code gw} scope): runs its verb at the session's current node, with
 * upstream's arguments ({@code key=value} or positional). Subclasses only name the verb.
 */
abstract class NodeCommand implements Action {

    @Argument(index = 0, name = "args", multiValued = true,
            description = "the command's parameters, key=value or positional; 'help' lists them per node")
    @Completion(GwcliCompleter.class)
    List<String> args;

    @Reference
    GatewayAdmin gateway;

    @Reference
    Session session;

    /** The gwcli command word. */
    abstract String verb();

    @Override
    public Object execute() {
        List<String> words = new ArrayList<>();
        words.add(verb());
        if (args != null) {
            words.addAll(args);
        }
        String text = new Dispatcher(gateway, Consoles.state(session), Consoles::progress)
                .run(words, Consoles.display(session, true));
        if (!text.isEmpty()) {
            Consoles.print(text);
        }
        return null;
    }
}
