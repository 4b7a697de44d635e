package io.cephiscsi.gateway;

import java.util.Map;
import java.util.Optional;

/**
 * A request to define disks ({@code PUT /api/disk/<pool>/<image>} with {@code mode=create}, gwcli's
 * {@code /disks create}). Values arrive as the user typed them; {@link GatewayAdmin#createDisks} checks them all
 * before anything is created.
 *
 * @param pool        RBD pool
 * @param image       image name; with {@code count > 1} the prefix of {@code <image>1..<image>N}
 * @param size        e.g. {@code 10G}; empty to attach existing images at their size
 * @param count       how many images, 1..10
 * @param backstore   {@code user:rbd} (upstream's only backstore)
 * @param wwn         the unit serial; empty to let the gateway choose (not allowed with {@code count > 1})
 * @param createImage false to only attach images that exist already
 * @param controls    disk control overrides (upstream's {@code [target]} disk keys), raw as sent
 */
public record DiskRequest(String pool, String image, Optional<String> size, int count, String backstore,
                          Optional<String> wwn, boolean createImage, Map<String, ?> controls) {

    public static final String DEFAULT_BACKSTORE = "user:rbd";

    public DiskRequest {
        controls = Map.copyOf(controls);
    }

    /** One image of {@code size} with the defaults. */
    public static DiskRequest of(String pool, String image, String size) {
        return new DiskRequest(pool, image, Optional.ofNullable(size).filter(s -> !s.isEmpty()), 1,
                DEFAULT_BACKSTORE, Optional.empty(), true, Map.of());
    }
}
