package io.cephiscsi.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * 7→8: CHAP strings {@code "user/password"} (and {@code chap_mutual}) become the six fields username, password,
 * password_encryption_enabled, mutual_username, mutual_password, mutual_password_encryption_enabled. A string
 * without '/' means no CHAP. For clients, upstream marks a password as encrypted when it is longer than 16
 * characters and this gateway has the key pair (an encrypted password is base64 of RSA output, plain ones are at
 * most 16); discovery passwords are always plain.
 */
final class ChapMigration {

    private final String now;
    private final boolean encryptionAvailable;

    ChapMigration(String now, boolean encryptionAvailable) {
        this.now = now;
        this.encryptionAvailable = encryptionAvailable;
    }

    void apply(ObjectNode root) {
        split(Migrations.object(root, "discovery_auth", ""), "discovery_auth", false);
        for (Map.Entry<String, ObjectNode> t : Migrations.entries(root, "targets", "").entrySet()) {
            String tPath = JsonPaths.item("targets", t.getKey());
            for (Map.Entry<String, ObjectNode> c : Migrations.entries(t.getValue(), "clients", tPath).entrySet()) {
                String cPath = JsonPaths.item(JsonPaths.field(tPath, "clients"), c.getKey());
                split(Migrations.object(c.getValue(), "auth", cPath), JsonPaths.field(cPath, "auth"),
                        encryptionAvailable);
            }
            t.getValue().put("updated", now);
        }
    }

    private static void split(ObjectNode auth, String path, boolean mayBeEncrypted) {
        String[] one = userAndPassword(Migrations.require(auth, "chap", path));
        auth.put("username", one[0]);
        auth.put("password", one[1]);
        auth.put("password_encryption_enabled", mayBeEncrypted && one[1].length() > 16);
        auth.remove("chap");
        String[] mutual = userAndPassword(Migrations.require(auth, "chap_mutual", path));
        auth.put("mutual_username", mutual[0]);
        auth.put("mutual_password", mutual[1]);
        auth.put("mutual_password_encryption_enabled", mayBeEncrypted && mutual[1].length() > 16);
        auth.remove("chap_mutual");
    }

    private static String[] userAndPassword(JsonNode chap) {
        String text = chap.asText("");
        int slash = text.indexOf('/');
        return slash < 0 ? new String[] {"", ""} : new String[] {text.substring(0, slash), text.substring(slash + 1)};
    }

    static void emptyChap(ObjectNode auth) {
        auth.put("username", "");
        auth.put("password", "");
        auth.put("password_encryption_enabled", false);
        auth.put("mutual_username", "");
        auth.put("mutual_password", "");
        auth.put("mutual_password_encryption_enabled", false);
    }
}
