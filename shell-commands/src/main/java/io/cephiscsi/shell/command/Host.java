package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code host} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "host",
        description = "Add or remove a host group member: host add|remove <client_iqn>")
public class Host extends NodeCommand {

    @Override
    String verb() {
        return "host";
    }
}
