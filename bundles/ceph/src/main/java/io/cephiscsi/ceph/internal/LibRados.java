package io.cephiscsi.ceph.internal;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few librados calls rados-java 0.6.0 does not bind: advisory object locks, compound write operations,
 * watch/notify, mgr commands and the service map. Called with the pointers rados-java exposes
 * ({@code IoCTX.getPointer()}, {@link RadosHandle#pointer()}).
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

    /** A JSON mgr command, as {@code ceph} sends one; free {@code out} and {@code status} with rados_buffer_free. */
    int rados_mgr_command(Pointer cluster, String[] command, NativeLong commandLength, byte[] input,
            NativeLong inputLength, PointerByReference out, NativeLongByReference outLength, PointerByReference status,
            NativeLongByReference statusLength);

    /**
     * Registers this client as {@code daemon} of {@code service} in the cluster's service map (as tcmu-runner does
     * for each of its devices). {@code metadata}: key, NUL, value, NUL, ..., then one more NUL.
     */
    int rados_service_register(Pointer cluster, String service, String daemon, byte[] metadata);

    /** Replaces this service daemon's status (same encoding as the metadata); the mgr gets it with the next report. */
    int rados_service_update_status(Pointer cluster, byte[] status);

    /** The key, NUL, value, NUL, ..., NUL encoding of {@link #rados_service_register} and its status update. */
    static byte[] dict(java.util.Map<String, String> entries) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (java.util.Map.Entry<String, String> entry : entries.entrySet()) {
            out.writeBytes(entry.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(0);
            out.writeBytes(entry.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(0);
        }
        out.write(0);
        return out.toByteArray();
    }
}
