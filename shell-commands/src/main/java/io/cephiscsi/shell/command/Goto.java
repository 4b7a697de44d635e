package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code goto} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "goto",
        description = "Move to a bookmark: goto [shortcut] (gateways, hosts, host-groups or your own)")
public class Goto extends NodeCommand {

    @Override
    String verb() {
        return "goto";
    }
}
