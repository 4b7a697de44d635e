package io.cephiscsi.rbd;

import java.util.List;
import java.util.Optional;

/**
 * What the cluster knows of one image: size, features, snapshots, and who holds its exclusive lock
 * (e.g. {@code client.4235}; empty when nobody does).
 */
public record ImageInfo(ImageId id, long sizeBytes, long features, List<SnapshotInfo> snapshots,
        Optional<String> lockOwner) {

    public ImageInfo {
        snapshots = List.copyOf(snapshots);
    }

    public List<ImageFeature> featureList() {
        return ImageFeature.of(features);
    }

    /** {@code size_h} of gwcli, e.g. {@code 1536M}. */
    public String sizeHuman() {
        return DiskSize.human(sizeBytes);
    }
}
