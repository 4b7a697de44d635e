package io.cephiscsi.rbd.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.cephiscsi.rbd.ClusterInfo;
import io.cephiscsi.rbd.ClusterInfoContract;
import io.cephiscsi.rbd.PoolInfo;

public class EmbeddedClusterInfoTest extends ClusterInfoContract {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Override
    protected ClusterInfo cluster() {
        return new EmbeddedClusterInfo("ceph", folder.getRoot().toPath().resolve("images"));
    }

    @Test
    public void poolsAreSizedByTheFilesystemAndUsedByTheirFiles() {
        EmbeddedImageService images = EmbeddedImageService.at(folder.getRoot().toPath().resolve("images"));
        images.create("iscsi", "disk_1", "8M");
        PoolInfo iscsi = cluster().pools(Map.of()).get(0);
        assertEquals("iscsi", iscsi.name());
        assertEquals(8L << 20, iscsi.usedBytes());
        assertTrue(iscsi.maxAvailBytes() <= folder.getRoot().getUsableSpace() + (64L << 20));
        assertEquals("embedded", cluster().version());
        assertEquals(0, cluster().topology().osds());
    }
}
