package io.cephiscsi.model;

/**
 * CHAP credentials as upstream's valid_credentials checks them, in its order and with its messages: a username
 * needs a password, a password or mutual username needs a username, mutual user and password need each other;
 * usernames 8–64 word characters or {@code . : @ _ -} (and '\', which upstream's pattern lets through), passwords
 * 12–16 word characters or {@code @ - _ /}. Word characters are Unicode letters, digits and '_', as Python's
 * {@code \w}. Unlike upstream, a trailing newline is refused (Python's '$' accepts one).
 */
public final class ChapRules {

    private ChapRules() {
    }

    /**
     * Checks the four values; empty means "not set". A password stored encrypted ({@code *EncryptionEnabled}) only
     * counts as present: its plain value was checked before it was encrypted ({@link ChapCipher}).
     */
    public static ChapCredentials check(ChapCredentials c) {
        check(c.username(), c.password(), c.passwordEncryptionEnabled(), c.mutualUsername(), c.mutualPassword(),
                c.mutualPasswordEncryptionEnabled());
        return c;
    }

    /** Checks the four plain-text values; empty means "not set". */
    public static void check(String username, String password, String mutualUsername, String mutualPassword) {
        check(username, password, false, mutualUsername, mutualPassword, false);
    }

    private static void check(String username, String password, boolean passwordEncrypted, String mutualUsername,
                              String mutualPassword, boolean mutualPasswordEncrypted) {
        String u = nz(username);
        String p = nz(password);
        String mu = nz(mutualUsername);
        String mp = nz(mutualPassword);
        if (!u.isEmpty() && p.isEmpty()) {
            throw ConfigException.invalid("password", "Password is required");
        }
        if (u.isEmpty() && (!p.isEmpty() || !mu.isEmpty())) {
            throw ConfigException.invalid("username", "Username is required");
        }
        if (!mu.isEmpty() && mp.isEmpty()) {
            throw ConfigException.invalid("mutual_password", "Mutual password is required");
        }
        if (mu.isEmpty() && !mp.isEmpty()) {
            throw ConfigException.invalid("mutual_username", "Mutual username is required");
        }
        user("username", "username", u);
        user("mutual_username", "mutual username", mu);
        if (!passwordEncrypted) {
            secret("password", "password", p);
        }
        if (!mutualPasswordEncrypted) {
            secret("mutual_password", "mutual password", mp);
        }
    }

    private static void user(String field, String label, String v) {
        if (v.isEmpty()) {
            return;
        }
        length(field, label, v, 8, 64);
        if (!v.codePoints().allMatch(c -> isWordChar(c) || ".:@-\\".indexOf(c) >= 0)) {
            throw ConfigException.invalid(field, "Invalid " + label);
        }
    }

    private static void secret(String field, String label, String v) {
        if (v.isEmpty()) {
            return;
        }
        length(field, label, v, 12, 16);
        if (!v.codePoints().allMatch(c -> isWordChar(c) || "@-/".indexOf(c) >= 0)) {
            throw ConfigException.invalid(field, "Invalid " + label);
        }
    }

    private static void length(String field, String label, String v, int min, int max) {
        int len = v.codePointCount(0, v.length());
        if (len < min) {
            throw ConfigException.invalid(field, "Minimum length of " + label + " is " + min + " characters");
        }
        if (len > max) {
            throw ConfigException.invalid(field, "Maximum length of " + label + " is " + max + " characters");
        }
    }

    /** Python's {@code \w} for str patterns: Unicode letters and digits, and '_'. */
    static boolean isWordChar(int c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
