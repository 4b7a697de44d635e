package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code clearconfig} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "clearconfig",
        description = "Remove every target's definition (/iscsi-targets): clearconfig confirm=true")
public class ClearConfig extends NodeCommand {

    @Override
    String verb() {
        return "clearconfig";
    }
}
