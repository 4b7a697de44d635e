package io.cephiscsi.rbd.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.ceph.rados.IoCTX;
import com.ceph.rados.exceptions.RadosException;
import com.ceph.rbd.Rbd;
import com.ceph.rbd.RbdImage;
import com.ceph.rbd.jna.RbdSnapInfo;

import io.cephiscsi.ceph.CephCluster;
import io.cephiscsi.ceph.CephException;
import io.cephiscsi.ceph.RbdExtras;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.rbd.DiskSize;
import io.cephiscsi.rbd.ImageFeature;
import io.cephiscsi.rbd.ImageId;
import io.cephiscsi.rbd.ImageInfo;
import io.cephiscsi.rbd.ImageService;
import io.cephiscsi.rbd.Names;
import io.cephiscsi.rbd.RbdException;
import io.cephiscsi.rbd.SnapshotInfo;

/** Images on the Ceph cluster, through the appliance's one RADOS connection. */
@Component(service = ImageService.class, property = "backend=ceph")
public class CephImageService implements ImageService {

    /** gwcli scans with 8 threads; reads are round trips to the OSDs, so a few more keep the pipe full. */
    static final int DEFAULT_PARALLELISM = 16;

    private final CephCluster cluster;
    private final long timeOutMillis;
    private final long loopDelayMillis;
    private final ExecutorService readers;
    /** Image name → id of each pool, as last read ({@link #sizes}). */
    private final Map<String, Map<String, String>> directories = new java.util.concurrent.ConcurrentHashMap<>();

    @Activate
    public CephImageService(@Reference CephCluster cluster,
            @Reference(target = "(backend=ceph)") GatewaySettings settings) {
        this(cluster, settings.timeOut(), settings.loopDelay(), DEFAULT_PARALLELISM);
    }

    public CephImageService(CephCluster cluster, int timeOutSeconds, int loopDelaySeconds, int parallelism) {
        this.cluster = cluster;
        this.timeOutMillis = TimeUnit.SECONDS.toMillis(timeOutSeconds);
        this.loopDelayMillis = TimeUnit.SECONDS.toMillis(Math.max(1, loopDelaySeconds));
        AtomicInteger count = new AtomicInteger();
        this.readers = Executors.newFixedThreadPool(parallelism, task -> {
            Thread thread = new Thread(task, "rbd-info-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    public void close() {
        readers.shutdownNow();
    }

    @Override
    public ImageInfo create(String pool, String image, long sizeBytes) {
        ImageId id = ImageId.valid(pool, image);
        DiskSize.requireValid(sizeBytes);
        OsdPools.requireReplicated(cluster, pool);
        inPool(pool, io -> {
            try {
                new Rbd(io).create(image, sizeBytes, ImageFeature.DEFAULT, 0);
            } catch (com.ceph.rbd.RbdException e) {
                if (e.getReturnValue() == CephErrors.EEXIST) {
                    throw new RbdException(RbdException.CONFLICT, "image", "Image " + id + " already exists");
                }
                throw CephErrors.failed("create", id, e.getReturnValue(), e);
            }
            return null;
        });
        // made with exactly these features, no snapshot and no lock holder yet: opening it to read them back cost
        // a few OSD round trips of every create disk request
        return new ImageInfo(id, sizeBytes, ImageFeature.DEFAULT, List.of(), Optional.empty());
    }

    @Override
    public ImageInfo attach(String pool, String image) {
        ImageId.valid(pool, image);
        OsdPools.requireReplicated(cluster, pool);
        return info(pool, image);
    }

    @Override
    public long poolId(String pool) {
        Names.requireValidPool(pool);
        return inPool(pool, IoCTX::getId);
    }

    @Override
    public boolean exists(String pool, String image) {
        ImageId id = ImageId.valid(pool, image);
        return inPool(pool, io -> {
            try {
                new Rbd(io).openReadOnly(image).close();
                return true;
            } catch (com.ceph.rbd.RbdException e) {
                if (e.getReturnValue() == CephErrors.ENOENT) {
                    return false;
                }
                throw CephErrors.failed("open", id, e.getReturnValue(), e);
            }
        });
    }

    @Override
    public ImageInfo resize(String pool, String image, long newSizeBytes) {
        ImageId id = ImageId.valid(pool, image);
        DiskSize.requireValid(newSizeBytes);
        withImage(id, false, "resize", img -> {
            long current = RbdExtras.size(img);
            if (newSizeBytes <= current) {
                throw RbdException.badRequest("size", "resize value must be larger than the current size ("
                        + DiskSize.human(current) + "/" + current + ")");
            }
            img.resize(newSizeBytes);
            return null;
        });
        return info(pool, image);
    }

    @Override
    public void delete(String pool, String image) {
        ImageId id = ImageId.valid(pool, image);
        // snapshots first: upstream's message, and no waiting out time_out for something that will not change
        List<SnapshotInfo> snapshots = snapshots(pool, image);
        if (!snapshots.isEmpty()) {
            throw hasSnapshots(id, snapshots);
        }
        long deadline = System.currentTimeMillis() + timeOutMillis;
        for (int attempt = 0;; attempt++) {
            int result = inPool(pool, io -> {
                try {
                    new Rbd(io).remove(image);
                    return 0;
                } catch (com.ceph.rbd.RbdException e) {
                    return e.getReturnValue();
                }
            });
            if (result == 0 || (result == CephErrors.ENOENT && attempt > 0)) {
                return;
            }
            if (result == CephErrors.ENOENT) {
                throw CephErrors.imageMissing(id);
            }
            if (result == CephErrors.ENOTEMPTY) {
                throw hasSnapshots(id, snapshots(pool, image));
            }
            if (result != CephErrors.EBUSY) {
                throw CephErrors.failed("delete", id, result, null);
            }
            // still open elsewhere, e.g. on a gateway that has not dropped the LUN yet: wait as upstream does
            if (System.currentTimeMillis() + loopDelayMillis > deadline) {
                throw new RbdException(RbdException.CONFLICT, "image", "Unable to delete the underlying rbd image "
                        + id + " - Image is still in use by another client after " + timeOutMillis / 1000
                        + " s (time_out)");
            }
            sleep(loopDelayMillis);
        }
    }

    @Override
    public List<String> list(String pool) {
        Names.requireValidPool(pool);
        return inPool(pool, io -> {
            try {
                return java.util.Arrays.stream(new Rbd(io).list()).sorted().collect(Collectors.toList());
            } catch (com.ceph.rbd.RbdException e) {
                throw new RbdException(RbdException.FAILED, "pool", "Cannot list the images of pool " + pool
                        + ": librbd error " + e.getReturnValue(), e);
            }
        });
    }

    @Override
    public ImageInfo info(String pool, String image) {
        ImageId id = ImageId.valid(pool, image);
        return withImage(id, true, "read", img -> read(id, img));
    }

    @Override
    public Map<ImageId, ImageInfo> infos(Collection<ImageId> images) {
        Map<String, List<ImageId>> byPool = byPool(images);
        Map<ImageId, ImageInfo> found = new LinkedHashMap<>();
        for (Map.Entry<String, List<ImageId>> pool : byPool.entrySet()) {
            // one I/O context per pool, shared by the readers: librados contexts are thread-safe
            found.putAll(inPool(pool.getKey(), io -> readAll(io, pool.getValue())));
        }
        return found;
    }

    /**
     * The {@code size} value of every header object asked for at once ({@link ImageHeaders#sizes}), their ids from
     * the pool's directory as last read; {@link #infos} for an image that this does not explain. The directory is
     * read again when it lacks an image asked for, and forgotten when an image was not explained: an image's id
     * never changes, and one removed and made again under its name has a new one (its old header is gone).
     */
    @Override
    public Map<ImageId, Long> sizes(Collection<ImageId> images) {
        Map<String, List<ImageId>> byPool = byPool(images);
        Map<ImageId, Long> found = new LinkedHashMap<>();
        List<ImageId> unexplained = new ArrayList<>();
        for (Map.Entry<String, List<ImageId>> pool : byPool.entrySet()) {
            found.putAll(inPool(pool.getKey(), io -> {
                try {
                    int before = unexplained.size();
                    Map<ImageId, Long> sizes = ImageHeaders.sizes(io, directory(io, pool.getKey(), pool.getValue()),
                            pool.getValue(), unexplained);
                    if (unexplained.size() > before) {
                        directories.remove(pool.getKey());
                    }
                    return sizes;
                } catch (RadosException e) {
                    throw new RbdException(RbdException.FAILED, "pool", "Cannot read the image sizes of pool "
                            + pool.getKey() + ": " + e.getMessage(), e);
                }
            }));
        }
        if (!unexplained.isEmpty()) {
            infos(unexplained).forEach((id, info) -> found.put(id, info.sizeBytes()));
        }
        return found;
    }

    /** The images, each once, by pool (one I/O context per pool, shared by its reads). */
    private static Map<String, List<ImageId>> byPool(Collection<ImageId> images) {
        return images.stream().distinct()
                .collect(Collectors.groupingBy(ImageId::pool, LinkedHashMap::new, Collectors.toList()));
    }

    private Map<String, String> directory(IoCTX io, String pool, List<ImageId> wanted) throws RadosException {
        Map<String, String> known = directories.get(pool);
        if (known != null && wanted.stream().allMatch(id -> known.containsKey(id.image()))) {
            return known;
        }
        Map<String, String> read = Map.copyOf(ImageHeaders.directory(io));
        directories.put(pool, read);
        return read;
    }

    /**
     * One read of the pool's directory, then one read of each header object ({@link ImageHeaders}); librbd only for
     * an image those reads do not explain (format 1, an unknown encoding, or a missing image, to be sure it is).
     */
    private Map<ImageId, ImageInfo> readAll(IoCTX io, List<ImageId> ids) {
        Rbd rbd = new Rbd(io);
        Map<String, String> directory;
        try {
            directory = ImageHeaders.directory(io);
        } catch (RadosException e) {
            throw new RbdException(RbdException.FAILED, "pool", "Cannot read the image directory of pool "
                    + ids.get(0).pool() + ": " + e.getMessage(), e);
        }
        List<Future<Optional<ImageInfo>>> reads = new ArrayList<>(ids.size());
        for (ImageId id : ids) {
            String imageId = directory.get(id.image());
            reads.add(readers.submit(() -> {
                Optional<ImageInfo> info = Optional.empty();
                if (imageId != null) {
                    try {
                        info = ImageHeaders.read(io, id, imageId);
                    } catch (RadosException e) {
                        throw CephErrors.failed("read", id, e.getReturnValue(), e);
                    }
                }
                return info.isPresent() ? info : readIfExists(rbd, id);
            }));
        }
        Map<ImageId, ImageInfo> found = new LinkedHashMap<>();
        try {
            for (Future<Optional<ImageInfo>> read : reads) {
                read.get().ifPresent(info -> found.put(info.id(), info));
            }
        } catch (InterruptedException e) {
            reads.forEach(read -> read.cancel(true));
            Thread.currentThread().interrupt();
            throw new RbdException(RbdException.UNAVAILABLE, "", "Interrupted while reading images", e);
        } catch (ExecutionException e) {
            reads.forEach(read -> read.cancel(true));
            throw e.getCause() instanceof RbdException rbdError ? rbdError
                    : new RbdException(RbdException.FAILED, "", "Cannot read images: " + e.getCause(), e.getCause());
        }
        return found;
    }

    private Optional<ImageInfo> readIfExists(Rbd rbd, ImageId id) {
        RbdImage img;
        try {
            img = rbd.openReadOnly(id.image());
        } catch (com.ceph.rbd.RbdException e) {
            if (e.getReturnValue() == CephErrors.ENOENT) {
                return Optional.empty();
            }
            throw CephErrors.failed("open", id, e.getReturnValue(), e);
        }
        try {
            return Optional.of(read(id, img));
        } catch (com.ceph.rbd.RbdException e) {
            throw CephErrors.failed("read", id, e.getReturnValue(), e);
        } finally {
            closeQuietly(img);
        }
    }

    /** Reads from the open image only: no lock is taken, so a reader never disturbs the gateway holding it. */
    private static ImageInfo read(ImageId id, RbdImage img) throws com.ceph.rbd.RbdException {
        long features = RbdExtras.features(img);
        List<SnapshotInfo> snapshots = snapshots(img);
        Optional<String> owner = (features & ImageFeature.EXCLUSIVE_LOCK.bit()) == 0 ? Optional.empty()
                : RbdExtras.lockOwners(img).stream().findFirst();
        return new ImageInfo(id, RbdExtras.size(img), features, snapshots, owner);
    }

    private static List<SnapshotInfo> snapshots(RbdImage img) throws com.ceph.rbd.RbdException {
        List<RbdSnapInfo> snaps = new ArrayList<>(img.snapList());
        snaps.sort(Comparator.comparingLong(snap -> snap.id)); // ids grow with time: oldest first
        return snaps.stream().map(snap -> new SnapshotInfo(snap.name, snap.size)).collect(Collectors.toList());
    }

    @Override
    public void createSnapshot(String pool, String image, String snapshot) {
        ImageId id = ImageId.valid(pool, image);
        Names.requireValidSnapshot(snapshot);
        withImage(id, false, "snapshot", img -> {
            if (snapshots(img).stream().anyMatch(snap -> snap.name().equals(snapshot))) {
                throw snapshotExists(snapshot);
            }
            try {
                img.snapCreate(snapshot);
            } catch (com.ceph.rbd.RbdException e) {
                if (e.getReturnValue() == CephErrors.EEXIST) {
                    throw snapshotExists(snapshot);
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public List<SnapshotInfo> snapshots(String pool, String image) {
        ImageId id = ImageId.valid(pool, image);
        return withImage(id, true, "list the snapshots of", CephImageService::snapshots);
    }

    @Override
    public void rollbackSnapshot(String pool, String image, String snapshot) {
        ImageId id = ImageId.valid(pool, image);
        Names.requireValidSnapshot(snapshot);
        withImage(id, false, "roll back", img -> {
            requireSnapshot(img, snapshot);
            img.snapRollBack(snapshot);
            return null;
        });
    }

    @Override
    public void deleteSnapshot(String pool, String image, String snapshot) {
        ImageId id = ImageId.valid(pool, image);
        Names.requireValidSnapshot(snapshot);
        withImage(id, false, "delete a snapshot of", img -> {
            requireSnapshot(img, snapshot);
            try {
                img.snapRemove(snapshot);
            } catch (com.ceph.rbd.RbdException e) {
                if (e.getReturnValue() == CephErrors.EBUSY) {
                    throw new RbdException(RbdException.CONFLICT, "snapshot", "snapshot " + snapshot
                            + " is protected or in use (clones depend on it)");
                }
                throw e;
            }
            return null;
        });
    }

    private static void requireSnapshot(RbdImage img, String snapshot) throws com.ceph.rbd.RbdException {
        if (snapshots(img).stream().noneMatch(snap -> snap.name().equals(snapshot))) {
            throw new RbdException(RbdException.NOT_FOUND, "snapshot", "snapshot " + snapshot + " does not exist");
        }
    }

    private static RbdException snapshotExists(String snapshot) {
        return RbdException.badRequest("snapshot", "snapshot " + snapshot + " already exists");
    }

    private static RbdException hasSnapshots(ImageId id, List<SnapshotInfo> snapshots) {
        return RbdException.badRequest("image", "Unable to delete the underlying rbd image " + id
                + " - Image has snapshots (" + snapshots.stream().map(SnapshotInfo::name)
                        .collect(Collectors.joining(", ")) + ")");
    }

    /** Work on an open image; librbd errors not handled inside become {@link RbdException}s naming the image. */
    @FunctionalInterface
    private interface ImageCall<T> {
        T apply(RbdImage image) throws com.ceph.rbd.RbdException;
    }

    @FunctionalInterface
    private interface PoolCall<T> {
        T apply(IoCTX io);
    }

    private <T> T withImage(ImageId id, boolean readOnly, String what, ImageCall<T> call) {
        return inPool(id.pool(), io -> {
            Rbd rbd = new Rbd(io);
            RbdImage img;
            try {
                img = readOnly ? rbd.openReadOnly(id.image()) : rbd.open(id.image());
            } catch (com.ceph.rbd.RbdException e) {
                if (e.getReturnValue() == CephErrors.ENOENT) {
                    throw CephErrors.imageMissing(id);
                }
                throw CephErrors.failed("open", id, e.getReturnValue(), e);
            }
            try {
                return call.apply(img);
            } catch (com.ceph.rbd.RbdException e) {
                throw CephErrors.failed(what, id, e.getReturnValue(), e);
            } finally {
                closeQuietly(img);
            }
        });
    }

    private <T> T inPool(String pool, PoolCall<T> call) {
        try {
            return cluster.withIoCtx(pool, call::apply);
        } catch (CephException e) {
            throw CephErrors.of(e);
        }
    }

    private static void closeQuietly(RbdImage img) {
        try {
            img.close();
        } catch (com.ceph.rbd.RbdException e) {
            // closing a read-only image cannot lose data; the error is not worth failing the read for
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RbdException(RbdException.UNAVAILABLE, "", "Interrupted while waiting to delete an image", e);
        }
    }
}
