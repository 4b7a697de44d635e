package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import io.cephiscsi.lio.Configfs;
import io.cephiscsi.lio.EmulatedConfigfs;
import io.cephiscsi.model.Backend;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.SettingKey;

/**
 * Where this gateway's LIO lives. A real configfs mount is used as it is. Anything else is a configfs-shaped folder
 * emulated by the engine: the embedded default's (under {@code data/configfs} unless {@code configfs_root} is set)
 * or a test's.
 */
final class LioRoot {

    private LioRoot() {
    }

    static Configfs of(GatewaySettings settings) throws IOException {
        Path root = settings.configfsRoot();
        if (Files.isDirectory(root) && "configfs".equals(Files.getFileStore(root).type())) {
            return new Configfs(root);
        }
        boolean defaultRoot = root.equals(SettingKey.CONFIGFS_ROOT.defaultValue().orElse(null));
        if (defaultRoot && settings.backend() == Backend.EMBEDDED) {
            root = Paths.get(System.getProperty("karaf.data", "data"), "configfs");
        } else if (defaultRoot) {
            throw new IOException(root + " is not a configfs mount: load target_core_mod and mount configfs, or set"
                    + " configfs_root");
        }
        Files.createDirectories(root);
        return new EmulatedConfigfs(root);
    }
}
