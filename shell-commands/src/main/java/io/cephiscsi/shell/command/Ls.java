package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code ls} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "ls", description = "Show the tree below a node: ls [path] [depth]")
public class Ls extends NodeCommand {

    @Override
    String verb() {
        return "ls";
    }
}
