package io.cephiscsi.shell.internal;

import static io.cephiscsi.shell.internal.Param.optional;
import static io.cephiscsi.shell.internal.Param.required;

import java.util.List;
import java.util.Optional;

import io.cephiscsi.shell.internal.Param.Values;

/**
 * The node types of gwcli's tree, which paths they sit at and the commands each has (upstream's
 * {@code ui_command_*} methods with their parameters in positional order). {@code ls}, {@code cd}, {@code pwd},
 * {@code goto}, {@code bookmarks} and {@code exit} are everywhere and handled by the {@link Dispatcher}.
 */
public enum NodeKind {
    ROOT(CommandSpec.of("export", optional("mode", "copy")),
            CommandSpec.of("import", required("file", Param.Values.NONE), optional("dryrun", "true", "false")),
            CommandSpec.of("info")),
    CLUSTERS(CommandSpec.of("refresh")),
    CLUSTER(CommandSpec.of("refresh"), CommandSpec.of("info")),
    POOLS(),
    POOL(CommandSpec.of("info")),
    TOPOLOGY(),
    DISKS(CommandSpec.of("create", optional("pool", Values.POOLS), optional("image", Values.NONE),
                    optional("size", Values.NONE), optional("backstore", "user:rbd"), optional("wwn", Values.NONE),
                    optional("count", Values.NONE)),
            CommandSpec.of("attach", optional("pool", Values.POOLS), optional("image", Values.NONE),
                    optional("backstore", "user:rbd"), optional("wwn", Values.NONE)),
            CommandSpec.of("resize", required("image_id", Values.DISKS), required("size", Values.NONE)),
            CommandSpec.of("reconfigure", required("image_id", Values.DISKS),
                    required("attribute", Values.DISK_CONTROLS), required("value", Values.NONE)),
            CommandSpec.of("info", required("image_id", Values.DISKS)),
            CommandSpec.of("detach", required("image_id", Values.DISKS)),
            CommandSpec.of("delete", required("image_id", Values.DISKS))),
    DISK_POOL(),
    DISK(CommandSpec.of("resize", required("size", Values.NONE)),
            CommandSpec.of("reconfigure", required("attribute", Values.DISK_CONTROLS), required("value", Values.NONE)),
            CommandSpec.of("snapshot", required("action", "create", "delete", "rollback"),
                    required("name", Values.SNAPSHOTS)),
            CommandSpec.of("info")),
    TARGETS(CommandSpec.of("create", required("target_iqn", Values.NONE)),
            CommandSpec.of("delete", required("target_iqn", Values.TARGETS)),
            CommandSpec.of("clearconfig", optional("confirm", "true")),
            CommandSpec.of("discovery_auth", optional("username", "nochap"), optional("password", Values.NONE),
                    optional("mutual_username", Values.NONE), optional("mutual_password", Values.NONE))),
    TARGET(CommandSpec.of("info"),
            CommandSpec.of("reconfigure", required("attribute", Values.TARGET_CONTROLS),
                    required("value", Values.NONE)),
            CommandSpec.of("auth", optional("username", "nochap"), optional("password", Values.NONE),
                    optional("mutual_username", Values.NONE), optional("mutual_password", Values.NONE))),
    TARGET_DISKS(CommandSpec.of("add", required("disk", Values.DISKS), optional("lun_id", Values.NONE)),
            CommandSpec.of("delete", required("disk", Values.TARGET_DISKS))),
    TARGET_DISK(CommandSpec.of("info")),
    GATEWAYS(CommandSpec.of("create", required("gateway_name", Values.HOSTNAME),
                    required("ip_addresses", Values.IP_ADDRESSES), optional("nosync", "true", "false"),
                    optional("skipchecks", "true", "false")),
            CommandSpec.of("delete", required("gateway_name", Values.GATEWAYS), optional("confirm", "true")),
            CommandSpec.of("info"), CommandSpec.of("refresh")),
    GATEWAY(CommandSpec.of("info"), CommandSpec.of("refresh")),
    GROUPS(CommandSpec.of("create", required("group_name", Values.NONE)),
            CommandSpec.of("delete", required("group_name", Values.GROUPS))),
    GROUP(CommandSpec.of("host", required("action", "add", "remove"), required("client_iqn", Values.CLIENTS)),
            CommandSpec.of("disk", required("action", "add", "remove"), required("disk_name", Values.DISKS)),
            CommandSpec.of("info")),
    GROUP_MEMBER(),
    HOSTS(CommandSpec.of("create", required("client_iqn", Values.NONE)),
            CommandSpec.of("delete", required("client_iqn", Values.CLIENTS)),
            CommandSpec.of("auth", optional("action", "nochap", "enable_acl", "disable_acl"))),
    HOST(CommandSpec.of("auth", optional("username", "nochap"), optional("password", Values.NONE),
                    optional("mutual_username", Values.NONE), optional("mutual_password", Values.NONE)),
            CommandSpec.of("disk", optional("action", "add", "remove"), optional("disk", Values.DISKS),
                    optional("size", Values.NONE)),
            CommandSpec.of("info")),
    HOST_LUN(CommandSpec.of("info"));

    /** The commands every node has (configshell's and gwcli's navigation). */
    public static final List<String> NAVIGATION = List.of("bookmarks", "cd", "exit", "goto", "ls", "pwd");

    private final List<CommandSpec> commands;

    NodeKind(CommandSpec... commands) {
        this.commands = List.of(commands);
    }

    public List<CommandSpec> commands() {
        return commands;
    }

    public Optional<CommandSpec> command(String verb) {
        return commands.stream().filter(c -> c.verb().equals(verb)).findFirst();
    }

    /** The node type at a path given as the names from the root ({@code []} is {@code /}). */
    public static NodeKind of(List<String> names) {
        if (names.isEmpty()) {
            return ROOT;
        }
        int depth = names.size();
        return switch (names.get(0)) {
            case "cluster" -> depth == 1 ? CLUSTERS : depth == 2 ? CLUSTER
                    : names.get(2).equals("pools") ? (depth == 3 ? POOLS : POOL) : TOPOLOGY;
            case "disks" -> depth == 1 ? DISKS : depth == 2 ? DISK_POOL : DISK;
            case "iscsi-targets" -> depth == 1 ? TARGETS : depth == 2 ? TARGET : targetChild(names);
            default -> throw new IllegalArgumentException("No such path /" + String.join("/", names));
        };
    }

    private static NodeKind targetChild(List<String> names) {
        int below = names.size() - 3;
        return switch (names.get(2)) {
            case "disks" -> below == 0 ? TARGET_DISKS : TARGET_DISK;
            case "gateways" -> below == 0 ? GATEWAYS : GATEWAY;
            case "host-groups" -> below == 0 ? GROUPS : below == 1 ? GROUP : GROUP_MEMBER;
            case "hosts" -> below == 0 ? HOSTS : below == 1 ? HOST : HOST_LUN;
            default -> throw new IllegalArgumentException("No such path /" + String.join("/", names));
        };
    }
}
