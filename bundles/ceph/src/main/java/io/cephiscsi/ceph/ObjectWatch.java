package io.cephiscsi.ceph;

/** A RADOS watch on one object; see {@link CephCluster#watch}. */
public interface ObjectWatch extends AutoCloseable {

    /** False once the watch is lost (session timeout, reconnect); the owner then watches again. */
    boolean active();

    @Override
    void close();
}
