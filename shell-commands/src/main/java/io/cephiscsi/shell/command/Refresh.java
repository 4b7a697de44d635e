package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code refresh} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "refresh", description = "Re-read the node's state")
public class Refresh extends NodeCommand {

    @Override
    String verb() {
        return "refresh";
    }
}
