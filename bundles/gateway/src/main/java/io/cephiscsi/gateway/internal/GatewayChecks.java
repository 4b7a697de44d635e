package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.cephiscsi.model.ConfigException;

/**
 * Upstream's {@code valid_gateway} checks of a gateway about to join a target: its API answers, it calls itself by
 * the name given, owns every IP given, has the same settings hash and a supported OS. The API is reached at the
 * first IP given, not by the name: the name need not resolve (yet), and the IP is what initiators will use. This
 * gateway checks itself locally instead of calling itself.
 */
final class GatewayChecks {

    private final AdminContext context;

    GatewayChecks(AdminContext context) {
        this.context = context;
    }

    /** @throws ConfigException (400) naming the first check that fails */
    void check(String gatewayName, List<String> ips) {
        if (gatewayName.equals(context.hostname())) {
            checkLocal(gatewayName, ips);
        } else {
            checkPeer(gatewayName, ips);
        }
    }

    private void checkLocal(String gatewayName, List<String> ips) {
        checkIps(gatewayName, ips, localAddresses(), null);
        checkVersions(gatewayName, OsRelease.problems(Path.of("/etc/os-release")));
    }

    /**
     * This host's addresses, as {@code /api/sysinfo/ip_addresses} lists them, and the one its own API is bound to
     * (as the one a peer is reached at counts as the peer's).
     */
    List<String> localAddresses() {
        List<String> addresses = new ArrayList<>(context.localHost().ipAddresses());
        String apiHost = context.settings().apiHost();
        boolean wildcard = apiHost.equals("::") || apiHost.equals("[::]") || apiHost.equals("0.0.0.0");
        if (!wildcard && !addresses.contains(apiHost)) {
            addresses.add(apiHost);
        }
        return addresses;
    }

    private void checkPeer(String gatewayName, List<String> ips) {
        String address = ips.get(0);
        PeerClient peers = context.peers();
        PeerClient.Reply hostname = call(peers, gatewayName, address, "/sysinfo/hostname");
        if (hostname.status() != 200) {
            throw unreachable(gatewayName);
        }
        String reported = String.valueOf(hostname.body().get("data"));
        if (!gatewayName.equals(reported)) {
            throw ConfigException.invalid("gateway_name", "Gateway name " + gatewayName + " does not match the"
                    + " host name " + reported + " reported by the gateway at " + address);
        }

        PeerClient.Reply addresses = call(peers, gatewayName, address, "/sysinfo/ip_addresses");
        if (addresses.status() != 200) {
            throw unreachable(gatewayName);
        }
        if (!(addresses.body().get("data") instanceof List<?> list)) {
            throw ConfigException.invalid("gateway_name", "Malformed REST API response");
        }
        List<String> owned = new ArrayList<>();
        list.forEach(ip -> owned.add(String.valueOf(ip)));
        checkIps(gatewayName, ips, owned, address);

        PeerClient.Reply checkconf = call(peers, gatewayName, address, "/sysinfo/checkconf");
        if (checkconf.status() != 200) {
            throw ConfigException.invalid("gateway_name",
                    "checkconf API call to " + gatewayName + " failed with code " + checkconf.status());
        }
        if (!context.settings().upstreamHash().equals(String.valueOf(checkconf.body().get("data")))) {
            throw ConfigException.invalid("gateway_name", "/etc/ceph/iscsi-gateway.cfg on " + gatewayName
                    + " does not match the local version. Correct and retry request");
        }

        PeerClient.Reply versions = call(peers, gatewayName, address, "/sysinfo/checkversions");
        if (versions.status() != 200) {
            List<String> problems = new ArrayList<>();
            if (versions.body().get("data") instanceof List<?> data) {
                data.forEach(problem -> problems.add(String.valueOf(problem)));
            } else {
                throw ConfigException.invalid("gateway_name", "Malformed REST API response");
            }
            checkVersions(gatewayName, problems);
        }
    }

    /** Every IP must be the gateway's; the one its API answered at is, whatever its list says (e.g. a NAT). */
    private static void checkIps(String gatewayName, List<String> ips, List<String> owned, String reachedAt) {
        for (String ip : ips) {
            if (!ip.equals(reachedAt) && !owned.contains(ip)) {
                throw ConfigException.invalid("ip_address", "IP address of " + ip + " is not available on "
                        + gatewayName + ". Valid IPs are :" + String.join(",", owned));
            }
        }
    }

    private static void checkVersions(String gatewayName, List<String> problems) {
        if (!problems.isEmpty()) {
            throw ConfigException.invalid("gateway_name",
                    gatewayName + " failed package validation checks - " + String.join(",", problems));
        }
    }

    private static PeerClient.Reply call(PeerClient peers, String gatewayName, String address, String path) {
        try {
            return peers.get(address, path);
        } catch (IOException e) {
            throw unreachable(gatewayName);
        }
    }

    private static ConfigException unreachable(String gatewayName) {
        return ConfigException.invalid("gateway_name", "ip_addresses query to " + gatewayName + " failed - check"
                + " rbd-target-api log. Is the API server running and in the right mode (http/https)?");
    }
}
