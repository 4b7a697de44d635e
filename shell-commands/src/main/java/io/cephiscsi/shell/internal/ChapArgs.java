package io.cephiscsi.shell.internal;

import java.util.Map;

/**
 * The four CHAP parameters of {@code auth} and {@code discovery_auth}: {@code nochap} stands for all four empty,
 * and a missing username is upstream's usage error. Whether the credentials are valid is the gateway's rule.
 *
 * @param username       the CHAP user, {@code ""} for none
 * @param password       its password
 * @param mutualUsername the mutual CHAP user
 * @param mutualPassword its password
 */
record ChapArgs(String username, String password, String mutualUsername, String mutualPassword) {

    static final ChapArgs NONE = new ChapArgs("", "", "", "");

    static ChapArgs of(Map<String, String> params, String usage) {
        String username = params.getOrDefault("username", "");
        if (username.isEmpty()) {
            throw new IllegalArgumentException(usage);
        }
        if (username.equals("nochap")) {
            return NONE;
        }
        return new ChapArgs(username, params.getOrDefault("password", ""),
                params.getOrDefault("mutual_username", ""), params.getOrDefault("mutual_password", ""));
    }
}
