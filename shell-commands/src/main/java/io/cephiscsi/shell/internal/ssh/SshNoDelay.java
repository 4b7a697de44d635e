package io.cephiscsi.shell.internal.ssh;

import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Turns Nagle's algorithm off on the console's SSH connections. An SSH exchange is many small packets that each
 * wait for an answer (key exchange, channel requests, exit status, close); with Nagle on, the server holds a small
 * packet back until the client acknowledges the previous one, and the client delays that acknowledgement by 40 ms.
 * A one-shot {@code ssh gw 'gwcli pwd'} took 58–150 ms, in steps of ~44 ms. Karaf's SSH bundle does not expose
 * the option in its configuration; the server applies it to each connection it accepts from then on.
 */
@Component(immediate = true)
public class SshNoDelay {

    /** Every published server: Karaf's SSH bundle publishes a new one each time it restarts its SSH service. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addServer(SshServer server) {
        CoreModuleProperties.TCP_NODELAY.set(server, Boolean.TRUE);
    }

    void removeServer(SshServer server) {
        // the option stays: it is harmless, and the server may be serving connections still
    }
}
