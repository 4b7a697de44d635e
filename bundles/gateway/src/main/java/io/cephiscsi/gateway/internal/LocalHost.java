package io.cephiscsi.gateway.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/** Facts about the machine the gateway runs on, in the form upstream reports them. */
class LocalHost {

    String fqdn() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            // same fallback as Python's socket.getfqdn(): the plain host name
            String name = System.getenv("HOSTNAME");
            return name != null ? name : "localhost";
        }
    }

    List<String> ipAddresses() {
        TreeSet<String> addresses = new TreeSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    String text = format(address);
                    if (text != null) {
                        addresses.add(text);
                    }
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list the network interfaces: " + e.getMessage(), e);
        }
        addresses.remove("127.0.0.1");
        addresses.remove("::1");
        return List.copyOf(addresses);
    }

    /** IPv4 dotted, IPv6 compressed (RFC 5952); null for scoped addresses, which upstream leaves out. */
    static String format(InetAddress address) {
        if (!(address instanceof Inet6Address v6)) {
            return address.getHostAddress();
        }
        if (v6.getScopeId() != 0 || v6.getScopedInterface() != null || address.isLinkLocalAddress()) {
            return null;
        }
        return compress(v6.getAddress());
    }

    static String compress(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        // the longest run of two or more zero groups becomes "::" (the first one on a tie)
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
