package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code add} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "add",
        description = "Map a disk to the target: add <pool/image> [lun_id]")
public class Add extends NodeCommand {

    @Override
    String verb() {
        return "add";
    }
}
