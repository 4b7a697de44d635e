package io.cephiscsi.gateway.internal;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

import org.junit.Test;

import io.cephiscsi.rbd.internal.EmbeddedImageService;
import io.cephiscsi.shell.internal.Dispatcher;
import io.cephiscsi.shell.internal.ShellState;

/**
 * A disk's {@code info} shows its image's facts as upstream's does (size, features, snapshots, lock owner), read
 * through the gateway service from the real embedded image store; a disk whose image is missing shows them empty.
 */
public class DiskInfoTest {

    private static String info(GatewayAdminImpl gateway, String disk) {
        return new Dispatcher(gateway, new ShellState(ShellState.Variables.of(new HashMap<>())))
                .run(List.of("/disks/" + disk, "info"), new Dispatcher.Display(80, false));
    }

    @Test
    public void aDisksInfoShowsItsImagesSizeFeaturesSnapshotsAndLockOwner() throws Exception {
        Path images = Files.createTempDirectory("disk-info-images");
        GatewayAdminImpl gateway = FixtureGateway.v11();
        EmbeddedImageService store = EmbeddedImageService.at(images);
        gateway.setImages(store);
        store.create("rbd", "disk_1", "64M");
        store.createSnapshot("rbd", "disk_1", "before_upgrade");

        String text = info(gateway, "rbd/disk_1");
        assertThat(text, containsString("Image                 .. disk_1\n"));
        assertThat(text, containsString("Size H                .. 64M\n"));
        assertThat(text, containsString("Feature List          .. RBD_FEATURE_LAYERING\n"));
        assertThat(text, containsString("Snapshots             .. before_upgrade (64M)\n"));
        // no tcmu-runner reports on the embedded backend: upstream's Unknown, not the image's RBD lock holder
        assertThat(text, containsString("Owner                 .. node1.example.com\n"
                + "Lock Owner            .. Unknown\n"));

        // rbd/disk_2 is in the configuration, its image is not in the store
        String missing = info(gateway, "rbd/disk_2");
        assertThat(missing, containsString("Size H                .. \n"));
        assertThat(missing, containsString("Lock Owner            .. Unknown\n"));
    }
}
