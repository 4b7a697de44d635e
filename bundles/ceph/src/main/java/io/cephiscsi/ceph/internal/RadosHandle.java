package io.cephiscsi.ceph.internal;

import com.sun.jna.Pointer;

import com.ceph.rados.Rados;

/** A rados-java cluster handle that also hands out its {@code rados_t}, for the calls {@link LibRados} binds. */
public class RadosHandle extends Rados {

    public RadosHandle(String clusterName, String user) {
        super(clusterName, user, 0);
    }

    /** The {@code rados_t}; valid until {@link #shutDown()}. */
    public Pointer pointer() {
        return clusterPtr;
    }
}
