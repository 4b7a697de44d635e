package io.cephiscsi.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape of this gateway's Prometheus metrics: the families of upstream's {@code rbd-target-gw}
 * ({@code ceph_iscsi_*}), sorted by name as upstream writes them. Faces render it; no format is implied here.
 *
 * @param families every family, including those without samples (no targets yet)
 */
public record GatewayMetrics(List<Family> families) {

    public GatewayMetrics {
        families = List.copyOf(families);
    }

    /** The family named {@code name}, or null. */
    public Family family(String name) {
        return families.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * A metric family.
     *
     * @param type {@code gauge} or {@code counter}
     */
    public record Family(String name, String help, String type, List<Sample> samples) {
        public Family {
            samples = List.copyOf(samples);
        }
    }

    /**
     * One sample: its labels in upstream's order, and its value.
     */
    public record Sample(Map<String, String> labels, double value) {
        public Sample {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }
}
