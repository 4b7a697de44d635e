package io.cephiscsi.rest.internal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.cephiscsi.gateway.ChangeResult;

/**
 * The reply to a change: upstream's {@code {"message": ...}} plus the committed {@code epoch} and, only when some
 * gateways of the target had not reached it yet, {@code catching_up} (upstream's clients read only the message).
 */
public record ChangeReply(String message, long epoch,
                          @JsonProperty("catching_up") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                          List<String> catchingUp) {

    static ChangeReply of(ChangeResult result) {
        return new ChangeReply(result.message(), result.epoch(), result.catchingUp());
    }
}
