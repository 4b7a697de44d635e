package io.cephiscsi.ceph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.ceph.rados.IoCTX;
import com.ceph.rados.exceptions.RadosException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.ByteByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

import io.cephiscsi.ceph.internal.LibRadosReadOps;

/**
 * Reads rados-java lacks, for use inside {@link CephCluster#withIoCtx}: an object's omap values and xattrs in one
 * compound operation, so one round trip answers what otherwise takes several.
 */
public final class RadosReads {

    private static final int ENOENT = -2;

    private RadosReads() {
    }

    /**
     * The omap entries (keys in order) of one object, at most {@code max} after {@code startAfter}, with
     * {@code more} set when there are further ones; with {@code withXattrs} also every xattr.
     */
    public record ObjectData(Map<String, byte[]> omap, boolean more, Map<String, byte[]> xattrs) {
    }

    /**
     * @param startAfter   "" to start at the first key
     * @param filterPrefix "" for every key
     * @throws RadosException {@code -2} when the object does not exist, or another librados error
     */
    public static ObjectData read(IoCTX io, String oid, String startAfter, String filterPrefix, int max,
            boolean withXattrs) throws RadosException {
        LibRadosReadOps lib = LibRadosReadOps.INSTANCE;
        Pointer op = lib.rados_create_read_op();
        try {
            PointerByReference omapIterator = new PointerByReference();
            ByteByReference more = new ByteByReference();
            IntByReference omapResult = new IntByReference();
            lib.rados_read_op_omap_get_vals2(op, startAfter, filterPrefix, max, omapIterator, more, omapResult);
            PointerByReference xattrIterator = new PointerByReference();
            IntByReference xattrResult = new IntByReference();
            if (withXattrs) {
                lib.rados_read_op_getxattrs(op, xattrIterator, xattrResult);
            }
            int result = lib.rados_read_op_operate(op, io.getPointer(), oid, 0);
            try {
                check(result, oid);
                check(omapResult.getValue(), oid);
                check(xattrResult.getValue(), oid);
                return new ObjectData(omap(omapIterator.getValue()), more.getValue() != 0,
                        withXattrs ? xattrs(xattrIterator.getValue()) : Map.of());
            } finally {
                // the iterators exist once the operation ran, whatever its result; each must be ended once
                if (omapIterator.getValue() != null) {
                    lib.rados_omap_get_end(omapIterator.getValue());
                }
                if (xattrIterator.getValue() != null) {
                    lib.rados_getxattrs_end(xattrIterator.getValue());
                }
            }
        } finally {
            lib.rados_release_read_op(op);
        }
    }

    /**
     * One omap value of each of many objects, all asked for at once (asynchronous operations, all in flight: one
     * round trip for the lot instead of one per object): the value, or empty when the object or the key is missing.
     * In the order of {@code oids}.
     *
     * @throws RadosException the first error other than "does not exist"
     */
    public static Map<String, Optional<byte[]>> omapValueOfEach(IoCTX io, Collection<String> oids, String key)
            throws RadosException {
        LibRadosReadOps lib = LibRadosReadOps.INSTANCE;
        String[] keys = {key};
        List<PendingRead> pending = new ArrayList<>(oids.size());
        try {
            for (String oid : oids) {
                PendingRead read = new PendingRead(oid);
                pending.add(read);
                lib.rados_read_op_omap_get_vals_by_keys(read.op, keys, 1, read.iterator, read.result);
                check(lib.rados_aio_create_completion(null, null, null, read.completion), "completion for " + oid);
                check(lib.rados_aio_read_op_operate(read.op, io.getPointer(), read.completion.getPointer(0), oid,
                        0), oid);
                read.started = true;
            }
            Map<String, Optional<byte[]>> values = new LinkedHashMap<>();
            RadosException failure = null;
            for (PendingRead read : pending) {
                Pointer completion = read.completion.getPointer(0);
                lib.rados_aio_wait_for_complete(completion);
                int status = lib.rados_aio_get_return_value(completion);
                int omapStatus = read.result.getInt(0);
                if (status == ENOENT || omapStatus == ENOENT) {
                    values.put(read.oid, Optional.empty());
                } else if (status < 0 || omapStatus < 0) {
                    if (failure == null) {
                        failure = new RadosException("read " + read.oid + " failed with error "
                                + (status < 0 ? status : omapStatus), status < 0 ? status : omapStatus);
                    }
                } else {
                    values.put(read.oid, Optional.ofNullable(omap(read.iterator.getPointer(0)).get(key)));
                }
            }
            if (failure != null) {
                throw failure;
            }
            return values;
        } finally {
            // every started operation is waited for before its memory goes: librados writes into it on completion
            for (PendingRead read : pending) {
                read.release(lib);
            }
        }
    }

    /** One asynchronous read and the native memory librados writes its results into. */
    private static final class PendingRead {
        final String oid;
        final Pointer op = LibRadosReadOps.INSTANCE.rados_create_read_op();
        final Memory iterator = zeroed(Native.POINTER_SIZE);
        final Memory result = zeroed(4);
        final Memory completion = zeroed(Native.POINTER_SIZE);
        boolean started;

        PendingRead(String oid) {
            this.oid = oid;
        }

        void release(LibRadosReadOps lib) {
            Pointer done = completion.getPointer(0);
            if (done != null) {
                if (started) {
                    lib.rados_aio_wait_for_complete(done);
                }
                lib.rados_aio_release(done);
            }
            Pointer omap = iterator.getPointer(0);
            if (omap != null) {
                lib.rados_omap_get_end(omap);
            }
            lib.rados_release_read_op(op);
        }

        private static Memory zeroed(int size) {
            Memory memory = new Memory(size);
            memory.clear();
            return memory;
        }
    }

    private static Map<String, byte[]> omap(Pointer iterator) throws RadosException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        if (iterator == null) {
            return entries;
        }
        PointerByReference key = new PointerByReference();
        PointerByReference value = new PointerByReference();
        NativeLongByReference keyLength = new NativeLongByReference();
        NativeLongByReference valueLength = new NativeLongByReference();
        while (true) {
            check(LibRadosReadOps.INSTANCE.rados_omap_get_next2(iterator, key, value, keyLength, valueLength),
                    "omap iterator");
            if (key.getValue() == null) {
                return Collections.unmodifiableMap(entries);
            }
            byte[] keyBytes = key.getValue().getByteArray(0, keyLength.getValue().intValue());
            int length = valueLength.getValue().intValue();
            entries.put(new String(keyBytes, java.nio.charset.StandardCharsets.UTF_8),
                    length == 0 ? new byte[0] : value.getValue().getByteArray(0, length));
        }
    }

    private static Map<String, byte[]> xattrs(Pointer iterator) throws RadosException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        if (iterator == null) {
            return entries;
        }
        PointerByReference name = new PointerByReference();
        PointerByReference value = new PointerByReference();
        NativeLongByReference length = new NativeLongByReference();
        while (true) {
            check(LibRadosReadOps.INSTANCE.rados_getxattrs_next(iterator, name, value, length), "xattr iterator");
            if (name.getValue() == null) {
                return Collections.unmodifiableMap(entries);
            }
            int size = length.getValue().intValue();
            entries.put(name.getValue().getString(0), size == 0 ? new byte[0] : value.getValue().getByteArray(0, size));
        }
    }

    private static void check(int result, String what) throws RadosException {
        if (result < 0) {
            String reason = result == ENOENT ? "does not exist" : "failed with error " + result;
            throw new RadosException("read " + what + " " + reason, result);
        }
    }
}
