package io.cephiscsi.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.cephiscsi.gateway.ApplianceInfo;
import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.ConfigDiff;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.TreeNode;

/** The commands of {@code /} and of the {@code cluster} branch. */
final class RootActions {

    private final GatewayAdmin gateway;
    private final Consumer<String> progress;

    RootActions(GatewayAdmin gateway) {
        this(gateway, line -> { });
    }

    /** @param progress shows a line at once, before a long call returns */
    RootActions(GatewayAdmin gateway, Consumer<String> progress) {
        this.gateway = gateway;
        this.progress = progress;
    }

    Outcome run(Location at, String verb, Map<String, String> p, TreeNode node) {
        if (verb.equals("refresh")) {
            return Outcome.print("ok");
        }
        return switch (at.kind()) {
            case ROOT -> switch (verb) {
                case "export" -> export(p.getOrDefault("mode", "copy"));
                case "import" -> importConfig(p.get("file"), Boolean.parseBoolean(p.getOrDefault("dryrun", "false")));
                default -> info();
            };
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

    /**
     * {@code import file=<path> [dryrun=true]} (upstream has none): checks the whole file, prints what would change,
     * and unless a dry run applies it as one commit onto the configuration it was compared with.
     */
    private Outcome importConfig(String file, boolean dryRun) {
        byte[] json;
        try {
            json = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("file: cannot read " + file + " (" + e.getMessage() + ")");
        }
        ConfigDiff diff = gateway.previewImport(json);
        String changes = diff.isEmpty() ? "no changes" : String.join("\n", diff.lines());
        if (dryRun || diff.isEmpty()) {
            return Outcome.print(changes);
        }
        // the changes first, at once: applying them (images created, every gateway's LIO) may take a while
        progress.accept(changes);
        progress.accept("Applying " + diff.lines().size() + " change(s)...");
        ChangeResult result = gateway.importConfig(json, diff.baseEpoch());
        return Outcome.ok(result);
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
