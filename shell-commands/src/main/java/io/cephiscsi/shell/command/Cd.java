package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code cd} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "cd",
        description = "Move to another node: cd [path] (absolute, relative, .., @bookmark)")
public class Cd extends NodeCommand {

    @Override
    String verb() {
        return "cd";
    }
}
