package io.cephiscsi.rest.internal;

import java.time.Duration;
import java.util.Map;

import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.gateway.GatewayStatus;

/**
 * How this gateway answers an upstream (ceph-iscsi 3.5) gateway's internal fan-out call ({@code /api/_targetlun},
 * {@code _client}, ...) while both kinds serve a target during a migration. Upstream's gateway that took the public
 * call commits the change itself, before or after calling each gateway; this gateway's LIO follows the shared
 * configuration by itself, so the answer is: read it now, wait until LIO is there, reply as upstream's route does.
 * What upstream has the called gateway commit itself is done here too where it is this gateway's own membership
 * (joining or leaving a target, its part of a target delete: {@code GatewayAdmin.joinTarget} and the like); the rest
 * (a host group delete, a change this gateway would be the committing host of) is refused before anything is
 * applied here.
 */
final class UpstreamFanOut {

    /** How long a fan-out call waits for this gateway's LIO (upstream waits for its peers without a limit). */
    static final Duration WAIT = Duration.ofSeconds(5);

    private UpstreamFanOut() {
    }

    /**
     * Upstream's success reply {@code message}, once this gateway's LIO is at the newest shared configuration;
     * 500 naming why otherwise (upstream's caller then stops and reports "failed on this gateway").
     */
    static Map<String, String> synced(GatewayAdmin gateway, String message) throws InterruptedException {
        GatewayStatus status = gateway.syncToShared(WAIT);
        if (!status.problems().isEmpty()) {
            throw new GatewayException(500, "gateway " + status.gateway() + " could not bring its LIO to the shared"
                    + " configuration: " + String.join("; ", status.problems()));
        }
        return Map.of("message", message);
    }

    /** A change this gateway commits itself when upstream calls it (GatewayAdmin.joinTarget and the like). */
    @FunctionalInterface
    interface OwnChange {
        ChangeResult commit() throws InterruptedException;
    }

    /**
     * Upstream's reply to a call that has this gateway change the configuration itself: the configuration is read
     * first (upstream commits without a notice, also the gateways it called before this one), then the change is
     * committed here and replied once this gateway's LIO has it.
     */
    static Map<String, String> committedHere(GatewayAdmin gateway, OwnChange change) throws InterruptedException {
        synced(gateway, "");
        return Map.of("message", change.commit().message());
    }

    /** 400: {@code what} is a change upstream has this very gateway make in the configuration itself. */
    static GatewayException refused(GatewayAdmin gateway, String what) {
        return new GatewayException(400, what + " must be done by " + gateway.hostname() + " itself, a"
                + " ceph-iscsi-karaf gateway, which changes the shared configuration only through its own API, and"
                + " that API takes changes only once no ceph-iscsi gateway runs: finish the migration of the other"
                + " gateways first; nothing was changed here");
    }

    /** Refuses when upstream's {@code field} (committing_host, allocating_host, ...) names this gateway. */
    static void refuseIfCommitter(GatewayAdmin gateway, String field, String host, String what) {
        if (host != null && host.equals(gateway.hostname())) {
            throw refused(gateway, what + " (" + field + " is this gateway)");
        }
    }
}
