package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.DiskRequest;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.lio.AclSession;
import io.cephiscsi.lio.Configfs;
import io.cephiscsi.lio.SessionFacts;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.ConfigRules;
import io.cephiscsi.model.ControlRules;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.SettingKey;
import io.cephiscsi.model.TargetConfig;
import io.cephiscsi.rbd.ClusterInfo;
import io.cephiscsi.rbd.DiskSize;
import io.cephiscsi.rbd.ImageFeature;
import io.cephiscsi.rbd.ImageInfo;
import io.cephiscsi.rbd.ImageService;
import io.cephiscsi.rbd.Names;
import io.cephiscsi.rbd.RbdException;

/** Disks and their images, snapshots: the rules, the RBD side effects in the right order, the one commit each. */
final class DiskOperations {

    /**
     * At most 4,096 disks (upstream stops at 256 overall, though LIO's limit is 256 LUNs per target, which the
     * model enforces; a gateway serving many targets needs more) and 1..10 images per create, as upstream.
     */
    static final int MAX_DISKS = 4096;
    static final int MAX_COUNT = 10;

    /** The kernel refuses a unit serial of INQUIRY_VPD_SERIAL_LEN (254) characters or more. */
    static final int MAX_WWN_LENGTH = 253;
    private static final java.util.regex.Pattern WWN = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]+");
    private static final java.util.regex.Pattern SNAPSHOT = java.util.regex.Pattern.compile("[A-Za-z0-9._:+-]+");

    // upstream's replies: call_api answers "successful", the handlers prefix it
    static final String CREATED = "disk create/update successful";
    static final String RECONFIGURED = "lun reconfigured: successful";
    static final String DELETED = "disk map deletion successful";

    private final AdminContext context;

    DiskOperations(AdminContext context) {
        this.context = context;
    }

    /**
     * Checks every value and every image first, then creates the missing images, then defines all disks in one
     * commit. When anything fails after an image was created, the images this call created are deleted again.
     */
    ChangeResult createDisks(DiskRequest request) {
        GatewaySettings settings = context.settings();
        GatewayConfig config = context.config();
        if (!DiskRequest.DEFAULT_BACKSTORE.equals(request.backstore())) {
            throw ConfigException.invalid("backstore", "Invalid '" + request.backstore()
                    + "' backstore - Supported backstores: " + DiskRequest.DEFAULT_BACKSTORE);
        }
        String pool = ConfigRules.poolName("pool", request.pool());
        String prefix = ConfigRules.imageName("image", request.image());
        Optional<Long> size = request.size().filter(s -> !s.isEmpty()).map(DiskOperations::sizeBytes);
        int count = request.count();
        if (count < 1 || count > MAX_COUNT) {
            throw ConfigException.invalid("count", "invalid count specified, must be an integer (1-" + MAX_COUNT + ")");
        }
        Optional<String> wwn = request.wwn().map(String::strip).filter(w -> !w.isEmpty());
        if (wwn.isPresent()) {
            if (count > 1) {
                throw ConfigException.invalid("wwn", "WWN cannot be specified when count > 1");
            }
            requireFreeWwn(config, unitSerial(wwn.get()));
        }
        List<String> names = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            names.add(count == 1 ? prefix : ConfigRules.imageName("image", prefix + n));
        }
        for (String name : names) {
            requireUndefined(config, pool + "/" + name);
        }
        if (config.disks().size() + count > MAX_DISKS) {
            throw ConfigException.invalid("count", "Disk limit of " + MAX_DISKS + " reached.");
        }
        // only overrides are stored: a value equal to this gateway's setting is dropped, as upstream does
        Map<String, Object> controls = ControlRules.apply(ControlRules.Kind.DISK, Map.of(),
                request.controls(), settings::get);
        ClusterInfo cluster = context.clusterInfo();
        if (cluster != null) {
            cluster.requireReplicatedPool(pool); // before any image: the first create would say it less clearly
        }
        ImageService images = context.images();
        Map<String, ImageInfo> existing = new LinkedHashMap<>();
        for (String name : names) {
            if (images.exists(pool, name)) {
                existing.put(name, requireUsable(images.attach(pool, name)));
            } else if (!request.createImage()) {
                throw ConfigException.invalid("image", "Image " + pool + "/" + name + " does not exist");
            } else if (size.isEmpty()) {
                throw ConfigException.invalid("size", "Size parameter is required when creating a new image");
            }
        }

        List<ConfigChange> changes = new ArrayList<>();
        Set<String> objectNames = new HashSet<>();
        config.disks().values().forEach(d -> objectNames.add(d.backstoreObjectName()));
        String host = context.hostname();
        long poolId = images.poolId(pool);
        for (String name : names) {
            String objectName = backstoreObjectName(pool, name, objectNames);
            objectNames.add(objectName);
            // rtslib's unit serial for a new storage object is a uuid4; the gateways all use the stored one
            DiskConfig disk = new DiskConfig(pool, name, poolId, wwn.orElseGet(() -> UUID.randomUUID().toString()),
                    DiskRequest.DEFAULT_BACKSTORE, objectName, host, "", controls, "", "");
            changes.add(newDisk(disk));
        }

        context.committer().refuseWhileCephIscsiRuns(); // before the images change
        List<String> created = new ArrayList<>();
        try {
            for (String name : names) {
                ImageInfo image = existing.get(name);
                if (image == null) {
                    images.create(pool, name, size.get());
                    created.add(name);
                } else if (request.createImage() && size.isPresent() && size.get() > image.sizeBytes()) {
                    // upstream grows an existing image to the size asked for (never shrinks it)
                    images.resize(pool, name, size.get());
                }
            }
            return context.committer().commit(CREATED, changes.toArray(ConfigChange[]::new));
        } catch (RuntimeException e) {
            for (String name : created) {
                try {
                    images.delete(pool, name);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    /** Grows the image, then commits the disk's {@code updated} stamp so that every gateway reconciles. */
    ChangeResult resizeDisk(String pool, String image, String size) {
        DiskConfig disk = requireDisk(context.config(), pool, image);
        long bytes = sizeBytes(size);
        context.committer().refuseWhileCephIscsiRuns(); // before the image grows
        context.images().resize(pool, image, bytes); // grow only; the refusal names the current size
        return context.committer().commit(CREATED, touch(disk.id()));
    }

    /**
     * Changes the control overrides. Upstream deactivates the LUN on every gateway and so refuses while an
     * initiator is logged in; here each gateway reconciles its storage object in place, so nobody is refused.
     */
    ChangeResult reconfigureDisk(String pool, String image, Map<String, ?> controls) {
        GatewaySettings settings = context.settings();
        DiskConfig disk = requireDisk(context.config(), pool, image);
        Map<String, ?> raw = controls == null ? Map.of() : controls;
        Function<SettingKey, Object> effective = settings::get;
        // every value is checked now, so a bad one names its control before anything is committed
        ControlRules.apply(ControlRules.Kind.DISK, disk.controls(), raw, effective);
        return context.committer().commit(RECONFIGURED, ConfigChange.updateDiskControls(disk.id(), raw, effective));
    }

    /**
     * Removes the disk from the configuration, then deletes its image unless {@code preserveImage}: the gateways
     * must have let go of the image before it can go. An image that cannot be deleted leaves the disk removed.
     */
    ChangeResult deleteDisk(String pool, String image, boolean preserveImage) {
        GatewayConfig config = context.config();
        DiskConfig disk = requireDisk(config, pool, image);
        requireUnused(config, disk.id());
        ImageService images = preserveImage ? null : context.images();
        if (images != null) {
            requireNoSnapshots(images, disk);
        }
        ChangeResult result = context.committer().commit(DELETED, ConfigChange.removeDisk(disk.id()));
        if (images != null) {
            try {
                images.delete(pool, image);
            } catch (RbdException e) {
                if (e.status() != RbdException.NOT_FOUND) { // gone already: what upstream counts as deleted
                    throw new GatewayException(e.status(), "disk map deletion: " + disk.id()
                            + " was removed from the configuration, but its rbd image was not deleted - "
                            + e.getMessage(), e);
                }
            }
        }
        return result;
    }

    ChangeResult createSnapshot(String pool, String image, String snapshot) {
        Names.requireValidSnapshot(snapshot); // upstream's rule and message first
        requireNewSnapshotName(snapshot);
        GatewayConfig config = snapshotDisk(pool, image, snapshot);
        context.images().createSnapshot(pool, image, snapshot);
        return unchanged("disk snapshot snapshot created", config);
    }

    /**
     * Rolls the image back. Upstream deactivates the LUN on every gateway, which fails while an initiator that has
     * the disk is logged in; here the sessions of this gateway are checked (other gateways' are not visible).
     */
    ChangeResult rollbackSnapshot(String pool, String image, String snapshot) {
        GatewayConfig config = snapshotDisk(pool, image, snapshot);
        requireNoSession(config, pool + "/" + image, image);
        context.images().rollbackSnapshot(pool, image, snapshot);
        return unchanged("disk snapshot rolled back to snapshot", config);
    }

    ChangeResult deleteSnapshot(String pool, String image, String snapshot) {
        GatewayConfig config = snapshotDisk(pool, image, snapshot);
        context.images().deleteSnapshot(pool, image, snapshot);
        return unchanged("disk snapshot snapshot deleted", config);
    }

    // ----- rules

    /** A size as upstream's valid_size takes it, and not above the largest image librbd creates. */
    static long sizeBytes(String size) {
        long bytes = ConfigRules.sizeBytes("size", size);
        DiskSize.requireValid(bytes);
        return bytes;
    }

    /**
     * A user-given unit serial: LIO takes any text below 254 characters; control characters and blanks at the
     * ends would not survive configfs.
     */
    static String unitSerial(String wwn) {
        if (wwn.length() > MAX_WWN_LENGTH || !WWN.matcher(wwn).matches()) {
            throw ConfigException.invalid("wwn", "WWN '" + shortened(wwn) + "' is invalid: use up to "
                    + MAX_WWN_LENGTH + " letters, digits, '-', '.', '_' and ':'");
        }
        return wwn;
    }

    /** A value quoted in a message: at most 64 characters, control characters as '?'. */
    private static String shortened(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }

    /**
     * A new snapshot's name: letters, digits, '-', '.', '_', ':' and '+', at most 127 characters. Upstream takes
     * anything without '/' and '@'; blanks, quotes and shell characters are refused here when a snapshot is made
     * (existing ones, e.g. made by upstream, can still be rolled back and deleted by their name).
     */
    private static void requireNewSnapshotName(String snapshot) {
        if (snapshot == null || snapshot.length() > 127 || !SNAPSHOT.matcher(snapshot).matches()) {
            throw ConfigException.invalid("snapshot", "snapshot name is invalid: '" + shortened(String.valueOf(
                    snapshot)) + "' (use up to 127 letters, digits, '-', '.', '_', ':' or '+')");
        }
    }

    private static void requireFreeWwn(GatewayConfig config, String wwn) {
        config.disks().forEach((id, disk) -> {
            if (disk.wwn().equals(wwn)) {
                throw ConfigException.conflict("wwn", "WWN " + wwn + " is already in use by " + id);
            }
        });
    }

    private static void requireUndefined(GatewayConfig config, String diskId) {
        if (config.disks().containsKey(diskId)) {
            throw ConfigException.conflict("image", "at least one rbd image(s) with that name/prefix is already defined");
        }
    }

    /** tcmu-runner needs exclusive-lock for failover between gateways. */
    private static ImageInfo requireUsable(ImageInfo image) {
        if ((image.features() & ImageFeature.REQUIRED) != ImageFeature.REQUIRED) {
            throw ConfigException.invalid("image", "(LUN.allocate) rbd '" + image.id().image()
                    + "' is not compatible with LIO - it lacks the required image feature(s) "
                    + ImageFeature.EXCLUSIVE_LOCK.upstreamName());
        }
        return image;
    }

    /** upstream's get_backstore_object_name: {@code pool.image}, with {@code .1}, {@code .2}... when taken. */
    static String backstoreObjectName(String pool, String image, Set<String> taken) {
        String base = pool + "." + image;
        String candidate = base;
        for (int n = 1; taken.contains(candidate); n++) {
            candidate = base + "." + n;
        }
        return candidate;
    }

    private static DiskConfig requireDisk(GatewayConfig config, String pool, String image) {
        String id = ConfigRules.poolName("pool", pool) + "/" + ConfigRules.imageName("image", image);
        DiskConfig disk = config.disks().get(id);
        if (disk == null) {
            throw ConfigException.missing("disk", "rbd " + id + " is not defined to the configuration");
        }
        return disk;
    }

    /** upstream's valid_disk for delete: clients first, then targets, named as upstream joins them. */
    private static void requireUnused(GatewayConfig config, String diskId) {
        List<String> clients = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        config.targets().forEach((iqn, target) -> {
            if (target.disks().containsKey(diskId)) {
                targets.add(iqn);
            }
            target.clients().forEach((client, c) -> {
                if (c.luns().containsKey(diskId)) {
                    clients.add(client);
                }
            });
        });
        if (!clients.isEmpty()) {
            throw ConfigException.conflict("disk", "Unable to delete " + diskId + ". Allocated to: "
                    + String.join(",", clients));
        }
        if (!targets.isEmpty()) {
            throw ConfigException.conflict("disk", "Unable to delete " + diskId + ". Mapped to: "
                    + String.join(",", targets));
        }
    }

    /** Upstream deletes the image before the config entry and so keeps the disk when it has snapshots. */
    private static void requireNoSnapshots(ImageService images, DiskConfig disk) {
        try {
            if (!images.snapshots(disk.pool(), disk.image()).isEmpty()) {
                throw ConfigException.invalid("image", "Unable to delete the underlying rbd image " + disk.id()
                        + " - Image has snapshots");
            }
        } catch (RbdException e) {
            if (e.status() != RbdException.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** The snapshot name first, then the disk, as upstream's disksnap checks them. */
    private GatewayConfig snapshotDisk(String pool, String image, String snapshot) {
        Names.requireValidSnapshot(snapshot);
        GatewayConfig config = context.config();
        String id = ConfigRules.poolName("pool", pool) + "/" + ConfigRules.imageName("image", image);
        if (!config.disks().containsKey(id)) {
            throw GatewayException.notFound("rbd image " + id + " not found");
        }
        return config;
    }

    /** 409 while an initiator that sees the disk is logged in through this gateway (see {@link #localSession}). */
    private void requireNoSession(GatewayConfig config, String diskId, String image) {
        localSession(config, diskId).ifPresent(session -> {
            throw new GatewayException(409, "Unable to roll back " + diskId + ": LUN " + image + " in-use - "
                    + session);
        });
    }

    /**
     * A session through this gateway of an initiator that sees the disk, described: a client with the disk in its
     * LUNs that is logged in, or any session on a target without ACLs that maps it. No LIO here means nobody is
     * logged in here.
     */
    Optional<String> localSession(GatewayConfig config, String diskId) {
        Configfs fs;
        try {
            fs = context.lio();
        } catch (IOException e) {
            return Optional.empty();
        }
        List<AclSession> sessions = SessionFacts.acls(fs);
        Map<String, Integer> counts = null;
        for (Map.Entry<String, TargetConfig> t : config.targets().entrySet()) {
            TargetConfig target = t.getValue();
            for (Map.Entry<String, ClientConfig> c : target.clients().entrySet()) {
                if (!c.getValue().luns().containsKey(diskId)) {
                    continue;
                }
                for (AclSession session : sessions) {
                    if (session.loggedIn() && session.targetIqn().equals(t.getKey())
                            && session.initiatorIqn().equals(c.getKey())) {
                        return Optional.of(c.getKey() + " is logged in to " + t.getKey());
                    }
                }
            }
            if (!target.aclEnabled() && target.disks().containsKey(diskId)) {
                counts = counts == null ? SessionFacts.sessionCounts(fs) : counts;
                int n = counts.getOrDefault(t.getKey(), 0);
                if (n > 0) {
                    return Optional.of(n + " session(s) on " + t.getKey());
                }
            }
        }
        return Optional.empty();
    }

    // ----- changes

    /**
     * A new disk, checked again on the fresh copy under the lock: a disk defined meanwhile by someone else is not
     * overwritten, and the limit and the unit serial hold for what is really stored.
     */
    private static ConfigChange newDisk(DiskConfig disk) {
        ConfigChange put = ConfigChange.putDisk(disk);
        return current -> {
            requireUndefined(current, disk.id());
            if (current.disks().size() >= MAX_DISKS) {
                throw ConfigException.invalid("count", "Disk limit of " + MAX_DISKS + " reached.");
            }
            requireFreeWwn(current, disk.wwn());
            return put.applyTo(current);
        };
    }

    /** Stamps the disk's {@code updated} on the fresh copy, keeping what others changed in it meanwhile. */
    private static ConfigChange touch(String diskId) {
        return current -> {
            DiskConfig fresh = current.disks().get(diskId);
            if (fresh == null) {
                throw ConfigException.missing("disk", "rbd " + diskId + " is not defined to the configuration");
            }
            return ConfigChange.putDisk(fresh).applyTo(current);
        };
    }

    /** Pure RBD operations change no configuration: the current epoch, nobody to wait for. */
    private static ChangeResult unchanged(String message, GatewayConfig config) {
        return new ChangeResult(message, config.epoch(), List.of());
    }
}
