package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code auth} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "auth",
        description = "Set CHAP (target, host: username= password= [mutual_username= mutual_password=] | "
        + "nochap) or ACLs (hosts: nochap|enable_acl|disable_acl)")
public class Auth extends NodeCommand {

    @Override
    String verb() {
        return "auth";
    }
}
