package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Karaf's {@code etc/users.properties}: {@code user = password,roles}; group lines start with {@code _g_\:}. */
final class KarafUsers {

    private KarafUsers() {
    }

    static boolean hasUser(Path usersFile) throws IOException {
        if (!Files.exists(usersFile)) {
            return false;
        }
        for (String line : Files.readAllLines(usersFile, StandardCharsets.ISO_8859_1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")
                    || trimmed.startsWith("_g_\\:") || trimmed.startsWith("_g_:")) {
                continue;
            }
            if (trimmed.contains("=")) {
                return true;
            }
        }
        return false;
    }

    /** Appends an admin user with an already hashed password, in Karaf's {CRYPT}…{CRYPT} form. */
    static void addAdmin(Path usersFile, String user, String hashedPassword) throws IOException {
        List<String> lines = Files.exists(usersFile)
                ? new ArrayList<>(Files.readAllLines(usersFile, StandardCharsets.ISO_8859_1))
                : new ArrayList<>();
        lines.add(user + " = {CRYPT}" + hashedPassword + "{CRYPT},_g_:admingroup");
        Files.write(usersFile, lines, StandardCharsets.ISO_8859_1);
    }
}
