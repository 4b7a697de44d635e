package io.cephiscsi.gateway.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.config.ConfigUnavailableException;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.model.ConfigRules;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.TargetConfig;

/** The read side of {@link io.cephiscsi.gateway.GatewayAdmin}: answers from the newest shared configuration. */
final class ConfigQueries {

    private final Supplier<ConfigStore> store;
    private final ConfigTreeView trees = new ConfigTreeView();

    /** {@code store} gives null while the store is down (e.g. on invalid settings). */
    ConfigQueries(Supplier<ConfigStore> store) {
        this.store = store;
    }

    GatewayConfig config() {
        ConfigStore current = store.get();
        if (current == null) {
            throw new GatewayException(503, "the shared configuration is not available (see gwcli info and the log)");
        }
        try {
            return current.current();
        } catch (ConfigUnavailableException e) {
            throw new GatewayException(e.status(), e.getMessage(), e);
        }
    }

    List<String> targets() {
        return List.copyOf(config().targets().keySet());
    }

    Map<String, Object> portals(String targetIqn) {
        return ConfigTreeView.object(targetTree(targetIqn), "portals");
    }

    List<String> clients(String targetIqn) {
        return List.copyOf(target(targetIqn).clients().keySet());
    }

    List<String> groups(String targetIqn) {
        return List.copyOf(target(targetIqn).groups().keySet());
    }

    Map<String, Object> group(String targetIqn, String groupName) {
        Map<String, Object> group = ConfigTreeView.objectOrNull(
                ConfigTreeView.object(targetTree(targetIqn), "groups"), groupName);
        if (group == null) {
            throw GatewayException.notFound("Group name does not exist"); // upstream's text
        }
        return group;
    }

    List<String> diskIds() {
        return List.copyOf(config().disks().keySet());
    }

    Map<String, Object> disks() {
        return ConfigTreeView.object(trees.tree(config()), "disks");
    }

    Map<String, Object> disk(String pool, String image) {
        String id = ConfigRules.poolName("pool", pool) + "/" + ConfigRules.imageName("image", image);
        Map<String, Object> stored = ConfigTreeView.objectOrNull(disks(), id);
        if (stored == null) {
            throw GatewayException.notFound("rbd image " + id + " not found");
        }
        return new LinkedHashMap<>(stored);
    }

    /** The typed target; an invalid IQN is a 400 naming it (upstream answers 500 "Invalid iqn ..."). */
    private TargetConfig target(String targetIqn) {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        TargetConfig target = config().targets().get(iqn);
        if (target == null) {
            throw missingTarget(iqn);
        }
        return target;
    }

    private Map<String, Object> targetTree(String targetIqn) {
        String iqn = ConfigRules.iqn("target_iqn", targetIqn);
        Map<String, Object> target = ConfigTreeView.objectOrNull(
                ConfigTreeView.object(trees.tree(config()), "targets"), iqn);
        if (target == null) {
            throw missingTarget(iqn);
        }
        return target;
    }

    /** Upstream answers a KeyError 500 here; its targetinfo route's 404 text says it better. */
    private static GatewayException missingTarget(String iqn) {
        return GatewayException.notFound("Target " + iqn + " does not exist");
    }
}
