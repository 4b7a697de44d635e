package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.GatewaySettingsService;
import io.cephiscsi.model.SettingsException;

/**
 * No default credentials: on a start where none are configured, generate a random password for the console/SSH
 * user {@code admin} (stored hashed in {@code etc/users.properties}, as Karaf's JAAS is configured in
 * {@code etc/org.apache.karaf.jaas.cfg}) and for the API ({@code api_password} in the gateway PID), and write
 * both, readable by the owner only, to {@code etc/initial-credentials.txt}.
 */
@Component(immediate = true)
public class FirstStartCredentials {

    static final String PID = "io.cephiscsi.gateway";
    static final String ADMIN = "admin";
    static final String CREDENTIALS_FILE = "initial-credentials.txt";

    private static final Logger LOG = LoggerFactory.getLogger(FirstStartCredentials.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final SecureRandom random = new SecureRandom();

    @Activate
    public FirstStartCredentials(@Reference GatewaySettingsService settings, @Reference ConfigurationAdmin configAdmin)
            throws IOException {
        String etc = System.getProperty("karaf.etc");
        if (etc == null) {
            return; // not in a Karaf container: nothing to provision
        }
        Path etcDir = Paths.get(etc);
        List<String> generated = new ArrayList<>();
        Path users = etcDir.resolve("users.properties");
        if (!KarafUsers.hasUser(users)) {
            String password = newPassword();
            KarafUsers.addAdmin(users, ADMIN, sha512Hex(password));
            ownerOnly(users); // the hash of the console password
            generated.add("console_user = " + ADMIN);
            generated.add("console_password = " + password);
        }
        GatewaySettings current;
        try {
            current = settings.current();
        } catch (SettingsException e) {
            current = null; // the settings service reports the problem; don't add to it
        }
        // the PID itself is asked too: the settings service may not have seen a password stored moments ago
        // (e.g. by this component before a bundle refresh restarted it)
        Configuration pid = configAdmin.getConfiguration(PID, null);
        if (current != null && current.apiPassword().isEmpty() && !hasApiPassword(pid)) {
            String password = newPassword();
            // the API password is stored in clear in the PID's file: owner only, before it is written there
            ownerOnly(etcDir.resolve(PID + ".cfg"));
            storeApiPassword(pid, password);
            generated.add("api_user = " + current.apiUser());
            generated.add("api_password = " + password);
        }
        if (!generated.isEmpty()) {
            Path file = etcDir.resolve(CREDENTIALS_FILE);
            writeOwnerOnly(file, generated);
            String message = "First start: generated credentials (" + String.join(", ",
                    generated.stream().filter(l -> l.contains("_user")).toList()) + "); they are in " + file
                    + ", readable by its owner only";
            LOG.warn(message);
            System.out.println("ceph-iscsi-karaf: " + message);
        }
    }

    private String newPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** Karaf's BasicEncryption with the algorithm and encoding set in etc/org.apache.karaf.jaas.cfg. */
    static String sha512Hex(String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            return HexFormat.of().formatHex(digest.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasApiPassword(Configuration pid) {
        Dictionary<String, Object> properties = pid.getProperties();
        Object password = properties == null ? null : properties.get("api_password");
        return password != null && !password.toString().isBlank();
    }

    private static void storeApiPassword(Configuration configuration, String password) throws IOException {
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put("api_password", password);
        configuration.update(properties); // FileInstall writes it back to etc/io.cephiscsi.gateway.cfg
    }

    /** Takes group and other permissions off an existing file (it may not exist yet: then nothing to do). */
    static void ownerOnly(Path file) throws IOException {
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    static void writeOwnerOnly(Path file, List<String> lines) throws IOException {
        List<String> content = new ArrayList<>();
        content.add("# Generated by ceph-iscsi-karaf on its first start. Keep these somewhere safe, then delete this file.");
        content.addAll(lines);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
