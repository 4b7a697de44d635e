package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code detach} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "detach",
        description = "Remove a disk from the configuration and keep its image (/disks): detach <pool/image>")
public class Detach extends NodeCommand {

    @Override
    String verb() {
        return "detach";
    }
}
