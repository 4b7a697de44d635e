package io.cephiscsi.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cephiscsi.model.internal.Json;
import io.cephiscsi.model.internal.JsonReader;
import io.cephiscsi.model.internal.Migrations;
import io.cephiscsi.model.internal.PythonJson;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole shared gateway.conf, schema version 11, as an immutable value.
 *
 * <p>The JSON tree is the source of truth and is never exposed: fields this version does not know (written by a
 * newer gateway) stay in it at every level and are written back unchanged, and {@link #toJson()} of an unchanged
 * document gives the bytes it was parsed from. The typed accessors are read-only views built (and type-checked)
 * at parse time. Changes go through {@link ConfigChange}, which edit a copy.
 */
public final class GatewayConfig {

    /** The schema version this appliance reads and writes (upstream ceph-iscsi 3.5). */
    public static final int SCHEMA_VERSION = 11;

    private static final JsonReader READER = new JsonReader();

    private final ObjectNode root;
    private final boolean migrated;
    private final int version;
    private final long epoch;
    private final Map<String, DiskConfig> disks;
    private final Map<String, GatewayEntry> gateways;
    private final Map<String, TargetConfig> targets;
    private final ChapCredentials discoveryAuth;
    private final String created;
    private final String updated;

    private GatewayConfig(ObjectNode root, boolean migrated) {
        this.root = root;
        this.migrated = migrated;
        this.version = ConfigReader.version(root);
        if (version != SCHEMA_VERSION) {
            throw new IllegalStateException("not migrated: version " + version);
        }
        this.epoch = requiredEpoch(root);
        this.disks = sorted(ConfigReader.items(root, "disks", "", true, ConfigReader::disk));
        this.gateways = sorted(ConfigReader.items(root, "gateways", "", true, ConfigReader::gateway));
        this.targets = sorted(ConfigReader.items(root, "targets", "", true, ConfigReader::target));
        this.discoveryAuth = ConfigReader.chap(root, "discovery_auth", "", true);
        this.created = Json.text(root, "created", "created", "");
        this.updated = Json.text(root, "updated", "updated", "");
    }

    private static long requiredEpoch(ObjectNode root) {
        if (!root.has("epoch")) {
            throw new ConfigFormatException("epoch", "the field is missing");
        }
        return Json.integer(root, "epoch", "epoch", 0);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /** Parses and, for versions 1..10, migrates as upstream does, stamping with the current time. */
    public static GatewayConfig parse(byte[] json) {
        return parse(json, MigrationContext.defaults());
    }

    /**
     * Parses any schema version 1..11; older versions are migrated to 11 as upstream's {@code _upgrade_config}
     * does ({@link #migrated()} then says so, and the store commits the result once).
     *
     * @throws ConfigFormatException not JSON, truncated, a wrong type, or a version newer than 11
     */
    public static GatewayConfig parse(byte[] json, MigrationContext context) {
        ObjectNode root = READER.readObject(json);
        ConfigReader.version(root);
        boolean migrated = new Migrations(Timestamps.format(context.now()),
                context.localHost().map(MigrationContext.HostIdentity::shortName).orElse(null),
                context.localHost().map(MigrationContext.HostIdentity::fqdn).orElse(null),
                context.encryptionAvailable()).upgrade(root);
        return new GatewayConfig(root, migrated);
    }

    /** Upstream's seed for an empty object: no disks, gateways or targets, no discovery CHAP, epoch 0. */
    public static GatewayConfig seed(Instant now) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("disks");
        root.putObject("gateways");
        root.putObject("targets");
        ConfigTree.putChap(root.putObject("discovery_auth"), ChapCredentials.NONE);
        root.put("version", SCHEMA_VERSION);
        root.put("epoch", 0);
        root.put("created", Timestamps.format(now));
        // upstream seeds "updated" as "" and only its first commit stamps it
        root.put("updated", "");
        return new GatewayConfig(root, false);
    }

    /** A config from an edited tree (changes); re-checks every type. */
    static GatewayConfig fromTree(ObjectNode root) {
        return new GatewayConfig(root, false);
    }

    /** A private deep copy of the tree for a change to edit. */
    ObjectNode copyTree() {
        return root.deepCopy();
    }

    /** The document as upstream writes it: sorted keys, 4-space indent, ASCII only, no trailing newline. */
    public byte[] toJson() {
        return PythonJson.write(root);
    }

    /** Whether {@link #parse} upgraded an older schema version (or did the 9→10 host rename). */
    public boolean migrated() {
        return migrated;
    }

    /** The same document with a new epoch and top-level {@code updated} stamp: what a commit writes. */
    public GatewayConfig withEpoch(long newEpoch, Instant newUpdated) {
        // a shallow copy sharing the items and their typed views: no tree held by a GatewayConfig is ever edited
        // (a change edits the deep copy copyTree() gives), and at a thousand disks a deep copy and a re-read of
        // every item cost milliseconds of each commit
        ObjectNode copy = root.objectNode();
        copy.setAll(root);
        copy.put("epoch", newEpoch);
        copy.put("updated", Timestamps.format(newUpdated));
        return new GatewayConfig(copy, this);
    }

    /** {@code root} differs from {@code same}'s tree in its top-level scalars only */
    private GatewayConfig(ObjectNode root, GatewayConfig same) {
        this.root = root;
        this.migrated = false;
        this.version = same.version;
        this.epoch = requiredEpoch(root);
        this.disks = same.disks;
        this.gateways = same.gateways;
        this.targets = same.targets;
        this.discoveryAuth = same.discoveryAuth;
        this.created = Json.text(root, "created", "created", "");
        this.updated = Json.text(root, "updated", "updated", "");
    }

    public int version() {
        return version;
    }

    public long epoch() {
        return epoch;
    }

    /** Disks keyed {@code pool/image}, sorted. */
    public Map<String, DiskConfig> disks() {
        return disks;
    }

    /** Gateways keyed by name (FQDN), sorted. */
    public Map<String, GatewayEntry> gateways() {
        return gateways;
    }

    /** Targets keyed by IQN, sorted. */
    public Map<String, TargetConfig> targets() {
        return targets;
    }

    public ChapCredentials discoveryAuth() {
        return discoveryAuth;
    }

    /** Upstream's {@code YYYY/MM/DD HH:MM:SS} text; "" when never stamped. */
    public String created() {
        return created;
    }

    /** Upstream's {@code YYYY/MM/DD HH:MM:SS} text; "" when never stamped (a fresh seed). */
    public String updated() {
        return updated;
    }

    /** Equal when the documents are byte-for-byte equal (a tree compare would tell int 5 from long 5). */
    @Override
    public boolean equals(Object o) {
        return o instanceof GatewayConfig && Arrays.equals(((GatewayConfig) o).toJson(), toJson());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toJson());
    }

    @Override
    public String toString() {
        return "GatewayConfig[version=" + version + ", epoch=" + epoch + ", disks=" + disks.size()
                + ", gateways=" + gateways.size() + ", targets=" + targets.size() + "]";
    }
}
