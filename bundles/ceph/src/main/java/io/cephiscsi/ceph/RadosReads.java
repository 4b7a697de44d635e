package io.cephiscsi.ceph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.ceph.rados.IoCTX;
import com.ceph.rados.exceptions.RadosException;
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
