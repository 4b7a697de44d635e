package io.cephiscsi.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.TreeNode;

/**
 * Tab completion for gwcli: paths, the commands of the node, parameter names ({@code pool=}) and their values
 * (target and client IQNs, pools, {@code pool/image} names, gateway names, control names, fixed choices), read
 * from the {@link GatewayAdmin}. Candidates ending in {@code =} or {@code /} expect more input.
 */
public final class Candidates {

    private final GatewayAdmin gateway;
    private final ShellState state;

    public Candidates(GatewayAdmin gateway, ShellState state) {
        this.gateway = gateway;
        this.state = state;
    }

    /**
     * The candidates for {@code partial}, the word at the cursor, after the {@code before} words.
     *
     * @param pathFirst true when the first word may be a path ({@code gwcli <path> <command>})
     */
    public List<String> complete(List<String> before, String partial, boolean pathFirst) {
        try {
            return filter(candidates(before, partial, pathFirst), partial);
        } catch (RuntimeException e) {
            return List.of(); // an unreadable configuration or a bad path: nothing to offer
        }
    }

    private Collection<String> candidates(List<String> before, String partial, boolean pathFirst) {
        TreeNode root = gateway.tree();
        List<String> here = state.current(root);
        List<String> words = new ArrayList<>(before);
        if (pathFirst && !words.isEmpty() && Dispatcher.isPath(words.get(0))) {
            here = TreePath.resolve(root, here, words.remove(0));
        } else if (pathFirst && words.isEmpty() && Dispatcher.isPath(partial)) {
            return paths(root, here, partial);
        }
        Location at = Location.of(here);
        if (words.isEmpty()) {
            TreeSet<String> verbs = new TreeSet<>(NodeKind.NAVIGATION);
            verbs.add("help");
            at.kind().commands().forEach(c -> verbs.add(c.verb()));
            return verbs;
        }
        String verb = words.remove(0);
        CommandSpec nav = Dispatcher.navigation(verb);
        CommandSpec spec = nav != null ? nav : at.kind().command(verb).orElse(null);
        if (spec == null) {
            return List.of();
        }
        int eq = partial.indexOf('=');
        if (eq > 0) {
            String key = partial.substring(0, eq);
            return spec.param(key).map(p -> values(spec, p, at, root).stream().map(v -> key + "=" + v).toList())
                    .orElse(List.of());
        }
        List<String> named = new ArrayList<>();
        int positional = 0;
        for (String word : words) {
            Optional<String> key = ParamParser.keyOf(spec, word);
            if (key.isPresent()) {
                named.add(key.get());
            } else {
                positional++;
            }
        }
        List<String> out = new ArrayList<>();
        if (positional < spec.params().size()) {
            Param next = spec.params().get(positional);
            if (!named.contains(next.name())) {
                out.addAll(isPathParam(spec, next) ? paths(root, here, partial) : values(spec, next, at, root));
            }
            for (Param param : spec.params().subList(positional, spec.params().size())) {
                if (!named.contains(param.name())) {
                    out.add(param.name() + "=");
                }
            }
        }
        return out;
    }

    private static boolean isPathParam(CommandSpec spec, Param param) {
        return param.name().equals("path");
    }

    private Collection<String> values(CommandSpec spec, Param param, Location at, TreeNode root) {
        if (spec == Dispatcher.GOTO || (spec == Dispatcher.BOOKMARKS && param.name().equals("bookmark"))) {
            return new Navigation(state).bookmarks(root).keySet();
        }
        return switch (param.values()) {
            case NONE, SNAPSHOTS -> List.of();
            case FIXED -> param.fixed();
            case TARGETS -> gateway.targets();
            case CLIENTS -> gateway.clients(at.target());
            case GROUPS -> gateway.groups(at.target());
            case GATEWAYS -> gateway.portals(at.target()).keySet();
            case DISKS -> gateway.diskIds();
            case TARGET_DISKS -> names(root, List.of("iscsi-targets", at.target(), "disks"));
            case POOLS -> pools(root);
            case TARGET_CONTROLS -> gateway.settings().targetDefaultControls().keySet();
            case DISK_CONTROLS -> {
                TreeSet<String> controls = new TreeSet<>();
                gateway.settings().diskDefaultControls().values().forEach(c -> controls.addAll(c.keySet()));
                yield controls;
            }
            case HOSTNAME -> List.of(gateway.hostname());
            case IP_ADDRESSES -> gateway.ipAddresses();
        };
    }

    /** The pools the cluster reports, and those disks are in. */
    private static Collection<String> pools(TreeNode root) {
        TreeSet<String> pools = new TreeSet<>(names(root, List.of("disks")));
        root.child("cluster").ifPresent(clusters -> clusters.children().forEach(cluster ->
                cluster.child("pools").ifPresent(p -> p.children().forEach(pool -> pools.add(pool.name())))));
        return pools;
    }

    private static List<String> names(TreeNode root, List<String> path) {
        TreeNode node = root;
        for (String name : path) {
            node = node.child(name).orElse(null);
            if (node == null) {
                return List.of();
            }
        }
        return node.children().stream().map(TreeNode::name).toList();
    }

    /** The children of the node the partial path's directory names, as {@code <directory><child>/}. */
    private static List<String> paths(TreeNode root, List<String> here, String partial) {
        int slash = partial.lastIndexOf('/');
        String directory = slash < 0 ? "" : partial.substring(0, slash + 1);
        List<String> parent = TreePath.resolve(root, here, directory.isEmpty() ? "." : directory);
        List<String> out = new ArrayList<>();
        for (TreeNode child : TreePath.node(root, parent).children()) {
            out.add(directory + child.name() + "/");
        }
        if (partial.equals("..") || partial.endsWith("/..")) {
            out.add(partial + "/");
        }
        return out;
    }

    private static List<String> filter(Collection<String> candidates, String partial) {
        return candidates.stream().filter(c -> c.startsWith(partial)).distinct().sorted().toList();
    }
}
