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

    /**
     * Sends one JSON mgr command (e.g. {@code {"prefix":"service status","format":"json"}}) and returns its output.
     * It waits for the mgr however long that takes (librados cannot give up on a mgr command safely): call it from
     * a thread of your own, never on a request's path.
     *
     * @throws CephException when the cluster or its mgr cannot be reached, or the mgr refuses the command
     */
    String mgrCommand(String jsonCommand);

    /**
     * Runs {@code call} with an I/O context of {@code pool} on the shared connection, and closes the context.
     * A librados error becomes a {@link CephException} naming the pool; a lost connection is reopened by the next
     * call. The context must not escape {@code call}.
     *
     * @throws CephException when the cluster cannot be reached, the pool does not exist, or {@code call} fails
     */
    <T> T withIoCtx(String pool, IoCall<T> call);

    /**
     * Watches {@code pool/oid}: {@code onNotify} runs (on a librados thread: it must not block) after every
     * notify sent to the object, e.g. by {@link RadosObjects#notify}.
     *
     * @throws CephException when the cluster cannot be reached or the object does not exist
     */
    ObjectWatch watch(String pool, String oid, Runnable onNotify);
}
