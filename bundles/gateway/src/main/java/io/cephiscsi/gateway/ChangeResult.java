package io.cephiscsi.gateway;

import java.util.List;

/**
 * What a committed change reports: upstream's success message, the epoch that holds the change, and the gateways
 * of the affected targets that had not confirmed that epoch in their LIO when the reply was sent. Those catch up
 * by themselves (each reconciles to every epoch it sees, and at start); the change is committed either way.
 *
 * @param message    upstream's success text, e.g. {@code "Target defined successfully"}
 * @param epoch      the committed epoch; the current one when the request changed nothing
 * @param catchingUp gateway names not yet at {@code epoch}, sorted; empty when every gateway confirmed
 */
public record ChangeResult(String message, long epoch, List<String> catchingUp) {

    public ChangeResult {
        catchingUp = List.copyOf(catchingUp);
    }
}
