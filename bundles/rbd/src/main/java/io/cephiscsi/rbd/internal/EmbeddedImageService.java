package io.cephiscsi.rbd.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.rbd.DiskSize;
import io.cephiscsi.rbd.ImageFeature;
import io.cephiscsi.rbd.ImageId;
import io.cephiscsi.rbd.ImageInfo;
import io.cephiscsi.rbd.ImageService;
import io.cephiscsi.rbd.Names;
import io.cephiscsi.rbd.RbdException;
import io.cephiscsi.rbd.SnapshotInfo;

/**
 * The embedded default's images: sparse files {@code <root>/<pool>/<image>}, snapshots as sparse copies
 * {@code <root>/<pool>/<image>@<snapshot>} ({@code @} is never in an image name, so the two cannot clash).
 * Nothing else opens these files, so an image is never busy and has no lock owner; features are reported as upstream
 * creates them, so the rest of the appliance sees the same images as on Ceph.
 */
@Component(service = ImageService.class, property = "backend=embedded")
public class EmbeddedImageService implements ImageService {

    private static final char SNAPSHOT_SEPARATOR = '@';

    private final Path root;

    @Activate
    public EmbeddedImageService(@Reference(target = "(backend=embedded)") GatewaySettings settings) {
        this.root = imagesRoot();
    }

    private EmbeddedImageService(Path root) {
        this.root = root;
    }

    /**
     * Images under {@code root}, outside the container (tests). A factory rather than a second one-argument
     * constructor, which SCR could take for the component's constructor.
     */
    public static EmbeddedImageService at(Path root) {
        return new EmbeddedImageService(root);
    }

    /** {@code ${karaf.data}/images}: next to the rest of the appliance's state. */
    static Path imagesRoot() {
        return Path.of(System.getProperty("karaf.data", "data"), "images");
    }

    @Override
    public synchronized ImageInfo create(String pool, String image, long sizeBytes) {
        ImageId id = ImageId.valid(pool, image);
        DiskSize.requireValid(sizeBytes);
        EmbeddedPools.requireReplicated(pool);
        Path file = imageFile(id);
        try {
            Files.createDirectories(file.getParent());
            SparseFiles.create(file, sizeBytes);
        } catch (FileAlreadyExistsException e) {
            throw new RbdException(RbdException.CONFLICT, "image", "Image " + id + " already exists");
        } catch (IOException e) {
            throw failed("create", id, e);
        }
        return info(pool, image);
    }

    @Override
    public synchronized ImageInfo attach(String pool, String image) {
        ImageId.valid(pool, image);
        EmbeddedPools.requireReplicated(pool);
        return info(pool, image);
    }

    /** The embedded pools' ids are their place in {@link EmbeddedPools#NAMES}, from 1, as Ceph numbers pools. */
    @Override
    public long poolId(String pool) {
        Names.requireValidPool(pool);
        EmbeddedPools.requireReplicated(pool); // the only pools there are
        return EmbeddedPools.NAMES.indexOf(pool) + 1;
    }

    @Override
    public synchronized boolean exists(String pool, String image) {
        return Files.isRegularFile(imageFile(ImageId.valid(pool, image)));
    }

    @Override
    public synchronized ImageInfo resize(String pool, String image, long newSizeBytes) {
        ImageId id = ImageId.valid(pool, image);
        DiskSize.requireValid(newSizeBytes);
        Path file = existing(id);
        long current = size(file, id);
        if (newSizeBytes <= current) {
            throw RbdException.badRequest("size", "resize value must be larger than the current size ("
                    + DiskSize.human(current) + "/" + current + ")");
        }
        try {
            SparseFiles.grow(file, newSizeBytes);
        } catch (IOException e) {
            throw failed("resize", id, e);
        }
        return info(pool, image);
    }

    @Override
    public synchronized void delete(String pool, String image) {
        ImageId id = ImageId.valid(pool, image);
        Path file = existing(id);
        List<SnapshotInfo> snapshots = snapshots(pool, image);
        if (!snapshots.isEmpty()) {
            throw RbdException.badRequest("image", "Unable to delete the underlying rbd image " + id
                    + " - Image has snapshots (" + snapshots.stream().map(SnapshotInfo::name)
                            .collect(Collectors.joining(", ")) + ")");
        }
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw failed("delete", id, e);
        }
    }

    @Override
    public synchronized List<String> list(String pool) {
        Names.requireValidPool(pool);
        if (!EmbeddedPools.NAMES.contains(pool)) {
            throw new RbdException(RbdException.NOT_FOUND, "pool", "Pool '" + pool + "' does not exist");
        }
        Path folder = root.resolve(pool);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> images = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.indexOf(SNAPSHOT_SEPARATOR) < 0 && !name.startsWith(".tmp-") && Files.isRegularFile(file)) {
                    images.add(name);
                }
            }
        } catch (IOException e) {
            throw new RbdException(RbdException.FAILED, "pool", "Cannot list pool " + pool + ": " + e.getMessage(), e);
        }
        images.sort(null);
        return images;
    }

    @Override
    public synchronized ImageInfo info(String pool, String image) {
        ImageId id = ImageId.valid(pool, image);
        Path file = existing(id);
        return new ImageInfo(id, size(file, id), ImageFeature.DEFAULT, snapshots(pool, image), Optional.empty());
    }

    @Override
    public synchronized Map<ImageId, ImageInfo> infos(Collection<ImageId> images) {
        // one listing per pool, not one per image: gwcli's ls asks for every disk at once
        Map<String, Map<String, BasicFileAttributes>> pools = new HashMap<>();
        Map<ImageId, ImageInfo> found = new LinkedHashMap<>();
        for (ImageId id : images) {
            ImageId.valid(id.pool(), id.image()); // never a path outside the pool folders
            Map<String, BasicFileAttributes> files = pools.computeIfAbsent(id.pool(), this::listPool);
            BasicFileAttributes image = files.get(id.image());
            if (image == null || !image.isRegularFile()) {
                continue;
            }
            String prefix = id.image() + SNAPSHOT_SEPARATOR;
            List<Map.Entry<String, BasicFileAttributes>> snaps = new ArrayList<>();
            files.forEach((name, attributes) -> {
                if (name.startsWith(prefix) && attributes.isRegularFile()) {
                    snaps.add(Map.entry(name.substring(prefix.length()), attributes));
                }
            });
            snaps.sort(Comparator.comparingLong((Map.Entry<String, BasicFileAttributes> e) ->
                    e.getValue().lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS))
                    .thenComparing(Map.Entry::getKey));
            found.put(id, new ImageInfo(id, image.size(), ImageFeature.DEFAULT,
                    snaps.stream().map(e -> new SnapshotInfo(e.getKey(), e.getValue().size())).toList(),
                    Optional.empty()));
        }
        return found;
    }

    /** Every file of a pool folder with its attributes, by name; empty when the pool has none yet. */
    private Map<String, BasicFileAttributes> listPool(String pool) {
        Map<String, BasicFileAttributes> files = new HashMap<>();
        Path folder = root.resolve(pool);
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path file : entries) {
                files.put(file.getFileName().toString(), Files.readAttributes(file, BasicFileAttributes.class));
            }
        } catch (IOException e) {
            throw new RbdException(500, "pool", "cannot list pool " + pool + ": " + e.getMessage(), e);
        }
        return files;
    }

    @Override
    public synchronized void createSnapshot(String pool, String image, String snapshot) {
        ImageId id = ImageId.valid(pool, image);
        Names.requireValidSnapshot(snapshot);
        Path file = existing(id);
        Path copy = snapshotFile(id, snapshot);
        if (Files.exists(copy)) {
            throw RbdException.badRequest("snapshot", "snapshot " + snapshot + " already exists");
        }
        try {
            SparseFiles.copy(file, copy);
        } catch (IOException e) {
            throw failed("snapshot", id, e);
        }
    }

    @Override
    public synchronized List<SnapshotInfo> snapshots(String pool, String image) {
        ImageId id = ImageId.valid(pool, image);
        existing(id);
        String prefix = image + SNAPSHOT_SEPARATOR;
        record Found(SnapshotInfo info, long created) {
        }
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve(pool), prefix + "*")) {
            for (Path file : files) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                String name = file.getFileName().toString().substring(prefix.length());
                found.add(new Found(new SnapshotInfo(name, attributes.size()), attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
            }
        } catch (IOException e) {
            throw failed("list the snapshots of", id, e);
        }
        // a copy's time is when it was taken (nothing writes a snapshot afterwards): oldest first, as on Ceph
        found.sort(Comparator.comparingLong(Found::created).thenComparing(f -> f.info().name()));
        return found.stream().map(Found::info).collect(Collectors.toList());
    }

    @Override
    public synchronized void rollbackSnapshot(String pool, String image, String snapshot) {
        ImageId id = ImageId.valid(pool, image);
        Names.requireValidSnapshot(snapshot);
        Path file = existing(id);
        try {
            SparseFiles.copy(existingSnapshot(id, snapshot), file);
        } catch (IOException e) {
            throw failed("roll back", id, e);
        }
    }

    @Override
    public synchronized void deleteSnapshot(String pool, String image, String snapshot) {
        ImageId id = ImageId.valid(pool, image);
        Names.requireValidSnapshot(snapshot);
        existing(id);
        try {
            Files.delete(existingSnapshot(id, snapshot));
        } catch (IOException e) {
            throw failed("delete a snapshot of", id, e);
        }
    }

    private Path imageFile(ImageId id) {
        return root.resolve(id.pool()).resolve(id.image());
    }

    private Path snapshotFile(ImageId id, String snapshot) {
        return root.resolve(id.pool()).resolve(id.image() + SNAPSHOT_SEPARATOR + snapshot);
    }

    private Path existing(ImageId id) {
        Path file = imageFile(id);
        if (!Files.isRegularFile(file)) {
            throw new RbdException(RbdException.NOT_FOUND, "image", "Image " + id + " does not exist");
        }
        return file;
    }

    private Path existingSnapshot(ImageId id, String snapshot) {
        Path file = snapshotFile(id, snapshot);
        if (!Files.isRegularFile(file)) {
            throw new RbdException(RbdException.NOT_FOUND, "snapshot", "snapshot " + snapshot + " does not exist");
        }
        return file;
    }

    private static long size(Path file, ImageId id) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw failed("read", id, e);
        }
    }

    private static RbdException failed(String what, ImageId id, IOException e) {
        return new RbdException(RbdException.FAILED, "", "Cannot " + what + " image " + id + ": " + e, e);
    }
}
