package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code help} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "help",
        description = "List the commands of the node and their parameters: help [command]. In the tree, "
        + "Karaf's own help answers 'help': type gw:help")
public class Help extends NodeCommand {

    @Override
    String verb() {
        return "help";
    }
}
