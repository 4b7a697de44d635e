package io.cephiscsi.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.cephiscsi.gateway.DiskRequest;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.rbd.ImageFeature;
import io.cephiscsi.rbd.ImageInfo;
import io.cephiscsi.rbd.SnapshotInfo;

/** The commands of {@code /disks}, {@code /disks/<pool>/<image>} and a target's {@code disks}. */
final class DiskActions {

    private final GatewayAdmin gateway;
    private final Consumer<String> progress;

    DiskActions(GatewayAdmin gateway) {
        this(gateway, line -> { });
    }

    /** @param progress shows a line at once, before a long call returns (GatewayAdmin has no progress callback) */
    DiskActions(GatewayAdmin gateway, Consumer<String> progress) {
        this.gateway = gateway;
        this.progress = progress;
    }

    Outcome run(Location at, String verb, Map<String, String> p) {
        return switch (at.kind()) {
            case DISKS -> disks(verb, p);
            case DISK -> disk(at.name(1), at.name(2), verb, p);
            case TARGET_DISKS -> verb.equals("add")
                    ? Outcome.ok(gateway.addTargetLun(at.target(), p.get("disk"), lunId(p.get("lun_id"))))
                    : Outcome.ok(gateway.removeTargetLun(at.target(), p.get("disk")));
            case TARGET_DISK -> targetDiskInfo(at.last());
            default -> throw new IllegalStateException(at.kind() + " has no disk commands");
        };
    }

    private Outcome disks(String verb, Map<String, String> p) {
        if (verb.equals("create")) {
            DiskRequest request = createRequest(p);
            if (request.count() > 1) {
                // upstream blocks silently until every image exists: say what is under way before the one call
                progress.accept("Creating " + request.count() + " disks (" + request.pool() + "/" + request.image()
                        + "1.." + request.image() + request.count() + ")...");
            }
            return Outcome.ok(gateway.createDisks(request));
        }
        if (verb.equals("attach")) {
            String[] id = shortForm(p.get("pool"), p.get("image"));
            return Outcome.ok(gateway.createDisks(new DiskRequest(id[0], id[1], Optional.empty(), 1,
                    p.getOrDefault("backstore", DiskRequest.DEFAULT_BACKSTORE), optional(p.get("wwn")), false,
                    Map.of())));
        }
        String[] id = split(p.get("image_id"));
        return disk(id[0], id[1], verb, p);
    }

    private Outcome disk(String pool, String image, String verb, Map<String, String> p) {
        return switch (verb) {
            case "resize" -> Outcome.ok(gateway.resizeDisk(pool, image, p.get("size")));
            case "reconfigure" -> Outcome.ok(gateway.reconfigureDisk(pool, image, Map.of(p.get("attribute"),
                    p.get("value"))));
            case "detach" -> Outcome.ok(gateway.deleteDisk(pool, image, true));
            case "delete" -> Outcome.ok(gateway.deleteDisk(pool, image, false));
            case "snapshot" -> snapshot(pool, image, p.get("action"), p.get("name"));
            case "info" -> diskInfo(pool, image);
            default -> throw new IllegalStateException("no disk command " + verb);
        };
    }

    /**
     * upstream's two forms: {@code create pool=<p> image=<i> size=<s>} and {@code create <pool>/<image> <size>
     * [count]}, where the positional words shift one place.
     */
    static DiskRequest createRequest(Map<String, String> p) {
        String pool = p.get("pool");
        String image = p.get("image");
        String size = p.get("size");
        String count = p.getOrDefault("count", "1");
        if (pool != null && pool.contains("/")) {
            if (image != null) {
                if (size != null) {
                    count = size;
                }
                size = image;
                image = null;
            }
        }
        String[] id = shortForm(pool, image);
        if (!count.matches("\\d+")) {
            throw new IllegalArgumentException("invalid count format, must be an integer");
        }
        return new DiskRequest(id[0], id[1], optional(size), Integer.parseInt(count),
                p.getOrDefault("backstore", DiskRequest.DEFAULT_BACKSTORE), optional(p.get("wwn")), true, Map.of());
    }

    private static String[] shortForm(String pool, String image) {
        if (pool != null && pool.contains("/")) {
            return split(pool);
        }
        if (pool == null || pool.isEmpty() || image == null || image.isEmpty()) {
            throw new IllegalArgumentException("Invalid create: pool and image parameters are needed");
        }
        return new String[] {pool, image};
    }

    /** {@code pool/image} as its two names. */
    static String[] split(String diskId) {
        int slash = diskId.indexOf('/');
        if (slash <= 0 || slash == diskId.length() - 1 || diskId.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("Invalid disk name '" + diskId + "' - use <pool>/<image>");
        }
        return new String[] {diskId.substring(0, slash), diskId.substring(slash + 1)};
    }

    private static Optional<String> optional(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }

    private static Optional<Integer> lunId(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lun_id must be an integer, not '" + value + "'");
        }
    }

    private Outcome snapshot(String pool, String image, String action, String name) {
        return switch (action) {
            case "create" -> Outcome.ok(gateway.createSnapshot(pool, image, name));
            case "delete" -> Outcome.ok(gateway.deleteSnapshot(pool, image, name));
            case "rollback" -> Outcome.ok(gateway.rollbackSnapshot(pool, image, name));
            default -> throw new IllegalArgumentException("Invalid snapshot action '" + action
                    + "' - use create, delete or rollback");
        };
    }

    /** upstream's disk {@code info}, from what the configuration holds about the disk. */
    private Outcome diskInfo(String pool, String image) {
        Map<String, Object> disk = gateway.disk(pool, image);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("image", disk.getOrDefault("image", image));
        fields.put("pool", disk.getOrDefault("pool", pool));
        fields.put("wwn", disk.getOrDefault("wwn", ""));
        // the image's facts as upstream's disk info shows them; a missing image leaves them empty, its lock Unknown
        Optional<ImageInfo> facts = gateway.diskImage(pool, image);
        fields.put("size_h", facts.map(ImageInfo::sizeHuman).orElse(""));
        fields.put("feature_list", facts.map(f -> f.featureList().stream().map(ImageFeature::upstreamName).toList())
                .orElse(List.of()));
        fields.put("snapshots", facts.map(f -> f.snapshots().stream().map(SnapshotInfo::toString).toList())
                .orElse(List.of()));
        fields.put("owner", disk.getOrDefault("owner", ""));
        // the gateway tcmu-runner says holds the lock, as upstream's; Unknown when none reports one (the image's
        // own RBD lock holder is a client id such as client.4203, not a gateway: not shown under this name)
        Map<?, ?> status = disk.get("status") instanceof Map<?, ?> reported ? reported : Map.of();
        fields.put("lock_owner", status.get("lock_owner") instanceof String owner && !owner.isEmpty() ? owner
                : "Unknown");
        fields.put("state", status.get("state") instanceof String state ? state : "Unknown");
        fields.put("backstore", disk.getOrDefault("backstore", ""));
        fields.put("backstore_object_name", disk.getOrDefault("backstore_object_name", ""));
        fields.put("control_values", disk.getOrDefault("controls", Map.of()));
        return Outcome.print(AttributeView.format(fields));
    }

    private Outcome targetDiskInfo(String diskId) {
        String[] id = split(diskId);
        Map<String, Object> disk = gateway.disk(id[0], id[1]);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", diskId);
        fields.put("owner", disk.getOrDefault("owner", ""));
        return Outcome.print(AttributeView.format(fields));
    }
}
