package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code import} at the current node (upstream has none). */
@Service
@Command(scope = Consoles.SCOPE, name = "import",
        description = "Check a whole configuration file, show what would change, apply it in one commit (/): "
                + "import file=<path> [dryrun=true]")
public class Import extends NodeCommand {

    @Override
    String verb() {
        return "import";
    }
}
