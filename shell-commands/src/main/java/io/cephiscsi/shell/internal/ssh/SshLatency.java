package io.cephiscsi.shell.internal.ssh;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.Map;

import org.apache.sshd.common.io.nio2.Nio2Session;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Takes the TCP stalls out of the console's SSH logins. An SSH login is many small packets that each wait for an
 * answer, and TCP holds a small packet back while an earlier one is unacknowledged (Nagle) while the other side
 * delays its acknowledgement by 40 ms. A one-shot {@code ssh gw 'gwcli pwd'} took 58–150 ms, in steps of ~44 ms:
 * <ul>
 * <li>the server's own packets: Nagle off on every connection (Karaf's SSH configuration does not offer it);</li>
 * <li>the client's: OpenSSH sends its KEXINIT and its NEWKEYS each with the next packet right behind, which its
 * Nagle holds until the first is acknowledged; the server answers neither, so in about half the logins each
 * acknowledgement came 40 ms late (Linux delays it on a connection that looks interactive). Once the server has
 * read either, it asks the kernel to acknowledge now ({@code TCP_QUICKACK}), and the client's next packet leaves at
 * once. No SSH message is added (strict key exchange forbids any other message before NEWKEYS).</li>
 * </ul>
 * Each applies to the connections the server accepts from then on.
 */
@Component(immediate = true)
public class SshLatency {

    /** Holds no state: one for every server. */
    private final SessionListener acknowledgeAtOnce = new AcknowledgeAtOnce();

    /** Every published server: Karaf's SSH bundle publishes a new one each time it restarts its SSH service. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addServer(SshServer server) {
        CoreModuleProperties.TCP_NODELAY.set(server, Boolean.TRUE);
        server.addSessionListener(acknowledgeAtOnce);
    }

    /** Also called for each server when this component stops. */
    void removeServer(SshServer server) {
        server.removeSessionListener(acknowledgeAtOnce);
        // Nagle stays off: harmless, and the server may be serving connections still
    }

    /** Acknowledges the client's KEXINIT (negotiation starts once it is read) and NEWKEYS (keys established). */
    private static final class AcknowledgeAtOnce implements SessionListener {
        @Override
        public void sessionNegotiationStart(Session session, Map<KexProposalOption, String> clientProposal,
                Map<KexProposalOption, String> serverProposal) {
            acknowledgeNow(session);
        }

        @Override
        public void sessionEvent(Session session, Event event) {
            if (event == Event.KeyEstablished) {
                acknowledgeNow(session);
            }
        }

        /**
         * TCP_QUICKACK, found by name among the socket's options (the JDK offers it on Linux as
         * {@code jdk.net.ExtendedSocketOptions.TCP_QUICKACK}, a package bundles do not see); anywhere else nothing.
         */
        @SuppressWarnings("unchecked")
        private static void acknowledgeNow(Session session) {
            if (!(session.getIoSession() instanceof Nio2Session nio2)) {
                return;
            }
            AsynchronousSocketChannel socket = nio2.getSocket();
            try {
                for (SocketOption<?> option : socket.supportedOptions()) {
                    if (option.name().equals("TCP_QUICKACK") && option.type() == Boolean.class) {
                        socket.setOption((SocketOption<Boolean>) option, Boolean.TRUE);
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a closed socket, or an option the system refuses: only the 40 ms come back
            }
        }
    }
}
