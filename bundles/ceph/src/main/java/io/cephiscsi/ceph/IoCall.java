package io.cephiscsi.ceph;

import com.ceph.rados.IoCTX;
import com.ceph.rados.exceptions.RadosException;

/** Work done with an I/O context of one pool; see {@link CephCluster#withIoCtx}. */
@FunctionalInterface
public interface IoCall<T> {

    T apply(IoCTX io) throws RadosException;
}
