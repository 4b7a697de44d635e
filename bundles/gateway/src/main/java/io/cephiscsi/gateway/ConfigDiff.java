package io.cephiscsi.gateway;

import java.util.List;

/**
 * What an import would change, item by item, in the words of the tree: {@code + disk rbd/disk_2},
 * {@code - client iqn...c1 of iqn...t1}, {@code ~ target iqn...t1 controls}. Empty when the imported configuration
 * equals the current one.
 *
 * @param baseEpoch the epoch the difference was computed against; an import applies only onto that epoch
 * @param lines     one line per added (+), removed (-) or changed (~) item, in tree order
 */
public record ConfigDiff(long baseEpoch, List<String> lines) {

    public ConfigDiff {
        lines = List.copyOf(lines);
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }
}
