package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code export} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "export",
        description = "Print the whole configuration (/): export [mode=copy]")
public class Export extends NodeCommand {

    @Override
    String verb() {
        return "export";
    }
}
