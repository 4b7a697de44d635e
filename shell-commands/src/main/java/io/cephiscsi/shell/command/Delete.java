package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code delete} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "delete", description = "Delete an item of this collection")
public class Delete extends NodeCommand {

    @Override
    String verb() {
        return "delete";
    }
}
