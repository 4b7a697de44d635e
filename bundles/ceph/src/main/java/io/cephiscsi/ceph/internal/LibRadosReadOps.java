package io.cephiscsi.ceph.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.ByteByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * librados compound read operations, which rados-java 0.6.0 does not bind: an object's omap values and xattrs in one
 * round trip, synchronously or as asynchronous operations (many in flight at once). Out-parameters of an asynchronous
 * operation are written when it completes, so callers pass native memory they keep until then, not JNA's
 * by-reference objects (which JNA reads back, and may free, as soon as the call returns). Kept apart from
 * {@link LibRados} (the config store's locks and writes) so the two evolve separately.
 */
public interface LibRadosReadOps extends Library {

    LibRadosReadOps INSTANCE = Native.load("rados", LibRadosReadOps.class);

    Pointer rados_create_read_op();

    void rados_release_read_op(Pointer op);

    void rados_read_op_omap_get_vals2(Pointer op, String startAfter, String filterPrefix, long maxReturn,
            PointerByReference iterator, ByteByReference more, IntByReference result);

    void rados_read_op_getxattrs(Pointer op, PointerByReference iterator, IntByReference result);

    int rados_read_op_operate(Pointer op, Pointer io, String oid, int flags);

    /** @param iterator native memory for a {@code rados_omap_iter_t}; @param result native memory for an int */
    void rados_read_op_omap_get_vals_by_keys(Pointer op, Pointer keys, long keyCount, Pointer iterator,
            Pointer result);

    /** @param completion native memory for a {@code rados_completion_t} */
    int rados_aio_create_completion(Pointer callbackArgument, Pointer complete, Pointer safe, Pointer completion);

    int rados_aio_read_op_operate(Pointer op, Pointer io, Pointer completion, String oid, int flags);

    int rados_aio_wait_for_complete(Pointer completion);

    int rados_aio_get_return_value(Pointer completion);

    void rados_aio_release(Pointer completion);

    int rados_omap_get_next2(Pointer iterator, PointerByReference key, PointerByReference value,
            NativeLongByReference keyLength, NativeLongByReference valueLength);

    void rados_omap_get_end(Pointer iterator);

    int rados_getxattrs_next(Pointer iterator, PointerByReference name, PointerByReference value,
            NativeLongByReference length);

    void rados_getxattrs_end(Pointer iterator);

}
