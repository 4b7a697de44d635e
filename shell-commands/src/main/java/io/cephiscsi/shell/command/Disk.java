package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code disk} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "disk",
        description = "Give or take a disk to/from a host or host group: disk add|remove <pool/image>")
public class Disk extends NodeCommand {

    @Override
    String verb() {
        return "disk";
    }
}
