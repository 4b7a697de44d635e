package io.cephiscsi.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * configshell's parameter syntax: {@code name=value} or positional (filling the parameters in their declared
 * order), mixed freely; a value may be quoted ({@code password="a b"}, {@code 'x'}); {@code name=} is an empty value.
 * Every error names the parameter.
 */
public final class ParamParser {

    private ParamParser() {
    }

    /** The values by parameter name, in the order they were given. */
    public static Map<String, String> parse(CommandSpec spec, List<String> args) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (String arg : args) {
            Optional<String> key = keyOf(spec, arg);
            if (key.isPresent()) {
                String name = key.get();
                if (values.put(name, unquote(arg.substring(name.length() + 1))) != null) {
                    throw new IllegalArgumentException("Parameter '" + name + "' given twice");
                }
            } else if (looksLikeKey(arg)) {
                throw new IllegalArgumentException("Unknown parameter '" + arg.substring(0, arg.indexOf('='))
                        + "' for " + spec.verb() + " (parameters: " + names(spec) + ")");
            } else {
                positional.add(unquote(arg));
            }
        }
        if (positional.size() > spec.params().size()) {
            throw new IllegalArgumentException("Too many parameters for " + spec.verb() + ": '"
                    + positional.get(spec.params().size()) + "' (usage: " + spec.usage() + ")");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = 0; i < positional.size(); i++) {
            String name = spec.params().get(i).name();
            if (values.containsKey(name)) {
                throw new IllegalArgumentException("Parameter '" + name + "' given twice");
            }
            result.put(name, positional.get(i));
        }
        result.putAll(values);
        for (Param param : spec.params()) {
            if (param.required() && !result.containsKey(param.name())) {
                throw new IllegalArgumentException("Missing parameter '" + param.name() + "' for " + spec.verb()
                        + " (usage: " + spec.usage() + ")");
            }
        }
        return result;
    }

    /** The parameter an argument names as {@code name=...}, if it names one. */
    static Optional<String> keyOf(CommandSpec spec, String arg) {
        int eq = arg.indexOf('=');
        return eq <= 0 ? Optional.empty() : spec.param(arg.substring(0, eq)).map(Param::name);
    }

    /** {@code word=...} with a plain word before the {@code =}: meant as a parameter name. */
    private static boolean looksLikeKey(String arg) {
        int eq = arg.indexOf('=');
        return eq > 0 && arg.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*");
    }

    /** A value without the quotes around it. */
    static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }

    private static String names(CommandSpec spec) {
        return spec.params().isEmpty() ? "none"
                : spec.params().stream().map(Param::name).collect(Collectors.joining(", "));
    }

    /**
     * A command line split into words as a shell does: blanks separate words, quotes group them and are kept
     * (so {@link #unquote} can drop them per value), a backslash escapes the next character.
     */
    public static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else {
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                }
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("Unterminated quote in: " + line);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
