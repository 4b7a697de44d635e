package io.cephiscsi.ceph.internal;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few librados calls rados-java 0.6.0 does not bind: advisory object locks, compound write operations and
 * watch/notify. Called with the pointers rados-java exposes ({@code IoCTX.getPointer()}).
 */
public interface LibRados extends Library {

    LibRados INSTANCE = Native.load("rados", LibRados.class);

    /** {@code struct timeval}: a lock's lease. */
    @Structure.FieldOrder({"tv_sec", "tv_usec"})
    class TimeVal extends Structure {
        public NativeLong tv_sec;
        public NativeLong tv_usec;

        public TimeVal(long millis) {
            tv_sec = new NativeLong(millis / 1000);
            tv_usec = new NativeLong((millis % 1000) * 1000);
        }
    }

    /** {@code rados_watchcb2_t}, called on a librados thread: must not block. */
    interface WatchCallback extends Callback {
        void invoke(Pointer arg, long notifyId, long handle, long notifierId, Pointer data, NativeLong dataLength);
    }

    /** {@code rados_watcherrcb_t}: the watch was lost (e.g. the session timed out). */
    interface WatchErrorCallback extends Callback {
        void invoke(Pointer arg, long cookie, int error);
    }

    int rados_lock_exclusive(Pointer io, String oid, String name, String cookie, String description, TimeVal duration,
            byte flags);

    int rados_unlock(Pointer io, String oid, String name, String cookie);

    Pointer rados_create_write_op();

    void rados_release_write_op(Pointer op);

    long rados_get_last_version(Pointer io);

    void rados_write_op_assert_version(Pointer op, long version);

    void rados_write_op_cmpxattr(Pointer op, String name, byte comparison, byte[] value, NativeLong length);

    void rados_write_op_exec(Pointer op, String cls, String method, byte[] input, NativeLong inputLength,
            com.sun.jna.ptr.IntByReference result);

    void rados_write_op_write_full(Pointer op, byte[] buffer, NativeLong length);

    void rados_write_op_setxattr(Pointer op, String name, byte[] value, NativeLong length);

    int rados_write_op_operate(Pointer op, Pointer io, String oid, Pointer mtime, int flags);

    int rados_watch2(Pointer io, String oid, LongByReference cookie, WatchCallback callback,
            WatchErrorCallback errorCallback, Pointer arg);

    int rados_unwatch2(Pointer io, long cookie);

    int rados_notify_ack(Pointer io, String oid, long notifyId, long cookie, byte[] buffer, int length);

    int rados_notify2(Pointer io, String oid, byte[] buffer, int length, long timeoutMillis, PointerByReference reply,
            com.sun.jna.ptr.NativeLongByReference replyLength);

    void rados_buffer_free(Pointer buffer);
}
