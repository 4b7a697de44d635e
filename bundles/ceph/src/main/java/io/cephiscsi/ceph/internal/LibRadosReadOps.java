package io.cephiscsi.ceph.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * librados compound read operations, which rados-java 0.6.0 does not bind: an object's omap values and xattrs in one
 * round trip, synchronously or as asynchronous operations (many in flight at once). Kept apart from
 * {@link LibRados} (the config store's locks and writes) so the two evolve separately.
 * <p>
 * Direct-mapped ({@link Native#register}) and with every out-parameter a {@link Pointer} into native memory the
 * caller allocates once per listing: a listing of 1,000 images makes ~10,000 of these calls, and through an
 * interface proxy each call converted its arguments reflectively and each by-reference holder or string argument
 * allocated its own JNA {@code Memory}, which JNA registers in one global map keyed by address — that alone was
 * half of the calling thread's time. Out-parameters of an asynchronous operation are written when it completes, so
 * the memory must outlive the operation.
 */
public final class LibRadosReadOps {

    static {
        Native.register("rados");
    }

    private LibRadosReadOps() {
    }

    public static native Pointer rados_create_read_op();

    public static native void rados_release_read_op(Pointer op);

    /** @param more native memory for an unsigned char; @param result for an int; @param iterator for a pointer */
    public static native void rados_read_op_omap_get_vals2(Pointer op, String startAfter, String filterPrefix,
            long maxReturn, Pointer iterator, Pointer more, Pointer result);

    public static native void rados_read_op_getxattrs(Pointer op, Pointer iterator, Pointer result);

    public static native int rados_read_op_operate(Pointer op, Pointer io, String oid, int flags);

    /** @param keys a native array of C strings */
    public static native void rados_read_op_omap_get_vals_by_keys(Pointer op, Pointer keys, long keyCount,
            Pointer iterator, Pointer result);

    /** @param completion native memory for a {@code rados_completion_t} */
    public static native int rados_aio_create_completion(Pointer callbackArgument, Pointer complete, Pointer safe,
            Pointer completion);

    /** @param oid a NUL-terminated name in native memory (the caller encodes all names of a listing at once) */
    public static native int rados_aio_read_op_operate(Pointer op, Pointer io, Pointer completion, Pointer oid,
            int flags);

    public static native int rados_aio_wait_for_complete(Pointer completion);

    public static native int rados_aio_get_return_value(Pointer completion);

    public static native void rados_aio_release(Pointer completion);

    /** @param key, value native memory for a pointer each; @param keyLength, valueLength for a size_t each */
    public static native int rados_omap_get_next2(Pointer iterator, Pointer key, Pointer value, Pointer keyLength,
            Pointer valueLength);

    public static native void rados_omap_get_end(Pointer iterator);

    public static native int rados_getxattrs_next(Pointer iterator, Pointer name, Pointer value, Pointer length);

    public static native void rados_getxattrs_end(Pointer iterator);
}
