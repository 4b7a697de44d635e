package io.cephiscsi.rbd.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.ceph.rados.IoCTX;
import com.ceph.rados.exceptions.RadosException;

import io.cephiscsi.ceph.RadosReads;
import io.cephiscsi.rbd.ImageId;
import io.cephiscsi.rbd.ImageInfo;
import io.cephiscsi.rbd.SnapshotInfo;

/**
 * Image facts read straight from the RADOS objects of format-2 images, one round trip per image, for listings of
 * many images. Opening an image with librbd costs about five OSD operations and ~5 ms of this VM's CPU; gwcli's
 * {@code ls} needs only size, features, snapshots and lock holder, which the header object keeps as omap values and
 * in the cls_lock xattr. Their encodings have been stable since the format appeared; anything unexpected makes
 * {@link #read} answer empty, and the caller then asks librbd.
 */
final class ImageHeaders {

    /** Name → id of every image of the pool ({@code name_<image>} omap keys of {@code rbd_directory}). */
    static Map<String, String> directory(IoCTX io) throws RadosException {
        Map<String, String> ids = new HashMap<>();
        String after = "";
        while (true) {
            RadosReads.ObjectData page;
            try {
                page = RadosReads.read(io, "rbd_directory", after, "name_", 1024, false);
            } catch (RadosException e) {
                if (e.getReturnValue() == CephErrors.ENOENT) {
                    return ids; // a pool that never had an image
                }
                throw e;
            }
            for (Map.Entry<String, byte[]> entry : page.omap().entrySet()) {
                ids.put(entry.getKey().substring("name_".length()), string(le(entry.getValue())));
                after = entry.getKey();
            }
            if (!page.more() || page.omap().isEmpty()) {
                return ids;
            }
        }
    }

    /**
     * The sizes of images of one pool: the {@code size} omap value of every header at once, the headers found in
     * {@code directory} (name → id, see {@link #directory}). An image this cannot explain (not in the directory,
     * e.g. format 1; its header gone, e.g. removed meanwhile; no or an unexpected size value) is added to
     * {@code unexplained} for the caller to ask librbd.
     */
    static Map<ImageId, Long> sizes(IoCTX io, Map<String, String> directory, List<ImageId> ids,
            List<ImageId> unexplained) throws RadosException {
        Map<String, ImageId> byHeader = new LinkedHashMap<>();
        for (ImageId id : ids) {
            String imageId = directory.get(id.image());
            if (imageId == null) {
                unexplained.add(id);
            } else {
                byHeader.put("rbd_header." + imageId, id);
            }
        }
        Map<ImageId, Long> sizes = new LinkedHashMap<>();
        RadosReads.omapValueOfEach(io, byHeader.keySet(), "size").forEach((header, value) -> {
            ImageId id = byHeader.get(header);
            if (value.isPresent() && value.get().length == 8) {
                sizes.put(id, le(value.get()).getLong());
            } else {
                unexplained.add(id);
            }
        });
        return sizes;
    }

    /** The image's facts from its header object, or empty when the header is not what this reader knows. */
    static Optional<ImageInfo> read(IoCTX io, ImageId id, String imageId) throws RadosException {
        RadosReads.ObjectData header;
        try {
            header = RadosReads.read(io, "rbd_header." + imageId, "", "", 4096, true);
        } catch (RadosException e) {
            if (e.getReturnValue() == CephErrors.ENOENT) {
                return Optional.empty(); // removed since the directory was read: let librbd say so
            }
            throw e;
        }
        byte[] size = header.omap().get("size");
        byte[] features = header.omap().get("features");
        if (header.more() || size == null || size.length != 8 || features == null || features.length != 8) {
            return Optional.empty();
        }
        try {
            List<Snapshot> snapshots = new ArrayList<>();
            for (Map.Entry<String, byte[]> entry : header.omap().entrySet()) {
                if (entry.getKey().startsWith("snapshot_")) {
                    snapshots.add(snapshot(entry.getValue()));
                }
            }
            snapshots.sort(Comparator.comparingLong(Snapshot::id));
            return Optional.of(new ImageInfo(id, le(size).getLong(), le(features).getLong(),
                    snapshots.stream().map(Snapshot::info).toList(), lockHolder(header.xattrs().get("lock.rbd_lock"))));
        } catch (RuntimeException e) {
            return Optional.empty(); // an encoding this reader does not know (BufferUnderflow, bad length)
        }
    }

    private record Snapshot(long id, SnapshotInfo info) {
    }

    /** cls_rbd_snap: version header, then id, name and image size, in that order since version 1. */
    private static Snapshot snapshot(byte[] value) {
        ByteBuffer in = le(value);
        skipHeader(in);
        long id = in.getLong();
        String name = string(in);
        long size = in.getLong();
        return new Snapshot(id, new SnapshotInfo(name, size));
    }

    /**
     * cls_lock's {@code lock_info_t}: header, then a map of locker_id_t (header, entity_name_t {u8 type, i64 num},
     * cookie) to locker_info_t. The first locker's entity is the holder, e.g. {@code client.4203}.
     */
    static Optional<String> lockHolder(byte[] xattr) {
        if (xattr == null || xattr.length == 0) {
            return Optional.empty();
        }
        ByteBuffer in = le(xattr);
        skipHeader(in);
        int lockers = in.getInt();
        if (lockers == 0) {
            return Optional.empty();
        }
        skipHeader(in);
        int type = in.get() & 0xff;
        long number = in.getLong();
        return Optional.of(entityType(type) + "." + number);
    }

    private static String entityType(int type) {
        return switch (type) {
            case 0x01 -> "mon";
            case 0x02 -> "mds";
            case 0x04 -> "osd";
            case 0x08 -> "client";
            case 0x10 -> "mgr";
            default -> "unknown";
        };
    }

    /** ENCODE_START: struct version, compat version, length. */
    private static void skipHeader(ByteBuffer in) {
        in.get();
        in.get();
        in.getInt();
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private ImageHeaders() {
    }
}
