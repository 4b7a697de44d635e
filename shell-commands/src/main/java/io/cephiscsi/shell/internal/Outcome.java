package io.cephiscsi.shell.internal;

import java.util.List;
import java.util.Optional;

import io.cephiscsi.gateway.ChangeResult;

/**
 * What a gwcli command prints, and the node the shell moves to afterwards when the command says so (upstream
 * cd's into a client or host group it has just created): an explicit result, not a return-value convention.
 *
 * @param text what to print; empty for nothing
 * @param cd   the names of the node to make current, if any
 */
public record Outcome(String text, Optional<List<String>> cd) {

    public static Outcome print(String text) {
        return new Outcome(text, Optional.empty());
    }

    /** upstream's {@code ok}, plus the gateways that had not confirmed the change yet. */
    public static Outcome ok(ChangeResult result) {
        String text = "ok";
        if (!result.catchingUp().isEmpty()) {
            text += "\nnot yet applied on (catching up): " + String.join(", ", result.catchingUp());
        }
        return print(text);
    }

    public Outcome thenCd(List<String> names) {
        return new Outcome(text, Optional.of(List.copyOf(names)));
    }
}
