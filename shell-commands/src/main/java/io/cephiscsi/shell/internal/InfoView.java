package io.cephiscsi.shell.internal;

import java.io.PrintStream;

import io.cephiscsi.ceph.ClusterHealth;
import io.cephiscsi.gateway.ApplianceInfo;

/** The root node's {@code info}, in upstream's layout (label column 19 wide), then what this appliance adds. */
public final class InfoView {

    private InfoView() {
    }

    public static void print(ApplianceInfo info, PrintStream out) {
        line(out, "HTTP mode", info.httpMode());
        line(out, "Rest API port", Integer.toString(info.apiPort()));
        line(out, "Local endpoint", info.localEndpoint());
        line(out, "Local Ceph Cluster", info.clusterName());
        line(out, "2ndary API IP's", info.trustedIps().isEmpty() ? "None" : String.join(",", info.trustedIps()));
        line(out, "Backend", info.backend());
        if (info.health().isPresent()) {
            ClusterHealth health = info.health().get();
            line(out, "Cluster health", health.status());
            for (ClusterHealth.Check check : health.checks()) {
                line(out, "", check.severity() + " " + check.code() + ": " + check.message());
            }
        }
        info.healthProblem().ifPresent(problem -> line(out, "Cluster health", "UNKNOWN - " + problem));
        for (String problem : info.problems()) {
            line(out, "Problem", problem);
        }
    }

    private static void line(PrintStream out, String label, String value) {
        out.println(String.format("%-19s: %s", label, value));
    }
}
