package io.cephiscsi.ceph.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.NativeLongByReference;

/**
 * The few librbd calls rados-java 0.6.0 does not bind: image features, the size without a full stat, and the
 * exclusive-lock (managed lock) owner. Called with the image pointer rados-java exposes ({@code RbdImage.getPointer()}).
 * Kept apart from {@link LibRados}: another library, and the config store never needs these.
 */
public interface LibRbdExtras extends Library {

    /** JNA falls back to the versioned soname (librbd.so.1): no librbd-dev package is needed. */
    LibRbdExtras INSTANCE = Native.load("rbd", LibRbdExtras.class);

    /** {@code RBD_LOCK_MODE_EXCLUSIVE} of {@code rbd_lock_mode_t}. */
    int LOCK_MODE_EXCLUSIVE = 0;

    int rbd_get_features(Pointer image, LongByReference features);

    int rbd_get_size(Pointer image, LongByReference size);

    int rbd_is_exclusive_lock_owner(Pointer image, IntByReference isOwner);

    /**
     * The holders of the header lock {@code rbd_lock}, which is also the lock the exclusive-lock feature manages (with a
     * cookie {@code auto <n>}); unlike {@code rbd_lock_get_owners} it works on an image opened read-only. Each buffer
     * gets NUL-separated strings; -ERANGE with the needed lengths when one is too small; returns the number of lockers.
     */
    long rbd_list_lockers(Pointer image, IntByReference exclusive, byte[] tag, NativeLongByReference tagLength,
            byte[] clients, NativeLongByReference clientsLength, byte[] cookies, NativeLongByReference cookiesLength,
            byte[] addresses, NativeLongByReference addressesLength);

    int rbd_lock_acquire(Pointer image, int lockMode);

    int rbd_lock_release(Pointer image);
}
