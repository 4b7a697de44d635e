package io.cephiscsi.shell.internal;

import java.util.List;
import java.util.Optional;

/**
 * A gwcli command of one node type: its verb and its parameters in upstream's positional order.
 *
 * @param verb   the command word, e.g. {@code create}
 * @param params the parameters; positional arguments fill them in this order
 */
public record CommandSpec(String verb, List<Param> params) {

    public CommandSpec {
        params = List.copyOf(params);
    }

    static CommandSpec of(String verb, Param... params) {
        return new CommandSpec(verb, List.of(params));
    }

    /** The parameter of that name. */
    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The usage line, e.g. {@code resize image_id size}, optional parameters in brackets. */
    public String usage() {
        StringBuilder usage = new StringBuilder(verb);
        for (Param param : params) {
            usage.append(' ').append(param.required() ? param.name() : "[" + param.name() + "]");
        }
        return usage.toString();
    }
}
