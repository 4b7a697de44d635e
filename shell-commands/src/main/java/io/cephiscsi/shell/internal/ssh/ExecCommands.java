package io.cephiscsi.shell.internal.ssh;

import java.io.IOException;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.ssh.ShellCommand;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs the console's SSH exec requests ({@code ssh -p 8101 admin@gw 'gwcli ls /'}, {@code bin/client -b}) with
 * {@link ExecCommand}, which delivers the whole output before the exit status. Karaf's SSH bundle publishes its
 * {@link SshServer} as a service; this component puts its own command factory in front of Karaf's while it is
 * active (the server asks for the factory at each exec request) and gives Karaf's back when it stops. Whatever
 * Karaf's factory makes other than its shell command (scp) is left as it is.
 */
@Component(immediate = true)
public class ExecCommands {

    private final SshServer server;
    private final CommandFactory karafs;
    private final CommandFactory ours;

    @Activate
    public ExecCommands(@Reference SshServer server, @Reference SessionFactory sessions) {
        this.server = server;
        this.karafs = server.getCommandFactory();
        this.ours = new CommandFactory() {
            @Override
            public Command createCommand(ChannelSession channel, String command) throws IOException {
                Command karaf = karafs == null ? null : karafs.createCommand(channel, command);
                return karaf == null || karaf instanceof ShellCommand ? new ExecCommand(sessions, command) : karaf;
            }

            @Override
            public String toString() {
                return "gwcli's exec commands over " + karafs;
            }
        };
        server.setCommandFactory(ours);
    }

    @Deactivate
    void deactivate() {
        if (server.getCommandFactory() == ours) {
            server.setCommandFactory(karafs);
        }
    }
}
