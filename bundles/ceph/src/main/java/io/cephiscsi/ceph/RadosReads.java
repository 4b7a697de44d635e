package io.cephiscsi.ceph;

import java.nio.charset.StandardCharsets;
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
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;

import io.cephiscsi.ceph.internal.LibRadosReadOps;

/**
 * Reads rados-java lacks, for use inside {@link CephCluster#withIoCtx}: an object's omap values and xattrs in one
 * compound operation, so one round trip answers what otherwise takes several.
 */
public final class RadosReads {

    private static final int ENOENT = -2;
    /** Bytes of a pointer or a size_t on the 64-bit platforms Ceph supports. */
    private static final long SLOT = 8;

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
        // out-parameters: omap iterator, "more" flag, omap result, xattr iterator, xattr result
        Memory out = zeroed(5L * SLOT);
        Cursor cursor = new Cursor();
        Pointer op = LibRadosReadOps.rados_create_read_op();
        try {
            LibRadosReadOps.rados_read_op_omap_get_vals2(op, startAfter, filterPrefix, max, out.share(0),
                    out.share(SLOT), out.share(2L * SLOT));
            if (withXattrs) {
                LibRadosReadOps.rados_read_op_getxattrs(op, out.share(3L * SLOT), out.share(4L * SLOT));
            }
            int result = LibRadosReadOps.rados_read_op_operate(op, io.getPointer(), oid, 0);
            Pointer omapIterator = out.getPointer(0);
            Pointer xattrIterator = out.getPointer(3L * SLOT);
            try {
                check(result, oid);
                check(out.getInt(2L * SLOT), oid);
                check(out.getInt(4L * SLOT), oid);
                return new ObjectData(cursor.omap(omapIterator, Integer.MAX_VALUE), out.getByte(SLOT) != 0,
                        withXattrs ? cursor.xattrs(xattrIterator) : Map.of());
            } finally {
                // the iterators exist once the operation ran, whatever its result; each must be ended once
                if (omapIterator != null) {
                    LibRadosReadOps.rados_omap_get_end(omapIterator);
                }
                if (xattrIterator != null) {
                    LibRadosReadOps.rados_getxattrs_end(xattrIterator);
                }
            }
        } finally {
            LibRadosReadOps.rados_release_read_op(op);
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
        List<String> names = List.copyOf(oids);
        int count = names.size();
        if (count == 0) {
            return Map.of();
        }
        // one block per kind of result for all reads (librados writes into them on completion), the names and the
        // key encoded once: no native allocation per object
        Memory iterators = zeroed(count * SLOT);
        Memory results = zeroed(4L * count);
        Memory completions = zeroed(count * SLOT);
        NativeNames oidNames = new NativeNames(names);
        StringArray keys = new StringArray(new String[] {key});
        Cursor cursor = new Cursor();
        Pointer[] ops = new Pointer[count];
        int started = 0;
        int waited = 0;
        try {
            for (int i = 0; i < count; i++) {
                ops[i] = LibRadosReadOps.rados_create_read_op();
                LibRadosReadOps.rados_read_op_omap_get_vals_by_keys(ops[i], keys, 1, iterators.share(i * SLOT),
                        results.share(4L * i));
                check(LibRadosReadOps.rados_aio_create_completion(null, null, null, completions.share(i * SLOT)),
                        "completion for " + names.get(i));
                check(LibRadosReadOps.rados_aio_read_op_operate(ops[i], io.getPointer(),
                        completions.getPointer(i * SLOT), oidNames.name(i), 0), names.get(i));
                started++;
            }
            Map<String, Optional<byte[]>> values = new LinkedHashMap<>();
            RadosException failure = null;
            for (int i = 0; i < count; i++) {
                Pointer completion = completions.getPointer(i * SLOT);
                LibRadosReadOps.rados_aio_wait_for_complete(completion);
                waited++;
                int status = LibRadosReadOps.rados_aio_get_return_value(completion);
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
                    // asked for one key: the first entry is it, or there is none
                    values.put(oid, Optional.ofNullable(cursor.omap(iterators.getPointer(i * SLOT), 1).get(key)));
                }
            }
            if (failure != null) {
                throw failure;
            }
            return values;
        } finally {
            // every started read is waited for before the memory goes: librados writes into it on completion
            for (int i = 0; i < count; i++) {
                Pointer completion = completions.getPointer(i * SLOT);
                if (completion != null) {
                    if (i >= waited && i < started) {
                        LibRadosReadOps.rados_aio_wait_for_complete(completion);
                    }
                    LibRadosReadOps.rados_aio_release(completion);
                }
                Pointer iterator = iterators.getPointer(i * SLOT);
                if (iterator != null) {
                    LibRadosReadOps.rados_omap_get_end(iterator);
                }
                if (ops[i] != null) {
                    LibRadosReadOps.rados_release_read_op(ops[i]);
                }
            }
        }
    }

    private static Memory zeroed(long size) {
        Memory memory = new Memory(size);
        memory.clear();
        return memory;
    }

    /** The names of a listing as NUL-terminated UTF-8 strings in one native block. */
    private static final class NativeNames {
        private final Memory block;
        private final long[] offsets;

        NativeNames(List<String> names) {
            List<byte[]> encoded = new ArrayList<>(names.size());
            long total = 0;
            for (String name : names) {
                byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
                encoded.add(bytes);
                total += bytes.length + 1;
            }
            block = zeroed(total);
            offsets = new long[names.size()];
            long offset = 0;
            for (int i = 0; i < encoded.size(); i++) {
                offsets[i] = offset;
                block.write(offset, encoded.get(i), 0, encoded.get(i).length);
                offset += encoded.get(i).length + 1;
            }
        }

        Pointer name(int index) {
            return block.share(offsets[index]);
        }
    }

    /** Out-parameters of the iterators' "next" calls (name, value, two lengths), reused for every entry. */
    private static final class Cursor {
        private final Memory out = zeroed(4 * SLOT);
        private final Pointer name = out.share(0);
        private final Pointer value = out.share(SLOT);
        private final Pointer nameLength = out.share(2 * SLOT);
        private final Pointer valueLength = out.share(3 * SLOT);

        /** At most {@code max} entries of an omap iterator. */
        Map<String, byte[]> omap(Pointer iterator, int max) throws RadosException {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            while (iterator != null && entries.size() < max) {
                check(LibRadosReadOps.rados_omap_get_next2(iterator, name, value, nameLength, valueLength),
                        "omap iterator");
                Pointer key = name.getPointer(0);
                if (key == null) {
                    break;
                }
                byte[] keyBytes = key.getByteArray(0, (int) nameLength.getLong(0));
                entries.put(new String(keyBytes, StandardCharsets.UTF_8), bytes(value, valueLength));
            }
            return Collections.unmodifiableMap(entries);
        }

        Map<String, byte[]> xattrs(Pointer iterator) throws RadosException {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            while (iterator != null) {
                check(LibRadosReadOps.rados_getxattrs_next(iterator, name, value, valueLength), "xattr iterator");
                Pointer key = name.getPointer(0);
                if (key == null) {
                    break;
                }
                entries.put(key.getString(0, StandardCharsets.UTF_8.name()), bytes(value, valueLength));
            }
            return Collections.unmodifiableMap(entries);
        }

        private static byte[] bytes(Pointer value, Pointer length) {
            int size = (int) length.getLong(0);
            return size == 0 ? new byte[0] : value.getPointer(0).getByteArray(0, size);
        }
    }

    private static void check(int result, String what) throws RadosException {
        if (result < 0) {
            String reason = result == ENOENT ? "does not exist" : "failed with error " + result;
            throw new RadosException("read " + what + " " + reason, result);
        }
    }
}
