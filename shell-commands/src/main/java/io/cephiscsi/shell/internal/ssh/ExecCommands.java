package io.cephiscsi.shell.internal.ssh;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Runs the console's SSH exec requests ({@code ssh -p 8101 admin@gw 'gwcli ls /'}, {@code bin/client -b}) with
 * {@link ExecCommand}, which delivers the whole output before the exit status. Karaf's SSH bundle publishes its
 * {@link SshServer} as a service; this component puts its own command factory in front of Karaf's on each
 * published server while it is active (a server asks for its factory at each exec request) and gives Karaf's back
 * when it stops. Whatever
 * Karaf's factory makes other than its shell command (scp) is left as it is.
 */
@Component(immediate = true)
public class ExecCommands {

    private final SessionFactory sessions;
    /** Each server this component changed, with the command factory Karaf had given it. */
    private final Map<SshServer, CommandFactory> karafs = new IdentityHashMap<>();

    @Activate
    public ExecCommands(@Reference SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * Every published server, not only one: Karaf's SSH bundle publishes a new server each time it restarts its
     * SSH service (as it does when its configuration arrives after it started) and never withdraws the old one.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addServer(SshServer server) {
        CommandFactory karaf = server.getCommandFactory();
        if (karaf instanceof Ours) {
            return;
        }
        karafs.put(server, karaf);
        server.setCommandFactory(new Ours(karaf));
    }

    synchronized void removeServer(SshServer server) {
        CommandFactory karaf = karafs.remove(server);
        if (server.getCommandFactory() instanceof Ours) {
            server.setCommandFactory(karaf);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        new ArrayList<>(karafs.keySet()).forEach(this::removeServer);
    }

    /** Karaf's exec shell command replaced by {@link ExecCommand}; anything else Karaf's factory makes (scp) kept. */
    private final class Ours implements CommandFactory {
        private final CommandFactory karaf;

        Ours(CommandFactory karaf) {
            this.karaf = karaf;
        }

        @Override
        public Command createCommand(ChannelSession channel, String command) throws IOException {
            Command karafs = karaf == null ? null : karaf.createCommand(channel, command);
            return karafs == null || karafs instanceof ShellCommand ? new ExecCommand(sessions, command) : karafs;
        }

        @Override
        public String toString() {
            return "gwcli's exec commands over " + karaf;
        }
    }
}
