package io.cephiscsi.ceph;

import java.util.ArrayList;
import java.util.List;

import com.ceph.rbd.RbdException;
import com.ceph.rbd.RbdImage;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.NativeLongByReference;

import io.cephiscsi.ceph.internal.LibRbdExtras;

/**
 * Image operations rados-java lacks, on an image opened through {@code com.ceph.rbd.Rbd} inside
 * {@link CephCluster#withIoCtx}: features, size, and who holds the exclusive lock. Failures are rados-java's own
 * {@link RbdException} carrying the negative librbd return code, so callers map them as they map rados-java's.
 */
public final class RbdExtras {

    private static final int ENOENT = -2;
    private static final int ERANGE = -34;

    private RbdExtras() {
    }

    /** The image's feature bits ({@code RBD_FEATURE_*}). */
    public static long features(RbdImage image) throws RbdException {
        LongByReference features = new LongByReference();
        check(LibRbdExtras.INSTANCE.rbd_get_features(image.getPointer(), features), "get features of", image);
        return features.getValue();
    }

    /** The size in bytes, cheaper than a full {@code stat}. */
    public static long size(RbdImage image) throws RbdException {
        LongByReference size = new LongByReference();
        check(LibRbdExtras.INSTANCE.rbd_get_size(image.getPointer(), size), "get size of", image);
        return size.getValue();
    }

    /** True when this client (this RADOS connection) holds the image's exclusive lock. */
    public static boolean isExclusiveLockOwner(RbdImage image) throws RbdException {
        IntByReference owner = new IntByReference();
        check(LibRbdExtras.INSTANCE.rbd_is_exclusive_lock_owner(image.getPointer(), owner),
                "query the lock owner of", image);
        return owner.getValue() != 0;
    }

    /**
     * The clients (e.g. {@code client.4235}) holding the image's lock: the exclusive lock librbd takes for a writer,
     * or an advisory lock ({@code rbd lock add}). Empty when nobody holds it. Works on an image opened read-only, so
     * asking never takes the lock from its owner.
     */
    public static List<String> lockOwners(RbdImage image) throws RbdException {
        int size = 256;
        while (true) {
            NativeLongByReference tagLength = new NativeLongByReference(new NativeLong(size));
            NativeLongByReference clientsLength = new NativeLongByReference(new NativeLong(size));
            NativeLongByReference cookiesLength = new NativeLongByReference(new NativeLong(size));
            NativeLongByReference addressesLength = new NativeLongByReference(new NativeLong(size));
            byte[] clients = new byte[size];
            long result = LibRbdExtras.INSTANCE.rbd_list_lockers(image.getPointer(), new IntByReference(),
                    new byte[size], tagLength, clients, clientsLength, new byte[size], cookiesLength, new byte[size],
                    addressesLength);
            if (result == ERANGE) {
                size = (int) Math.max(size * 2L, Math.max(Math.max(tagLength.getValue().longValue(),
                        clientsLength.getValue().longValue()), Math.max(cookiesLength.getValue().longValue(),
                                addressesLength.getValue().longValue())));
                continue;
            }
            if (result == ENOENT) {
                return List.of();
            }
            check((int) result, "list the lockers of", image);
            return nulSeparated(clients, clientsLength.getValue().intValue(), (int) result);
        }
    }

    private static List<String> nulSeparated(byte[] buffer, int length, int count) {
        List<String> strings = new ArrayList<>(count);
        int start = 0;
        for (int i = 0; i < Math.min(length, buffer.length) && strings.size() < count; i++) {
            if (buffer[i] == 0) {
                strings.add(new String(buffer, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return List.copyOf(strings);
    }

    /** Takes the exclusive lock now (librbd otherwise takes it on the first write). */
    public static void acquireExclusiveLock(RbdImage image) throws RbdException {
        check(LibRbdExtras.INSTANCE.rbd_lock_acquire(image.getPointer(), LibRbdExtras.LOCK_MODE_EXCLUSIVE),
                "acquire the exclusive lock of", image);
    }

    public static void releaseLock(RbdImage image) throws RbdException {
        check(LibRbdExtras.INSTANCE.rbd_lock_release(image.getPointer()), "release the lock of", image);
    }

    private static void check(int result, String what, RbdImage image) throws RbdException {
        if (result < 0) {
            throw new RbdException("cannot " + what + " image " + image.getName() + ": error " + result, result);
        }
    }
}
