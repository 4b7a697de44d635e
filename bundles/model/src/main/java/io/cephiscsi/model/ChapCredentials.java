package io.cephiscsi.model;

import java.util.Objects;

/**
 * The six CHAP fields upstream stores for discovery, a target (TPG) and a client ACL. Passwords are kept exactly
 * as stored (encrypted with the gateway's key when {@code *EncryptionEnabled}); {@link #toString()} masks them.
 */
public record ChapCredentials(String username, String password, boolean passwordEncryptionEnabled,
                              String mutualUsername, String mutualPassword,
                              boolean mutualPasswordEncryptionEnabled) {

    /** No CHAP: what upstream seeds for a new target, client and discovery. */
    public static final ChapCredentials NONE = new ChapCredentials("", "", false, "", "", false);

    public ChapCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(mutualUsername, "mutualUsername");
        Objects.requireNonNull(mutualPassword, "mutualPassword");
    }

    /** Plain (unencrypted) one-way or mutual credentials. */
    public static ChapCredentials of(String username, String password, String mutualUsername,
                                     String mutualPassword) {
        return new ChapCredentials(username, password, false, mutualUsername, mutualPassword, false);
    }

    /** Whether CHAP is on, i.e. a username is set (upstream's test). */
    public boolean enabled() {
        return !username.isEmpty();
    }

    /** Whether mutual CHAP is on. */
    public boolean mutual() {
        return !mutualUsername.isEmpty();
    }

    @Override
    public String toString() {
        return "ChapCredentials[username=" + username + ", password=" + (password.isEmpty() ? "" : "********")
                + ", mutualUsername=" + mutualUsername + ", mutualPassword="
                + (mutualPassword.isEmpty() ? "" : "********") + "]";
    }
}
