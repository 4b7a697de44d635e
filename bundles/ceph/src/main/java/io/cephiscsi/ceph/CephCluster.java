package io.cephiscsi.ceph;

/**
 * The Ceph cluster this gateway belongs to, reached through one RADOS connection per appliance.
 * Registered only when the settings select the {@code ceph} backend.
 */
public interface CephCluster {

    /** The cluster name from the settings ({@code cluster_name}), as gwcli shows it. */
    String name();

    /** Health as {@code ceph health} reports it, with the message of every active check. */
    ClusterHealth health();

    /**
     * Sends one JSON mon command (e.g. {@code {"prefix":"df","format":"json"}}) and returns its output.
     *
     * @throws CephException when the cluster cannot be reached or refuses the command
     */
    String monCommand(String jsonCommand);
}
