package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code create} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "create",
        description = "Create an item of this collection (disks, targets, gateways, hosts, host-groups)")
public class Create extends NodeCommand {

    @Override
    String verb() {
        return "create";
    }
}
