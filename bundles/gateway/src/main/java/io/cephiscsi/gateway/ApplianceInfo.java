package io.cephiscsi.gateway;

import java.util.List;
import java.util.Optional;

import io.cephiscsi.ceph.ClusterHealth;

/**
 * The gateway's view of itself, as gwcli's root {@code info} prints it.
 *
 * @param httpMode      {@code http} or {@code https}
 * @param apiPort       the REST API port
 * @param localEndpoint the local API URL, e.g. {@code http://localhost:5000/api}
 * @param clusterName   the Ceph cluster name from the settings
 * @param trustedIps    {@code trusted_ip_list}
 * @param backend       {@code embedded} or {@code ceph}
 * @param health        the cluster health, on the {@code ceph} backend when the cluster answered
 * @param healthProblem why the health is unknown, on the {@code ceph} backend when the cluster did not answer
 * @param problems      what keeps the gateway from working now, as {@link GatewayStatus#problems()}
 */
public record ApplianceInfo(String httpMode, int apiPort, String localEndpoint, String clusterName,
        List<String> trustedIps, String backend, Optional<ClusterHealth> health, Optional<String> healthProblem,
        List<String> problems) {

    public ApplianceInfo {
        trustedIps = List.copyOf(trustedIps);
        problems = List.copyOf(problems);
    }

    public ApplianceInfo(String httpMode, int apiPort, String localEndpoint, String clusterName,
            List<String> trustedIps, String backend, Optional<ClusterHealth> health, Optional<String> healthProblem) {
        this(httpMode, apiPort, localEndpoint, clusterName, trustedIps, backend, health, healthProblem, List.of());
    }
}
