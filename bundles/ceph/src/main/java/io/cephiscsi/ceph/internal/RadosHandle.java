package io.cephiscsi.ceph.internal;

import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Pointer;

import com.ceph.rados.Rados;

/**
 * A rados-java cluster handle that also hands out its {@code rados_t}, for the calls {@link LibRados} binds, and
 * counts the calls using it: a handle dropped after a failure (or at close) while other threads still run calls on
 * it shuts down when the last of them is done, not under them (librados frees what those calls still use).
 */
public class RadosHandle extends Rados {

    /** the connection's own reference plus one per call in flight; 0: shut down */
    private final AtomicInteger users = new AtomicInteger(1);

    public RadosHandle(String clusterName, String user) {
        super(clusterName, user, 0);
    }

    /** The {@code rados_t}; valid until {@link #shutDown()}. */
    public Pointer pointer() {
        return clusterPtr;
    }

    /** One more call on this handle; false when it is already retired and shut down (take the next one). */
    boolean retain() {
        while (true) {
            int count = users.get();
            if (count == 0) {
                return false;
            }
            if (users.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** A call is done; the last one after {@link #retire} shuts the handle down. */
    void release() {
        if (users.decrementAndGet() == 0) {
            shutDown();
        }
    }

    /** The connection drops its own reference: shut down now, or when the calls in flight are done. */
    void retire() {
        release();
    }
}
