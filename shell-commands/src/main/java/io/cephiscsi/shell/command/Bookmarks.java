package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** gwcli's {@code bookmarks} at the current node. */
@Service
@Command(scope = Consoles.SCOPE, name = "bookmarks",
        description = "Manage bookmarks: bookmarks add|del|go|show [bookmark]")
public class Bookmarks extends NodeCommand {

    @Override
    String verb() {
        return "bookmarks";
    }
}
