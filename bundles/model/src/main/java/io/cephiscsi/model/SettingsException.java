package io.cephiscsi.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A setting that cannot be used: a bad value ({@code api_port = '70000' is invalid: expected an integer from 1 to
 * 65535}) or an unknown key ({@code api_prot is not a known setting}).
 *
 * <p>When several settings are bad, {@link #combined(List)} makes one exception whose message has one line per
 * problem, whose {@link #key()}, {@link #value()} and {@link #allowed()} are those of the first problem, and whose
 * {@link #problems()} lists them all.
 */
public class SettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;
    private final String allowed;
    private final List<SettingsException> problems;

    /**
     * A bad value.
     *
     * @param key     the setting's name
     * @param value   the value as given (secrets are masked by the caller)
     * @param allowed what would have been accepted, e.g. {@code an integer from 1 to 65535}
     */
    public SettingsException(String key, String value, String allowed) {
        this(key, value, allowed, key + " = '" + value + "' is invalid: expected " + allowed, null);
    }

    private SettingsException(String key, String value, String allowed, String message,
                              List<SettingsException> problems) {
        super(message);
        this.key = Objects.requireNonNull(key, "key");
        this.value = value;
        this.allowed = allowed;
        this.problems = problems == null ? List.of(this) : List.copyOf(problems);
    }

    /** A key that is not a setting; {@link #value()} and {@link #allowed()} are null. */
    public static SettingsException unknownKey(String key) {
        return new SettingsException(key, null, null, key + " is not a known setting", null);
    }

    /**
     * One exception for several problems, a new object even for a single one so that every throw has its own
     * stack trace.
     *
     * @param problems at least one problem
     */
    public static SettingsException combined(List<SettingsException> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no settings problem to report");
        }
        List<SettingsException> flat = problems.stream()
                .flatMap(p -> p.problems().stream())
                .collect(Collectors.toUnmodifiableList());
        SettingsException first = flat.get(0);
        String message = flat.stream().map(Throwable::getMessage).collect(Collectors.joining("\n"));
        return new SettingsException(first.key, first.value, first.allowed, message, flat);
    }

    /** The setting's name (of the first problem when combined). */
    public String key() {
        return key;
    }

    /** The rejected value, or null for an unknown key. */
    public String value() {
        return value;
    }

    /** What would have been accepted, or null for an unknown key. */
    public String allowed() {
        return allowed;
    }

    /** Every problem this exception stands for; just this one unless it was {@link #combined(List) combined}. */
    public List<SettingsException> problems() {
        return problems;
    }
}
