package io.cephiscsi.ceph.internal;

import com.ceph.rados.IoCTX;
import com.ceph.rados.Rados;
import com.ceph.rados.exceptions.RadosException;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;

import io.cephiscsi.ceph.ObjectWatch;

/**
 * One {@code rados_watch2} on its own I/O context. The JNA callbacks are fields, so they stay reachable as long
 * as librados may call them (a collected callback would crash the JVM).
 */
final class RadosWatch implements ObjectWatch {

    private final Rados handle;
    private final IoCTX io;
    private final String oid;
    private final Runnable onNotify;
    private final Runnable onClose;
    private final LibRados.WatchCallback callback = this::notified;
    private final LibRados.WatchErrorCallback errorCallback = (arg, cookie, error) -> lost();
    private volatile boolean active;
    private long cookie;

    RadosWatch(Rados handle, String pool, String oid, Runnable onNotify, Runnable onClose) throws RadosException {
        this.handle = handle;
        this.io = handle.ioCtxCreate(pool);
        this.oid = oid;
        this.onNotify = onNotify;
        this.onClose = onClose;
        LongByReference id = new LongByReference();
        int result = LibRados.INSTANCE.rados_watch2(io.getPointer(), oid, id, callback, errorCallback, null);
        if (result < 0) {
            handle.ioCtxDestroy(io);
            throw new RadosException("watch " + oid + " failed with error " + result, result);
        }
        cookie = id.getValue();
        active = true;
    }

    Rados handle() {
        return handle;
    }

    private void notified(Pointer arg, long notifyId, long watchHandle, long notifierId, Pointer data,
            NativeLong length) {
        // acknowledge at once so the notifier does not wait, then tell the owner
        LibRados.INSTANCE.rados_notify_ack(io.getPointer(), oid, notifyId, cookie, null, 0);
        onNotify.run();
    }

    private void lost() {
        active = false;
    }

    @Override
    public boolean active() {
        return active;
    }

    @Override
    public synchronized void close() {
        if (cookie == 0) {
            return;
        }
        active = false;
        LibRados.INSTANCE.rados_unwatch2(io.getPointer(), cookie);
        cookie = 0;
        handle.ioCtxDestroy(io);
        onClose.run();
    }
}
