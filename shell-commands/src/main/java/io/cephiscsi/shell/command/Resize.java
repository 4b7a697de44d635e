package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code resize} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "resize", description = "Grow a disk: resize [<pool/image>] <size>")
public class Resize extends NodeCommand {

    @Override
    String verb() {
        return "resize";
    }
}
