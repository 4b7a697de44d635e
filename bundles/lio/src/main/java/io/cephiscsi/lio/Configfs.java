package io.cephiscsi.lio;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;

/**
 * The one place that touches configfs: every read, listing and operation goes through here, relative to an
 * injected root ({@code /sys/kernel/config} on a gateway, a temporary folder in tests). No static root and no
 * caches, unlike rtslib's class attribute {@code configfs_dir} and its module-level {@code bs_cache}.
 * Tests subclass it to make a folder behave like the kernel (default attribute files on mkdir).
 */
public class Configfs {
    private final Path root;

    public Configfs(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path resolve(String rel) {
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    public boolean exists(String rel) {
        return Files.exists(resolve(rel), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** one page is all a configfs attribute can hold; a per-thread buffer keeps reads allocation-free */
    private static final ThreadLocal<java.nio.ByteBuffer> PAGE =
            ThreadLocal.withInitial(() -> java.nio.ByteBuffer.allocateDirect(8192));

    /**
     * The attribute's text without the trailing newline the kernel appends; null when it does not exist or
     * cannot be read (write-only attributes such as {@code control}). One open/read/close into a reused direct
     * buffer: configfs fills the whole page on the first read, and this is the hot path of every plan.
     */
    public String read(String rel) {
        try {
            return readAttribute(rel);
        } catch (NoSuchFileException | AccessDeniedException e) {
            return null;
        } catch (IOException e) {
            throw new LioException("cannot read configfs " + rel + ": " + reason(e), e);
        }
    }

    private String readAttribute(String rel) throws IOException {
        java.nio.ByteBuffer b = PAGE.get();
        b.clear();
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(resolve(rel))) {
            // configfs answers in one read (open, read, close): a second read for EOF would cost a syscall
            // per attribute, so read again only when the first one filled the buffer
            while (ch.read(b) > 0 && !b.hasRemaining()) {
                b = grow(b);
            }
        }
        return text(b);
    }

    /**
     * Several attributes of one directory: {@code names} null means every entry. Missing or unreadable
     * attributes (write-only ones, subdirectories) are left out.
     *
     * <p>Each attribute is opened by its full path. Opening the directory first to read relative to it
     * (openat through a {@link java.nio.file.SecureDirectoryStream}) costs more system calls than it saves: the
     * JDK's directory stream is open, dup, fdopendir (fcntl, fstat) and two closes, about seven calls per
     * directory, against a few extra dentry-cache steps per attribute, and a plan reads 1 to 10 attributes per
     * directory (strace of an empty plan at 1,000 LUNs: 150k system calls before, 103k after, together with
     * the {@link #list} change and the reads the plan now skips).
     */
    public Map<String, String> readAll(String dir, Collection<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        String prefix = dir.isEmpty() ? "" : dir + "/";
        for (String n : names == null ? list(dir) : names) {
            try {
                out.put(n, readAttribute(prefix + n));
            } catch (IOException e) {
                // absent, write-only, or a directory
            }
        }
        return out;
    }

    private static String text(java.nio.ByteBuffer b) {
        int n = b.position();
        while (n > 0 && (b.get(n - 1) == '\n' || b.get(n - 1) == 0)) {
            n--;
        }
        byte[] out = new byte[n];
        b.get(0, out);
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static java.nio.ByteBuffer grow(java.nio.ByteBuffer b) {
        java.nio.ByteBuffer bigger = java.nio.ByteBuffer.allocateDirect(b.capacity() * 2);
        b.flip();
        bigger.put(b);
        PAGE.set(bigger);
        return bigger;
    }

    /**
     * The names in a directory, sorted; empty when it does not exist. {@link java.io.File#list()} is opendir
     * (open, fstat), getdents and close, and plain strings; the NIO directory stream adds dup, two fcntl, a
     * second close and a Path per entry, and a plan lists thousands of directories.
     */
    public List<String> list(String rel) {
        String[] fast = resolve(rel).toFile().list();
        if (fast != null) {
            java.util.Arrays.sort(fast);
            return new ArrayList<>(java.util.Arrays.asList(fast));
        }
        // absent, not a directory, or an error: the NIO call tells which
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(resolve(rel))) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            return names;
        } catch (IOException e) {
            throw new LioException("cannot list configfs " + rel + ": " + reason(e), e);
        }
        names.sort(null);
        return names;
    }

    /** the last {@code segments} path segments a symlink points at (the kernel returns a relative path) */
    public List<String> readlinkTail(String rel, int segments) {
        try {
            Path t = Files.readSymbolicLink(resolve(rel));
            int n = t.getNameCount();
            List<String> out = new ArrayList<>();
            for (int i = Math.max(0, n - segments); i < n; i++) {
                out.add(t.getName(i).toString());
            }
            return out;
        } catch (NoSuchFileException | java.nio.file.NotLinkException e) {
            return List.of();
        } catch (IOException e) {
            throw new LioException("cannot read link " + rel + ": " + reason(e), e);
        }
    }

    /** performs one operation; a refusal becomes {@link LioWriteRefusedException} naming path and value */
    public void apply(LioOp op) {
        try {
            switch (op.kind()) {
                case MKDIR -> mkdir(op.path());
                case RMDIR -> rmdir(op.path());
                case WRITE -> write(op.path(), op.value());
                case SYMLINK -> symlink(op.path(), op.value());
                case UNLINK -> unlink(op.path());
            }
        } catch (IOException e) {
            throw new LioWriteRefusedException(op, reason(e), e);
        }
    }

    protected void mkdir(String rel) throws IOException {
        Files.createDirectory(resolve(rel));
    }

    protected void rmdir(String rel) throws IOException {
        Files.delete(resolve(rel));
    }

    /**
     * One write(2) of the value, no newline, no O_CREAT: configfs attributes exist or the name is wrong (ENOENT),
     * and auth attributes would keep a trailing newline as part of the user name.
     */
    protected void write(String rel, String value) throws IOException {
        Files.write(resolve(rel), value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    protected void symlink(String rel, String targetRel) throws IOException {
        Files.createSymbolicLink(resolve(rel), resolve(targetRel));
    }

    protected void unlink(String rel) throws IOException {
        Files.delete(resolve(rel));
    }

    /** errno text: java.nio puts it in getReason() for FileSystemException, the class name says the rest */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory (ENOENT)";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists (EEXIST)";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty (ENOTEMPTY)";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
