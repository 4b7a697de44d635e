package io.cephiscsi.ceph;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.ceph.rados.IoCTX;
import com.ceph.rados.exceptions.RadosException;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

import io.cephiscsi.ceph.internal.LibRados;

/**
 * Object operations rados-java lacks, for use inside {@link CephCluster#withIoCtx}: advisory locks with a lease,
 * an atomic write of content plus xattr, and notify.
 */
public final class RadosObjects {

    private static final int EBUSY = -16;
    private static final int EEXIST = -17;

    private RadosObjects() {
    }

    /**
     * Takes the exclusive advisory lock {@code name} on {@code oid} with {@code cookie}, held for {@code lease} at most
     * (a crashed holder cannot block the others for longer). Creates the object when it does not exist, as librados does.
     *
     * @return false when another client (or this client with the lock already taken) holds it
     */
    public static boolean tryLockExclusive(IoCTX io, String oid, String name, String cookie, String description,
            Duration lease) throws RadosException {
        int result = LibRados.INSTANCE.rados_lock_exclusive(io.getPointer(), oid, name, cookie, description,
                new LibRados.TimeVal(lease.toMillis()), (byte) 0);
        if (result == EBUSY || result == EEXIST) {
            return false;
        }
        check(result, "lock " + name + " on " + oid);
        return true;
    }

    public static void unlock(IoCTX io, String oid, String name, String cookie) throws RadosException {
        check(LibRados.INSTANCE.rados_unlock(io.getPointer(), oid, name, cookie), "unlock " + name + " on " + oid);
    }

    /** An object's whole content and the RADOS version it was read at. */
    public record Content(byte[] data, long version) {
    }

    /**
     * Reads the whole object and its version (for {@link #writeFullWithXattr}'s guard) in one round trip when it is
     * no larger than {@code sizeHint} (e.g. its size at the last read); larger objects take another read.
     *
     * @throws RadosException {@code -2} when the object does not exist
     */
    public static Content readWithVersion(IoCTX io, String oid, int sizeHint) throws RadosException {
        byte[] buffer = new byte[Math.max(4096, sizeHint + sizeHint / 4 + 1)];
        int length;
        while ((length = io.read(oid, buffer.length, 0, buffer)) == buffer.length) {
            buffer = new byte[buffer.length * 2]; // it may be larger still: read it again, whole
        }
        byte[] data = java.util.Arrays.copyOf(buffer, length);
        return new Content(data, LibRados.INSTANCE.rados_get_last_version(io.getPointer()));
    }

    /** {@link #readWithVersion(IoCTX, String, int)} without a size hint. */
    public static Content readWithVersion(IoCTX io, String oid) throws RadosException {
        return readWithVersion(io, oid, (int) io.stat(oid).getSize());
    }

    /**
     * Replaces the object's content and sets one xattr in one atomic operation: readers see both or neither.
     * With {@code expectedVersion} > 0 the write fails ({@code -75 EOVERFLOW} / {@code -34 ERANGE}) when the object
     * changed since it was read at that version, so no writer can overwrite a change it did not see.
     *
     * @return the object's version after this write
     */
    public static long writeFullWithXattr(IoCTX io, String oid, byte[] content, String xattr, String value,
            long expectedVersion) throws RadosException {
        return writeFullWithXattr(io, oid, content, xattr, value, expectedVersion, null, null, null);
    }

    /**
     * {@link #writeFullWithXattr(IoCTX, String, byte[], String, String, long)} that also releases the exclusive lock
     * {@code lockName}/{@code cookie} in the same atomic operation: the write happens only while this client still
     * holds the lock (a lease that ran out makes it fail with {@code -2}), and costs no extra round trip. With
     * {@code expectedXattr} the write happens only while {@code xattr} still holds that value ({@code -125}
     * otherwise).
     */
    public static long writeFullWithXattr(IoCTX io, String oid, byte[] content, String xattr, String value,
            long expectedVersion, String expectedXattr, String lockName, String cookie) throws RadosException {
        Pointer op = LibRados.INSTANCE.rados_create_write_op();
        try {
            if (expectedVersion > 0) {
                LibRados.INSTANCE.rados_write_op_assert_version(op, expectedVersion);
            }
            if (expectedXattr != null) {
                byte[] expected = expectedXattr.getBytes(StandardCharsets.UTF_8);
                LibRados.INSTANCE.rados_write_op_cmpxattr(op, xattr, (byte) 1 /* LIBRADOS_CMPXATTR_OP_EQ */, expected,
                        new NativeLong(expected.length));
            }
            if (lockName != null) {
                byte[] unlock = ClsLock.unlockOp(lockName, cookie);
                LibRados.INSTANCE.rados_write_op_exec(op, "lock", "unlock", unlock, new NativeLong(unlock.length),
                        null);
            }
            byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
            LibRados.INSTANCE.rados_write_op_write_full(op, content, new NativeLong(content.length));
            LibRados.INSTANCE.rados_write_op_setxattr(op, xattr, valueBytes, new NativeLong(valueBytes.length));
            check(LibRados.INSTANCE.rados_write_op_operate(op, io.getPointer(), oid, null, 0), "write " + oid);
            return LibRados.INSTANCE.rados_get_last_version(io.getPointer());
        } finally {
            LibRados.INSTANCE.rados_release_write_op(op);
        }
    }

    /** Wakes every watcher of {@code oid}; waits for their acknowledgements up to {@code timeout}. */
    public static void notify(IoCTX io, String oid, Duration timeout) throws RadosException {
        PointerByReference reply = new PointerByReference();
        NativeLongByReference replyLength = new NativeLongByReference();
        int result = LibRados.INSTANCE.rados_notify2(io.getPointer(), oid, new byte[0], 0, timeout.toMillis(), reply,
                replyLength);
        if (reply.getValue() != null) {
            LibRados.INSTANCE.rados_buffer_free(reply.getValue());
        }
        check(result, "notify " + oid);
    }

    static void check(int result, String what) throws RadosException {
        if (result < 0) {
            throw new RadosException(what + " failed with error " + result, result);
        }
    }
}
