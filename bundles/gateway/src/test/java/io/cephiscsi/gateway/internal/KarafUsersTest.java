package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KarafUsersTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void theShippedFileHasNoUserOnlyTheGroup() throws Exception {
        Path users = folder.getRoot().toPath().resolve("users.properties");
        Files.writeString(users, "# comment\n\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        assertFalse(KarafUsers.hasUser(users));
        assertFalse(KarafUsers.hasUser(folder.getRoot().toPath().resolve("missing.properties")));
    }

    @Test
    public void anAddedAdminIsAUserWithAHashedPasswordAndTheAdminGroup() throws Exception {
        Path users = folder.getRoot().toPath().resolve("users.properties");
        Files.writeString(users, "_g_\\:admingroup = group,admin"); // no newline at the end
        String hash = FirstStartCredentials.sha512Hex("secret");
        KarafUsers.addAdmin(users, "admin", hash);
        assertTrue(KarafUsers.hasUser(users));
        List<String> lines = Files.readAllLines(users);
        assertEquals("_g_\\:admingroup = group,admin", lines.get(0));
        assertEquals("admin = {CRYPT}" + hash + "{CRYPT},_g_:admingroup", lines.get(1));
        // what Karaf's basic encryption (SHA-512, hexadecimal) stores for "secret"
        assertEquals("bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2",
                hash);
    }

    @Test
    public void credentialsFileIsReadableByItsOwnerOnly() throws Exception {
        Path file = folder.getRoot().toPath().resolve("initial-credentials.txt");
        FirstStartCredentials.writeOwnerOnly(file, List.of("api_password = x"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).contains("api_password = x"));
    }
}
