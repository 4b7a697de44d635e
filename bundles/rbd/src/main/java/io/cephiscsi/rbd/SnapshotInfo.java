package io.cephiscsi.rbd;

/** One snapshot of an image: its name and the image's size when it was taken. */
public record SnapshotInfo(String name, long sizeBytes) {

    /** As gwcli's disk {@code info} lists it: {@code name (size)}. */
    @Override
    public String toString() {
        return name + " (" + DiskSize.human(sizeBytes) + ")";
    }
}
