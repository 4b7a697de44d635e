package io.cephiscsi.rbd.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.cephiscsi.rbd.ImageService;
import io.cephiscsi.rbd.ImageServiceContract;

/** The shared contract on sparse files, plus what only files show. */
public class EmbeddedImageServiceTest extends ImageServiceContract {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private ImageService images;
    private Path root;

    @Before
    public void setUp() {
        root = folder.getRoot().toPath().resolve("images");
        images = EmbeddedImageService.at(root);
    }

    @Override
    protected ImageService images() {
        return images;
    }

    @Test
    public void imagesAreSparseFilesAndSnapshotsSparseCopies() throws Exception {
        String name = newName();
        images.create("iscsi", name, "256M");
        Path file = root.resolve("iscsi").resolve(name);
        assertEquals(256L << 20, Files.size(file));
        images.createSnapshot("iscsi", name, "s1");
        Path copy = root.resolve("iscsi").resolve(name + "@s1");
        assertEquals(256L << 20, Files.size(copy));
        // st_blocks is not in Java's attributes: ask du how much disk the two 256 MiB files really take
        Process du = new ProcessBuilder("du", "-k", "-c", file.toString(), copy.toString()).start();
        String[] lines = new String(du.getInputStream().readAllBytes()).trim().split("\n");
        long kib = Long.parseLong(lines[lines.length - 1].split("\\s+")[0]);
        assertTrue("sparse files took " + kib + " KiB", kib < 1024);
        assertEquals(java.util.List.of(name), images.list("iscsi"));
        images.deleteSnapshot("iscsi", name, "s1");
        images.delete("iscsi", name);
    }

    @Test
    public void aRollbackBringsBackTheContentOfTheSnapshot() throws Exception {
        String name = newName();
        images.create("rbd", name, "4M");
        Path file = root.resolve("rbd").resolve(name);
        writeAt(file, 3L << 20, "before");
        images.createSnapshot("rbd", name, "s");
        writeAt(file, 3L << 20, "after!");
        writeAt(file, 0, "new data");
        images.rollbackSnapshot("rbd", name, "s");
        byte[] content = Files.readAllBytes(file);
        assertEquals(4L << 20, content.length);
        assertEquals("before", new String(content, 3 << 20, 6));
        assertEquals(0, content[0]);
    }

    private static void writeAt(Path file, long offset, String text) throws Exception {
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(text.getBytes());
        }
    }
}
