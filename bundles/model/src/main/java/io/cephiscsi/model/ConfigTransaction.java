package io.cephiscsi.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of item-level changes, applied all or nothing. The store applies it to the copy it read under
 * the lock, so changes made meanwhile by other writers to other items survive (upstream replays whole target
 * items and loses them).
 */
public final class ConfigTransaction {

    private final List<ConfigChange> changes;

    private ConfigTransaction(List<ConfigChange> changes) {
        this.changes = List.copyOf(changes);
    }

    public static ConfigTransaction of(ConfigChange... changes) {
        return new ConfigTransaction(List.of(changes));
    }

    public static ConfigTransaction of(List<ConfigChange> changes) {
        return new ConfigTransaction(changes);
    }

    public List<ConfigChange> changes() {
        return changes;
    }

    /** Applies every change, stamping items with the current time. */
    public GatewayConfig applyTo(GatewayConfig current) {
        return applyTo(current, Clock.systemUTC().instant());
    }

    /**
     * Applies every change in order to a copy of {@code current}, checks the result, and returns it; the input is
     * never modified. The epoch is not touched: the store sets it when it commits.
     *
     * @throws ConfigException the first change that does not fit; nothing of the transaction is applied
     */
    public GatewayConfig applyTo(GatewayConfig current, Instant now) {
        Objects.requireNonNull(current, "current");
        String stamp = Timestamps.format(now);
        ObjectNode tree = current.copyTree();
        GatewayConfig result = null;
        for (ConfigChange change : changes) {
            if (change instanceof TreeChange) {
                if (result != null) {
                    tree = result.copyTree();
                    result = null;
                }
                ((TreeChange) change).apply(tree, stamp);
            } else {
                // a change from elsewhere only knows applyTo(GatewayConfig)
                result = change.applyTo(result != null ? result : GatewayConfig.fromTree(tree));
            }
        }
        return result != null ? result : GatewayConfig.fromTree(tree);
    }

    @Override
    public String toString() {
        return "ConfigTransaction" + changes;
    }
}
