package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code discovery_auth} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "discovery_auth",
        description = "Set discovery CHAP (/iscsi-targets): discovery_auth username= password= "
        + "[mutual_username= mutual_password=] | nochap")
public class DiscoveryAuth extends NodeCommand {

    @Override
    String verb() {
        return "discovery_auth";
    }
}
