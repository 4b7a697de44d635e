package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code info} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "info",
        description = "Show the attributes of the current node (/disks: info <pool/image>)")
public class Info extends NodeCommand {

    @Override
    String verb() {
        return "info";
    }
}
