package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code reconfigure} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "reconfigure",
        description = "Change a control of a target or disk: reconfigure <attribute> <value>")
public class Reconfigure extends NodeCommand {

    @Override
    String verb() {
        return "reconfigure";
    }
}
