package io.cephiscsi.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.cephiscsi.gateway.TreeNode;
import io.cephiscsi.shell.internal.Dispatcher.Display;

/**
 * configshell's commands of every node: {@code ls [path] [depth]}, {@code cd [path]}, {@code pwd},
 * {@code goto [shortcut]}, {@code bookmarks add|del|go|show [bookmark]} and {@code help [command]}. Paths may name
 * a bookmark as {@code @name}. Reads the tree only; the current node and the bookmarks are the session's.
 */
final class Navigation {

    private final ShellState state;

    Navigation(ShellState state) {
        this.state = state;
    }

    /** Runs a navigation command at {@code here}; returns what to print. */
    String run(CommandSpec nav, Map<String, String> p, List<String> here, Supplier<TreeNode> tree, Display display) {
        switch (nav.verb()) {
            case "ls" -> {
                int depth;
                try {
                    depth = Integer.parseInt(p.getOrDefault("depth", "0"));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("The tree depth must be a number.");
                }
                List<String> at = p.containsKey("path") ? resolve(tree.get(), here, p.get("path")) : here;
                return TreeView.render(TreePath.node(tree.get(), at), depth, display.width(), display.colour());
            }
            case "cd" -> {
                state.cd(resolve(tree.get(), here, p.getOrDefault("path", "/")));
                return "";
            }
            case "pwd" -> {
                return TreePath.format(here);
            }
            case "goto" -> {
                return go(p.getOrDefault("shortcut", "/"), tree.get(), here);
            }
            case "bookmarks" -> {
                return bookmarks(p.getOrDefault("action", "show"), p.get("bookmark"), tree.get(), here);
            }
            case "help" -> {
                return help(Location.of(here).kind(), p.get("topic"));
            }
            default -> {
                return "";
            }
        }
    }

    List<String> resolve(TreeNode root, List<String> here, String path) {
        if (path.startsWith("@")) {
            String target = bookmarks(root).get(path.substring(1));
            if (target == null) {
                throw new IllegalArgumentException("No such bookmark " + path.substring(1));
            }
            return TreePath.resolve(root, List.of(), target);
        }
        return TreePath.resolve(root, here, path);
    }

    private String go(String shortcut, TreeNode root, List<String> here) {
        String target = shortcut.equals("/") ? "/" : bookmarks(root).get(shortcut);
        if (target == null) {
            throw new IllegalArgumentException("No such bookmark " + shortcut + " (bookmarks: "
                    + String.join(", ", bookmarks(root).keySet()) + ")");
        }
        state.cd(TreePath.resolve(root, here, target));
        return "";
    }

    /** configshell's {@code bookmarks add|del|go|show [name]}. */
    private String bookmarks(String action, String name, TreeNode root, List<String> here) {
        Map<String, String> mine = state.bookmarks();
        switch (action) {
            case "add" -> {
                String label = name != null ? name : here.isEmpty() ? "/" : here.get(here.size() - 1);
                mine.put(label, TreePath.format(here));
                state.bookmarks(mine);
                return "Bookmarked " + TreePath.format(here) + " as " + label + ".";
            }
            case "del" -> {
                if (name == null || mine.remove(name) == null) {
                    throw new IllegalArgumentException("No such bookmark " + name);
                }
                state.bookmarks(mine);
                return "Deleted bookmark " + name + ".";
            }
            case "go" -> {
                if (name == null) {
                    throw new IllegalArgumentException("Missing parameter 'bookmark' for bookmarks go");
                }
                return go(name, root, here);
            }
            case "show" -> {
                return bookmarks(root).entrySet().stream().map(e -> e.getKey() + " .. " + e.getValue())
                        .collect(Collectors.joining("\n"));
            }
            default -> throw new IllegalArgumentException("Invalid bookmarks action '" + action
                    + "' - use add, del, go or show");
        }
    }

    /**
     * The bookmarks: gwcli's automatic {@code gateways}, {@code hosts} and {@code host-groups} of the last target,
     * then the session's own, which win.
     */
    Map<String, String> bookmarks(TreeNode root) {
        Map<String, String> all = new TreeMap<>();
        root.child("iscsi-targets").flatMap(t -> t.children().stream().max(TreeView.NATURAL)).ifPresent(target -> {
            for (String child : List.of("gateways", "hosts", "host-groups")) {
                all.put(child, "/iscsi-targets/" + target.name() + "/" + child);
            }
        });
        all.putAll(state.bookmarks());
        return all;
    }

    private static String help(NodeKind kind, String topic) {
        List<CommandSpec> specs = new ArrayList<>(kind.commands());
        for (String verb : NodeKind.NAVIGATION) {
            specs.add(Dispatcher.navigation(verb));
        }
        specs.add(Dispatcher.HELP);
        return specs.stream().filter(s -> topic == null || s.verb().equals(topic)).map(CommandSpec::usage)
                .sorted().collect(Collectors.joining("\n"));
    }
}
