package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code pwd} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "pwd", description = "Show the current node's path")
public class Pwd extends NodeCommand {

    @Override
    String verb() {
        return "pwd";
    }
}
