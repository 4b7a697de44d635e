package io.cephiscsi.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One RBD image known to the gateways ({@code disks["pool/image"]}). Fields upstream does not always write are
 * "" (strings) or -1 ({@code poolId}) when absent, and are then not written back. {@code owner} is the ALUA
 * active/optimized gateway, set only while the disk is mapped to a target. {@code controls} holds only overrides
 * of the disk controls (max_data_area_mb, qfull_timeout, osd_op_timeout, hw_max_sectors).
 */
public record DiskConfig(String pool, String image, long poolId, String wwn, String backstore,
                         String backstoreObjectName, String allocatingHost, String owner,
                         Map<String, Object> controls, String created, String updated) {

    public DiskConfig {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(wwn, "wwn");
        Objects.requireNonNull(backstore, "backstore");
        Objects.requireNonNull(backstoreObjectName, "backstoreObjectName");
        Objects.requireNonNull(allocatingHost, "allocatingHost");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        controls = Collections.unmodifiableMap(new TreeMap<>(controls));
    }

    /**
     * A new {@code user:rbd} disk as upstream registers it: backstore object name {@code pool.image}, no owner
     * yet, no control overrides; timestamps are stamped when the change is applied.
     */
    public static DiskConfig create(String pool, String image, long poolId, String wwn, String allocatingHost) {
        return new DiskConfig(pool, image, poolId, wwn, "user:rbd", pool + "." + image, allocatingHost, "",
                Map.of(), "", "");
    }

    /** The key in {@code disks}: {@code pool/image}. */
    public String id() {
        return pool + "/" + image;
    }

    public DiskConfig withOwner(String newOwner) {
        return new DiskConfig(pool, image, poolId, wwn, backstore, backstoreObjectName, allocatingHost, newOwner,
                controls, created, updated);
    }

    public DiskConfig withControls(Map<String, Object> newControls) {
        return new DiskConfig(pool, image, poolId, wwn, backstore, backstoreObjectName, allocatingHost, owner,
                newControls, created, updated);
    }
}
