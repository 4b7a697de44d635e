package io.cephiscsi.shell.internal;

import java.util.List;

/**
 * One parameter of a gwcli command, as upstream's {@code ui_command_*} signature names it: given as
 * {@code name=value} or by position, required or not, and where tab completion finds its values.
 *
 * @param name     upstream's parameter name
 * @param required true when the command cannot run without it
 * @param values   where completion finds candidate values
 * @param fixed    the candidate values when {@code values} is {@link Values#FIXED}
 */
public record Param(String name, boolean required, Values values, List<String> fixed) {

    /** Where the candidate values of a parameter come from. */
    public enum Values {
        NONE, FIXED, TARGETS, CLIENTS, GROUPS, GATEWAYS, DISKS, TARGET_DISKS, POOLS, TARGET_CONTROLS,
        DISK_CONTROLS, HOSTNAME, IP_ADDRESSES, SNAPSHOTS
    }

    public Param {
        fixed = List.copyOf(fixed);
    }

    static Param required(String name, Values values) {
        return new Param(name, true, values, List.of());
    }

    static Param optional(String name, Values values) {
        return new Param(name, false, values, List.of());
    }

    static Param required(String name, String... choices) {
        return new Param(name, true, Values.FIXED, List.of(choices));
    }

    static Param optional(String name, String... choices) {
        return new Param(name, false, Values.FIXED, List.of(choices));
    }
}
