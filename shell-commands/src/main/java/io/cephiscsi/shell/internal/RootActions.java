package io.cephiscsi.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cephiscsi.gateway.ApplianceInfo;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.TreeNode;

/** The commands of {@code /} and of the {@code cluster} branch. */
final class RootActions {

    private final GatewayAdmin gateway;

    RootActions(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    Outcome run(Location at, String verb, Map<String, String> p, TreeNode node) {
        if (verb.equals("refresh")) {
            return Outcome.print("ok");
        }
        return switch (at.kind()) {
            case ROOT -> verb.equals("export") ? export(p.getOrDefault("mode", "copy")) : info();
            case CLUSTER -> clusterInfo(at.last());
            case POOL -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("name", node.name());
                fields.put("desc", node.summary());
                yield Outcome.print(AttributeView.format(fields));
            }
            default -> throw new IllegalStateException(at.kind() + " has no " + verb);
        };
    }

    /** upstream's {@code export}: the whole configuration as stored. */
    private Outcome export(String mode) {
        if (!mode.equals("copy")) {
            throw new IllegalArgumentException("Invalid export mode requested - supported modes are: copy");
        }
        return Outcome.print(new String(gateway.config().toJson(), StandardCharsets.UTF_8));
    }

    private Outcome info() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        InfoView.print(gateway.info(), new PrintStream(text, true, StandardCharsets.UTF_8));
        return Outcome.print(text.toString(StandardCharsets.UTF_8).stripTrailing());
    }

    private Outcome clusterInfo(String name) {
        ApplianceInfo info = gateway.info();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("health", info.health().map(h -> h.status()).orElse("UNKNOWN"));
        fields.put("health_messages", info.health().map(h -> h.checks().stream()
                .map(c -> c.severity() + " " + c.code() + ": " + c.message()).toList())
                .orElse(info.healthProblem().map(List::of).orElse(List.of())));
        fields.put("backend", info.backend());
        return Outcome.print(AttributeView.format(fields));
    }
}
