package io.cephiscsi.rbd.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cephiscsi.ceph.ClusterHealth;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.rbd.ClusterInfo;
import io.cephiscsi.rbd.PoolInfo;
import io.cephiscsi.rbd.RbdException;
import io.cephiscsi.rbd.Topology;

/**
 * The embedded default's "cluster": pools {@code rbd} and {@code iscsi} on the filesystem holding the image files,
 * sized by it. No daemons, so the topology is empty; health warns when the filesystem is nearly full, because the
 * sparse images would then fail writes.
 */
@Component(service = ClusterInfo.class, property = "backend=embedded")
public class EmbeddedClusterInfo implements ClusterInfo {

    /** Below this share of free space, health warns (Ceph's own nearfull ratio is 85 % used). */
    private static final double NEARLY_FULL = 0.15;

    private final String name;
    private final Path root;

    @Activate
    public EmbeddedClusterInfo(@Reference(target = "(backend=embedded)") GatewaySettings settings) {
        this(settings.clusterName(), EmbeddedImageService.imagesRoot());
    }

    public EmbeddedClusterInfo(String name, Path root) {
        this.name = name;
        this.root = root;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ClusterHealth health() {
        FileStore store = store();
        try {
            long total = store.getTotalSpace();
            long free = store.getUsableSpace();
            if (total > 0 && free < total * NEARLY_FULL) {
                return new ClusterHealth("HEALTH_WARN", List.of(new ClusterHealth.Check("EMBEDDED_NEARFULL",
                        "HEALTH_WARN", "the filesystem of " + root + " is nearly full (" + free * 100 / total
                                + "% free)")));
            }
        } catch (IOException e) {
            return new ClusterHealth("HEALTH_ERR", List.of(new ClusterHealth.Check("EMBEDDED_UNREADABLE",
                    "HEALTH_ERR", "cannot read the filesystem of " + root + ": " + e.getMessage())));
        }
        return new ClusterHealth("HEALTH_OK", List.of());
    }

    @Override
    public String version() {
        return "embedded";
    }

    /**
     * Both pools share the filesystem, so both show its free space; "used" is the logical size of a pool's files
     * (an upper bound: they are sparse, and Java cannot read the blocks a file takes).
     */
    @Override
    public List<PoolInfo> pools(Map<String, Long> committedBytes) {
        long available;
        try {
            available = store().getUsableSpace();
        } catch (IOException e) {
            throw new RbdException(RbdException.FAILED, "", "Cannot read the filesystem of " + root + ": " + e, e);
        }
        List<PoolInfo> pools = new ArrayList<>();
        for (String pool : EmbeddedPools.NAMES) {
            pools.add(new PoolInfo(pool, true, 1, 0, 0, available, used(root.resolve(pool)),
                    committedBytes.getOrDefault(pool, 0L)));
        }
        return pools;
    }

    @Override
    public Topology topology() {
        long total = 0;
        long used = 0;
        try {
            FileStore store = store();
            total = store.getTotalSpace();
            used = total - store.getUnallocatedSpace();
        } catch (IOException e) {
            // the topology stays readable; health reports the filesystem problem
        }
        return new Topology(0, 0, 0, List.of(), List.of(), total, used);
    }

    @Override
    public void requireReplicatedPool(String pool) {
        EmbeddedPools.requireReplicated(pool);
    }

    /** The store of the root, or of its nearest existing parent before the first image is created. */
    private FileStore store() {
        Path existing = root.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return Files.getFileStore(existing == null ? Path.of("/") : existing);
        } catch (IOException e) {
            throw new RbdException(RbdException.FAILED, "", "Cannot read the filesystem of " + root + ": " + e, e);
        }
    }

    private static long used(Path pool) {
        if (!Files.isDirectory(pool)) {
            return 0;
        }
        long used = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pool)) {
            for (Path file : files) {
                used += Files.size(file);
            }
        } catch (IOException e) {
            // a file deleted while counting: the figure is an estimate anyway
        }
        return used;
    }
}
