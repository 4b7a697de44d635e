package io.cephiscsi.rbd.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** File operations that keep image files sparse: a 1T image of zeros must not take 1T of disk. */
final class SparseFiles {

    private static final int BLOCK = 1 << 20;

    private SparseFiles() {
    }

    /** A new file of {@code size} bytes that takes no space. Fails when {@code file} exists. */
    static void create(Path file, long size) throws IOException {
        Files.createFile(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    static void grow(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    /**
     * Copies {@code from} to {@code to} through a temporary file and one rename, so {@code to} is never half
     * written; blocks of zeros are skipped, not written (Files.copy would write them and fill the holes).
     */
    static void copy(Path from, Path to) throws IOException {
        Path temporary = to.resolveSibling(".tmp-" + to.getFileName() + "-" + System.nanoTime());
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
            long position = 0;
            long size = in.size();
            while (position < size) {
                buffer.clear();
                int read = in.read(buffer, position);
                if (read < 0) {
                    break;
                }
                buffer.flip();
                if (!zeros(buffer)) {
                    while (buffer.hasRemaining()) {
                        out.write(buffer, position + buffer.position());
                    }
                }
                position += read;
            }
            try (RandomAccessFile raf = new RandomAccessFile(temporary.toFile(), "rw")) {
                raf.setLength(size);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static final byte[] ZEROS = new byte[BLOCK];

    private static boolean zeros(ByteBuffer buffer) {
        return java.util.Arrays.mismatch(buffer.array(), 0, buffer.limit(), ZEROS, 0, buffer.limit()) < 0;
    }
}
