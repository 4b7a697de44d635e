package io.cephiscsi.ceph.internal;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

import com.ceph.rados.IoCTX;
import com.ceph.rados.Rados;
import com.ceph.rados.exceptions.RadosException;

import io.cephiscsi.ceph.CephCluster;
import io.cephiscsi.ceph.CephException;
import io.cephiscsi.ceph.ClusterHealth;
import io.cephiscsi.ceph.IoCall;
import io.cephiscsi.ceph.ObjectWatch;
import io.cephiscsi.model.GatewaySettings;

/**
 * The appliance's one RADOS connection. Opened on first use (so the appliance starts while Ceph is down),
 * dropped after a failure that means the cluster went away, and opened again by the next call.
 */
@Component(service = CephCluster.class)
public class RadosConnection implements CephCluster {

    private static final Logger LOG = LoggerFactory.getLogger(RadosConnection.class);

    /** librados errors after which the handle is not worth keeping: timeouts and lost sessions. */
    private static final Set<Integer> CONNECTION_LOST = Set.of(-110 /* ETIMEDOUT */, -107 /* ENOTCONN */,
            -108 /* ESHUTDOWN */, -32 /* EPIPE */, -4 /* EINTR */);

    private final GatewaySettings settings;
    private final Set<RadosWatch> watches = ConcurrentHashMap.newKeySet();
    // read without the lock by every call (many at once: the shell, REST, the reconciles); set and cleared under it
    private volatile RadosHandle rados;
    private final ReentrantLock mgrLock = new ReentrantLock();
    private RadosHandle mgr; // the mgr commands' own client, opened on first use; guarded by mgrLock
    private volatile boolean closed;

    @Activate
    public RadosConnection(@Reference(target = "(backend=ceph)") GatewaySettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return settings.clusterName();
    }

    @Override
    public ClusterHealth health() {
        return HealthParser.parse(monCommand("{\"prefix\": \"health\", \"format\": \"json\"}"));
    }

    @Override
    public String monCommand(String jsonCommand) {
        RadosHandle handle = acquire();
        try {
            return handle.executeRadosMonCommand(new String[] {jsonCommand}, "").getOutput();
        } catch (RadosException e) {
            throw failed(handle, e, "mon command " + jsonCommand + " failed: " + e.getMessage());
        } finally {
            handle.release();
        }
    }

    /**
     * Mgr commands go over a client of their own that waits for the mgr however long it takes: librados (16.2)
     * leaves a mgr command that timed out in its table, pointing at buffers it has freed, and crashes the JVM when
     * the late reply or the next session touches them. This client has no operation timeout; the shared one keeps
     * {@code time_out}. One command at a time.
     */
    @Override
    public String mgrCommand(String jsonCommand) {
        mgrLock.lock();
        try {
            return mgrCommand(openMgr(), jsonCommand);
        } finally {
            mgrLock.unlock();
        }
    }

    private static String mgrCommand(RadosHandle handle, String jsonCommand) {
        PointerByReference out = new PointerByReference();
        NativeLongByReference outLength = new NativeLongByReference();
        PointerByReference status = new PointerByReference();
        NativeLongByReference statusLength = new NativeLongByReference();
        int result = LibRados.INSTANCE.rados_mgr_command(handle.pointer(), new String[] {jsonCommand},
                new NativeLong(1), new byte[0], new NativeLong(0), out, outLength, status, statusLength);
        String output = take(out, outLength);
        String message = take(status, statusLength);
        if (result < 0) {
            // the handle stays: a timeout here may only mean that no mgr is up, while the mons and OSDs answer
            throw new CephException("mgr command " + jsonCommand + " failed (" + result + ")"
                    + (message.isEmpty() ? "" : ": " + message), result, null);
        }
        return output;
    }

    /** A librados output buffer as text, freed. */
    private static String take(PointerByReference buffer, NativeLongByReference length) {
        Pointer pointer = buffer.getValue();
        if (pointer == null) {
            return "";
        }
        try {
            return new String(pointer.getByteArray(0, (int) length.getValue().longValue()), StandardCharsets.UTF_8);
        } finally {
            LibRados.INSTANCE.rados_buffer_free(pointer);
        }
    }

    @Override
    public <T> T withIoCtx(String pool, IoCall<T> call) {
        RadosHandle handle = acquire();
        try {
            IoCTX io;
            try {
                io = handle.ioCtxCreate(pool);
            } catch (RadosException e) {
                throw failed(handle, e, e.getReturnValue() == -2 ? "pool '" + pool + "' does not exist"
                        : "cannot open pool '" + pool + "': " + e.getMessage());
            }
            try {
                return call.apply(io);
            } catch (RadosException e) {
                throw failed(handle, e, "RADOS operation on pool '" + pool + "' failed: " + e.getMessage());
            } finally {
                handle.ioCtxDestroy(io);
            }
        } finally {
            handle.release();
        }
    }

    @Override
    public ObjectWatch watch(String pool, String oid, Runnable onNotify) {
        RadosHandle handle = acquire(); // the watch holds it until it is closed
        try {
            RadosWatch[] created = new RadosWatch[1];
            created[0] = new RadosWatch(handle, pool, oid, onNotify, () -> {
                watches.remove(created[0]);
                handle.release();
            });
            watches.add(created[0]);
            return created[0];
        } catch (RadosException e) {
            handle.release();
            throw failed(handle, e, "cannot watch " + pool + "/" + oid + ": " + e.getMessage());
        }
    }

    /** A librados error of a call on {@code handle}; one that means the session is lost drops the handle. */
    private CephException failed(RadosHandle handle, RadosException e, String message) {
        if (CONNECTION_LOST.contains(e.getReturnValue())) {
            discard(handle);
        }
        return new CephException(message, e.getReturnValue(), e);
    }

    @Deactivate
    public void close() {
        closed = true;
        synchronized (this) {
            if (rados != null) {
                drop();
            }
        }
        if (mgrLock.tryLock()) {
            try {
                closeMgr();
            } finally {
                mgrLock.unlock();
            }
            return;
        }
        // a mgr command still waits for a mgr that is down: its client goes once the command returns
        Thread closer = new Thread(() -> {
            mgrLock.lock();
            try {
                closeMgr();
            } finally {
                mgrLock.unlock();
            }
        }, "rados-mgr-close");
        closer.setDaemon(true);
        closer.start();
    }

    private void closeMgr() {
        if (mgr != null) {
            mgr.shutDown();
            mgr = null;
        }
    }

    /** The mgr commands' client (under mgrLock). */
    private RadosHandle openMgr() {
        if (closed) {
            throw new CephException("the RADOS connection is closed", -108, null);
        }
        if (mgr == null) {
            mgr = newClient("0"); // no timeout: see mgrCommand
        }
        return mgr;
    }

    /** The shared handle with one more call on it ({@link RadosHandle#release} when done), connected when needed. */
    private RadosHandle acquire() {
        while (true) {
            RadosHandle current = rados;
            if (current == null) {
                current = connect();
            }
            if (current.retain()) {
                return current;
            }
            // dropped and shut down meanwhile: the next read sees null or its successor
        }
    }

    private synchronized RadosHandle connect() {
        if (rados != null) {
            return rados;
        }
        rados = newClient(Integer.toString(settings.timeOut()));
        LOG.info("Connected to Ceph cluster '{}' as {} ({})", settings.clusterName(), settings.clusterClientName(),
                settings.cephConf());
        return rados;
    }

    /** A new client; its mon and OSD operations time out after {@code operationTimeout} s ("0": never). */
    private RadosHandle newClient(String operationTimeout) {
        Path conf = settings.cephConf();
        if (!Files.isReadable(conf)) {
            throw new CephException("cannot read the Ceph configuration " + conf
                    + " (setting ceph_conf, or ceph_config_dir/cluster_name.conf)", -2, null);
        }
        RadosHandle candidate = new RadosHandle(settings.clusterName(), settings.clusterClientName());
        try {
            candidate.confReadFile(new File(conf.toString()));
            // never wait librados' default 300 s for a cluster that is down
            candidate.confSet("client_mount_timeout", Integer.toString(settings.timeOut()));
            candidate.confSet("rados_mon_op_timeout", operationTimeout);
            candidate.confSet("rados_osd_op_timeout", operationTimeout);
            candidate.connect();
        } catch (RadosException e) {
            candidate.shutDown();
            throw new CephException("cannot connect to Ceph cluster '" + settings.clusterName() + "' as "
                    + settings.clusterClientName() + " with " + conf + ": " + e.getMessage(), e.getReturnValue(), e);
        }
        return candidate;
    }

    private synchronized void discard(RadosHandle handle) {
        if (rados == handle) {
            LOG.warn("Dropping the RADOS connection to '{}' after a failure; the next call reconnects",
                    settings.clusterName());
            drop();
        }
    }

    /**
     * Lets the shared handle go (under the monitor): its watches end (their owners watch again on the next one) and
     * it shuts down once the calls still running on it are done. The next call connects again.
     */
    private void drop() {
        RadosHandle handle = rados;
        rados = null;
        closeWatches(handle);
        handle.retire();
    }

    /** Watches live on I/O contexts of a handle: end them before the handle goes. */
    private void closeWatches(Rados handle) {
        for (RadosWatch watch : List.copyOf(watches)) {
            if (watch.handle() == handle) {
                watch.close();
            }
        }
    }
}
