package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code snapshot} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "snapshot",
        description = "Manage a disk's snapshots: snapshot create|delete|rollback <name>")
public class Snapshot extends NodeCommand {

    @Override
    String verb() {
        return "snapshot";
    }
}
