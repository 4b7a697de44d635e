package io.cephiscsi.ceph;

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
import com.sun.jna.StringArray;
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
        List<String> names = List.copyOf(oids);
        int count = names.size();
        if (count == 0) {
            return Map.of();
        }
        // one block per kind of result for all reads (librados writes into them on completion), and the key once
        int pointer = Native.POINTER_SIZE;
        Memory iterators = zeroed((long) count * pointer);
        Memory results = zeroed(4L * count);
        Memory completions = zeroed((long) count * pointer);
        StringArray keys = new StringArray(new String[] {key});
        Pointer[] ops = new Pointer[count];
        int started = 0;
        try {
            for (int i = 0; i < count; i++) {
                ops[i] = lib.rados_create_read_op();
                lib.rados_read_op_omap_get_vals_by_keys(ops[i], keys, 1, iterators.share((long) i * pointer),
                        results.share(4L * i));
                check(lib.rados_aio_create_completion(null, null, null, completions.share((long) i * pointer)),
                        "completion for " + names.get(i));
                check(lib.rados_aio_read_op_operate(ops[i], io.getPointer(),
                        completions.getPointer((long) i * pointer), names.get(i), 0), names.get(i));
                started++;
            }
            Map<String, Optional<byte[]>> values = new LinkedHashMap<>();
            RadosException failure = null;
            for (int i = 0; i < count; i++) {
                Pointer completion = completions.getPointer((long) i * pointer);
                lib.rados_aio_wait_for_complete(completion);
                int status = lib.rados_aio_get_return_value(completion);
                int omapStatus = results.getInt(4L * i);
                String oid = names.get(i);
                if (status == ENOENT || omapStatus == ENOENT) {
                    values.put(oid, Optional.empty());
                } else if (status < 0 || omapStatus < 0) {
                    if (failure == null) {
                        int error = status < 0 ? status : omapStatus;
                        failure = new RadosException("read " + oid + " failed with error " + error, error);
                    }
                } else {
                    values.put(oid, Optional.ofNullable(omap(iterators.getPointer((long) i * pointer)).get(key)));
                }
            }
            if (failure != null) {
                throw failure;
            }
            return values;
        } finally {
            // every started read is waited for before the memory goes: librados writes into it on completion
            for (int i = 0; i < count; i++) {
                Pointer completion = completions.getPointer((long) i * pointer);
                if (completion != null) {
                    if (i < started) {
                        lib.rados_aio_wait_for_complete(completion);
                    }
                    lib.rados_aio_release(completion);
                }
                Pointer iterator = iterators.getPointer((long) i * pointer);
                if (iterator != null) {
                    lib.rados_omap_get_end(iterator);
                }
                if (ops[i] != null) {
                    lib.rados_release_read_op(ops[i]);
                }
            }
        }
    }

    private static Memory zeroed(long size) {
        Memory memory = new Memory(size);
        memory.clear();
        return memory;
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
