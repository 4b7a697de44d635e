package io.cephiscsi.shell.internal;

import static io.cephiscsi.shell.internal.Param.optional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.TreeNode;
import io.cephiscsi.shell.internal.Param.Values;

/**
 * Runs one gwcli command line, {@code [path] command [args]}, as configshell does: finds the node (a leading path,
 * else the session's), parses the parameters against the command's signature, and hands navigation to
 * {@link Navigation} and node commands to the actions of the node's area, each of which makes one
 * {@link GatewayAdmin} call.
 */
public final class Dispatcher {

    static final CommandSpec LS = CommandSpec.of("ls", optional("path", Values.NONE), optional("depth", Values.NONE));
    static final CommandSpec CD = CommandSpec.of("cd", optional("path", Values.NONE));
    static final CommandSpec GOTO = CommandSpec.of("goto", optional("shortcut", Values.NONE));
    static final CommandSpec BOOKMARKS = CommandSpec.of("bookmarks", optional("action", "add", "del", "go", "show"),
            optional("bookmark", Values.NONE));
    static final CommandSpec HELP = CommandSpec.of("help", optional("topic", Values.NONE));
    static final CommandSpec PWD = CommandSpec.of("pwd");
    static final CommandSpec EXIT = CommandSpec.of("exit");

    /** How {@code ls} renders: the terminal's width and whether to colour. */
    public record Display(int width, boolean colour) {
    }

    private final GatewayAdmin gateway;
    private final ShellState state;
    private final Consumer<String> progress;

    /** Without a progress sink: progress lines come first in the text {@link #run} returns. */
    public Dispatcher(GatewayAdmin gateway, ShellState state) {
        this(gateway, state, null);
    }

    /**
     * @param progress takes a line to show at once, before a long operation (a multi-disk create, an import)
     *                 returns; what the command returns is printed after it as usual. {@code null}: those lines
     *                 are put before the returned text instead
     */
    public Dispatcher(GatewayAdmin gateway, ShellState state, Consumer<String> progress) {
        this.gateway = gateway;
        this.state = state;
        this.progress = progress;
    }

    /** The navigation command of that name, if it is one. */
    static CommandSpec navigation(String verb) {
        return switch (verb) {
            case "ls" -> LS;
            case "cd" -> CD;
            case "goto" -> GOTO;
            case "bookmarks" -> BOOKMARKS;
            case "help" -> HELP;
            case "pwd" -> PWD;
            case "exit" -> EXIT;
            default -> null;
        };
    }

    /** Whether a first word is a path rather than a command. */
    static boolean isPath(String word) {
        return word.startsWith("/") || word.startsWith(".") || word.startsWith("@");
    }

    /** Runs the words; returns what to print (empty for nothing). */
    public String run(List<String> words, Display display) {
        Supplier<TreeNode> tree = memo(gateway::tree);
        List<String> rest = new ArrayList<>(words);
        List<String> here = state.stored();
        if (!here.isEmpty()) {
            here = state.current(tree.get());
        }
        if (!rest.isEmpty() && isPath(ParamParser.unquote(rest.get(0)))) {
            here = new Navigation(state).resolve(tree.get(), here, ParamParser.unquote(rest.remove(0)));
            if (rest.isEmpty()) {
                rest.add("cd");
                rest.add(TreePath.format(here));
            }
        }
        if (rest.isEmpty()) {
            return "";
        }
        String verb = rest.remove(0);
        CommandSpec nav = navigation(verb);
        if (nav != null) {
            return new Navigation(state).run(nav, ParamParser.parse(nav, rest), here, tree, display);
        }
        Location at = Location.of(here);
        CommandSpec spec = at.kind().command(verb).orElseThrow(() -> new IllegalArgumentException(
                "Command not found " + verb + " (commands at " + at + ": " + verbs(at.kind()) + ")"));
        Map<String, String> params = ParamParser.parse(spec, rest);
        List<String> early = new ArrayList<>();
        Consumer<String> progress = this.progress != null ? this.progress : early::add;
        Outcome outcome = switch (at.kind()) {
            case ROOT, CLUSTERS, CLUSTER, POOL -> new RootActions(gateway, progress).run(at, verb, params,
                    at.kind() == NodeKind.POOL ? TreePath.node(tree.get(), here) : null);
            case DISKS, DISK, TARGET_DISKS, TARGET_DISK -> new DiskActions(gateway, progress).run(at, verb, params);
            case TARGETS, TARGET, GATEWAYS, GATEWAY -> new TargetActions(gateway).run(at, verb, params);
            default -> new HostActions(gateway).run(at, verb, params);
        };
        outcome.cd().ifPresent(state::cd);
        if (!early.isEmpty()) {
            early.add(outcome.text());
            return String.join("\n", early);
        }
        return outcome.text();
    }

    private static String verbs(NodeKind kind) {
        List<String> verbs = new ArrayList<>(NodeKind.NAVIGATION);
        kind.commands().forEach(c -> verbs.add(c.verb()));
        verbs.add("help");
        return verbs.stream().sorted().collect(Collectors.joining(", "));
    }

    private static <T> Supplier<T> memo(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
