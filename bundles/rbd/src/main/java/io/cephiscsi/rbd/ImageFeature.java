package io.cephiscsi.rbd;

import java.util.ArrayList;
import java.util.List;

/** librbd's image feature bits, with the names gwcli's {@code feature_list} shows. */
public enum ImageFeature {
    LAYERING(1), STRIPINGV2(2), EXCLUSIVE_LOCK(4), OBJECT_MAP(8), FAST_DIFF(16), DEEP_FLATTEN(32), JOURNALING(64),
    DATA_POOL(128), OPERATIONS(256), MIGRATING(512), NON_PRIMARY(1024);

    /** What upstream creates images with: layering, exclusive-lock, object-map, fast-diff, deep-flatten (61). */
    public static final long DEFAULT = LAYERING.bit | EXCLUSIVE_LOCK.bit | OBJECT_MAP.bit | FAST_DIFF.bit
            | DEEP_FLATTEN.bit;

    /** LIO's user:rbd backstore (tcmu-runner) needs exclusive-lock for multipath failover. */
    public static final long REQUIRED = EXCLUSIVE_LOCK.bit;

    private final long bit;

    ImageFeature(long bit) {
        this.bit = bit;
    }

    public long bit() {
        return bit;
    }

    /** The Python binding's constant name, e.g. {@code RBD_FEATURE_EXCLUSIVE_LOCK}, as gwcli lists it. */
    public String upstreamName() {
        return "RBD_FEATURE_" + name();
    }

    /** The features set in {@code bits}, lowest bit first (gwcli's order). */
    public static List<ImageFeature> of(long bits) {
        List<ImageFeature> features = new ArrayList<>();
        for (ImageFeature feature : values()) {
            if ((bits & feature.bit) != 0) {
                features.add(feature);
            }
        }
        return features;
    }
}
