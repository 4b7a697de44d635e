package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code attach} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "attach",
        description = "Define an existing image as a disk (/disks): attach pool=<p> image=<i> | attach "
        + "<pool/image>")
public class Attach extends NodeCommand {

    @Override
    String verb() {
        return "attach";
    }
}
