package io.cephiscsi.itests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Listening ports for appliances under test. */
final class Ports {

    private Ports() {
    }

    /**
     * A port free now, below the kernel's ephemeral range (32768..60999): a port the kernel handed out and took back
     * may go to any outgoing connection (a RADOS client, an HTTP call) before the appliance binds it, which made an
     * appliance's SSH server fail with "Address already in use" now and then. Above Pax Exam's RMI ports
     * (21000..21099), which its container binds after the ports of its configuration were picked.
     */
    static int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(22_000, 32_000);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IllegalStateException("no free port in 22000..31999");
    }
}
