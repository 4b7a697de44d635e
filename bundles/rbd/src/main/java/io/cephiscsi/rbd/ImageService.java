package io.cephiscsi.rbd;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RBD images behind the gateway's disks. Every method validates its input before touching anything, so a
 * refused call has created or changed nothing. Errors are {@link RbdException}s carrying the HTTP status and field.
 * One implementation runs on a Ceph cluster, one on the embedded default's sparse files; both keep this contract.
 */
public interface ImageService {

    /**
     * Creates an image with upstream's features ({@link ImageFeature#DEFAULT}) in a pool that exists and is
     * replicated.
     *
     * @throws RbdException 400 for a bad pool/image name, size, or pool; 409 when the image exists already
     */
    ImageInfo create(String pool, String image, long sizeBytes);

    /** {@link #create(String, String, long)} with a size as upstream writes it ({@code 10G}), see {@link DiskSize}. */
    default ImageInfo create(String pool, String image, String size) {
        Names.requireValidPool(pool);
        Names.requireValidImage(image);
        return create(pool, image, DiskSize.parse(size));
    }

    /**
     * An existing image, to be registered as a disk; the pool must be replicated as for {@link #create}.
     *
     * @throws RbdException 404 when the image does not exist
     */
    ImageInfo attach(String pool, String image);

    boolean exists(String pool, String image);

    /**
     * The pool's id, as upstream stores it in a disk's {@code pool_id}.
     *
     * @throws RbdException naming the field {@code pool}: 400 for a bad name; 400 or 404 when there is no such pool
     */
    long poolId(String pool);

    /**
     * Grows the image. Upstream never shrinks a disk under its initiators, so a size not larger than the current one
     * is refused, naming the current size.
     *
     * @throws RbdException 400 "resize value must be larger than the current size (h/bytes)"; 404 when missing
     */
    ImageInfo resize(String pool, String image, long newSizeBytes);

    default ImageInfo resize(String pool, String image, String size) {
        Names.requireValidPool(pool);
        Names.requireValidImage(image);
        return resize(pool, image, DiskSize.parse(size));
    }

    /**
     * Deletes the image. While another client still has it open (e.g. a gateway that has not dropped the LUN yet)
     * the delete is retried every {@code loop_delay} for up to {@code time_out} seconds, as upstream does.
     *
     * @throws RbdException 400 "Image has snapshots"; 404 when missing; 409 when still busy after time_out
     */
    void delete(String pool, String image);

    /** Image names of a pool, sorted. @throws RbdException 404 when the pool does not exist */
    List<String> list(String pool);

    /** @throws RbdException 404 when the image does not exist */
    ImageInfo info(String pool, String image);

    /**
     * Info of many images at once, as gwcli's {@code ls} needs it, read with bounded parallelism. Images that do not
     * exist are missing from the result (gwcli shows them as NOT FOUND).
     */
    Map<ImageId, ImageInfo> infos(Collection<ImageId> images);

    /**
     * The size in bytes of many images at once, for LIO's backstores and gwcli's {@code ls}: the same as the sizes
     * of {@link #infos}, read more cheaply where an implementation can. Images that do not exist are missing.
     */
    default Map<ImageId, Long> sizes(Collection<ImageId> images) {
        Map<ImageId, Long> sizes = new LinkedHashMap<>();
        infos(images).forEach((id, info) -> sizes.put(id, info.sizeBytes()));
        return sizes;
    }

    /** @throws RbdException 400 invalid name or "snapshot X already exists"; 404 image missing */
    void createSnapshot(String pool, String image, String snapshot);

    /** Snapshots with the image size at the time of each, oldest first. */
    List<SnapshotInfo> snapshots(String pool, String image);

    /** Rolls the image back to the snapshot (content and size). @throws RbdException 404 snapshot or image missing */
    void rollbackSnapshot(String pool, String image, String snapshot);

    /** @throws RbdException 404 snapshot or image missing */
    void deleteSnapshot(String pool, String image, String snapshot);
}
