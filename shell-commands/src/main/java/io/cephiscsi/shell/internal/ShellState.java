package io.cephiscsi.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cephiscsi.gateway.TreeNode;

/**
 * What an interactive gwcli keeps between commands, in the shell session's variables (as {@code config:edit}
 * keeps its PID): the current node, its prompt text and the bookmarks. A one-shot command uses a fresh state.
 */
public final class ShellState {

    /** The session variable the prompt shows: the current path, shortened as configshell does. */
    public static final String PROMPT_VARIABLE = "GWCLI_PROMPT";
    /** configshell's default {@code prompt_length}. */
    static final int PROMPT_LENGTH = 30;
    private static final String PATH_VARIABLE = "gwcli.path";
    private static final String BOOKMARKS_VARIABLE = "gwcli.bookmarks";

    /** Session variables: Karaf's {@code Session}, or a map in a one-shot command and in tests. */
    public interface Variables {
        Object get(String name);

        void put(String name, Object value);

        static Variables of(Map<String, Object> map) {
            return new Variables() {
                @Override
                public Object get(String name) {
                    return map.get(name);
                }

                @Override
                public void put(String name, Object value) {
                    map.put(name, value);
                }
            };
        }
    }

    private final Variables variables;

    public ShellState(Variables variables) {
        this.variables = variables;
    }

    /** The current node's names; the nearest ancestor that still exists when it was deleted meanwhile. */
    @SuppressWarnings("unchecked")
    public List<String> current(TreeNode root) {
        Object stored = variables.get(PATH_VARIABLE);
        List<String> names = stored instanceof List<?> list ? new ArrayList<>((List<String>) list) : new ArrayList<>();
        TreeNode node = root;
        int existing = 0;
        for (String name : names) {
            TreeNode child = node.child(name).orElse(null);
            if (child == null) {
                break;
            }
            node = child;
            existing++;
        }
        return List.copyOf(names.subList(0, existing));
    }

    /** The stored current path without checking it against the tree. */
    @SuppressWarnings("unchecked")
    public List<String> stored() {
        Object stored = variables.get(PATH_VARIABLE);
        return stored instanceof List<?> list ? List.copyOf((List<String>) list) : List.of();
    }

    public void cd(List<String> names) {
        variables.put(PATH_VARIABLE, List.copyOf(names));
        variables.put(PROMPT_VARIABLE, prompt(TreePath.format(names)));
    }

    /** configshell's prompt: the path, its start elided with {@code ...} when longer than the prompt length. */
    static String prompt(String path) {
        if (path.length() <= PROMPT_LENGTH) {
            return path;
        }
        return "..." + path.substring(path.length() - PROMPT_LENGTH + 3);
    }

    /** The bookmarks, name to path. */
    @SuppressWarnings("unchecked")
    public Map<String, String> bookmarks() {
        Object stored = variables.get(BOOKMARKS_VARIABLE);
        return stored instanceof Map<?, ?> map ? new TreeMap<>((Map<String, String>) map) : new TreeMap<>();
    }

    public void bookmarks(Map<String, String> bookmarks) {
        variables.put(BOOKMARKS_VARIABLE, new TreeMap<>(bookmarks));
    }
}
