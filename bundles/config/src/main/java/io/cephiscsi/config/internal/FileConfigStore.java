package io.cephiscsi.config.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.config.ConfigUnavailableException;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.MigrationContext;

/**
 * {@code gateway.conf} as a file, for the embedded default: the same document and commit semantics as in RADOS,
 * with a file lock for the lock and an atomic replace (temp file, fsync, rename, fsync of the folder) for the write.
 */
@Component(service = ConfigStore.class)
public class FileConfigStore extends TransactionalStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileConfigStore.class);

    private final Path file;
    private final Path lockFile;
    private final Duration lockWait;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gateway-conf-file-watch");
        thread.setDaemon(true);
        return thread;
    });
    private FileChannel lockChannel;
    private FileLock held;
    private volatile FileTime seenModified;

    @Activate
    public FileConfigStore(@Reference(target = "(backend=embedded)") GatewaySettings settings) {
        this(Paths.get(System.getProperty("karaf.data", "data"), settings.gatewayConf()),
                Duration.ofSeconds(settings.timeOut()), Clock.systemUTC(),
                LocalMigrationContext.of(settings, Clock.systemUTC()));
        timer.scheduleWithFixedDelay(this::poll, 0, 1, TimeUnit.SECONDS);
    }

    /**
     * A store on {@code file} outside the container (tests of other bundles): no file watch, so it needs no
     * closing; every commit and {@link #refresh()} read the file anyway.
     */
    public static FileConfigStore at(Path file, GatewaySettings settings) {
        return new FileConfigStore(file, Duration.ofSeconds(settings.timeOut()), Clock.systemUTC(),
                LocalMigrationContext.of(settings, Clock.systemUTC()));
    }

    FileConfigStore(Path file, Duration lockWait, Clock clock, Supplier<MigrationContext> migration) {
        super(clock, migration);
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
        this.lockWait = lockWait;
    }

    @Override
    Snapshot read() {
        try {
            return new Snapshot(Files.readAllBytes(file), 0);
        } catch (NoSuchFileException e) {
            return new Snapshot(new byte[0], 0);
        } catch (IOException e) {
            throw new ConfigUnavailableException("cannot read " + describe() + ": " + e, e);
        }
    }

    @Override
    boolean write(byte[] json, long epoch, Guard guard, boolean releasesLock) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                folder.force(true); // the rename itself survives a crash
            }
            return false; // no guard: the file lock alone keeps writers apart, and each commit reads the file
        } catch (IOException e) {
            throw new ConfigUnavailableException("cannot write " + describe() + ": " + e, e);
        }
    }

    @Override
    void lock() {
        long deadline = System.nanoTime() + lockWait.toNanos();
        try {
            Files.createDirectories(file.getParent());
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while ((held = tryLock(lockChannel)) == null) {
                if (System.nanoTime() > deadline) {
                    lockChannel.close();
                    throw new ConfigUnavailableException("Timed out (" + lockWait.toSeconds()
                            + "s) waiting for excl lock on " + file.getFileName() + " object", null);
                }
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw new ConfigUnavailableException("cannot lock " + lockFile + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigUnavailableException("interrupted while waiting for " + lockFile, e);
        }
    }

    /** Another store of this JVM holding it counts as busy, like another process. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    @Override
    void unlock() {
        try {
            if (held != null) {
                held.release();
            }
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("Could not release {}: {}", lockFile, e.toString());
        } finally {
            held = null;
        }
    }

    @Override
    void announce(long epoch) {
        // other processes on this machine see the new file at their next poll
    }

    @Override
    String describe() {
        return file.toString();
    }

    /** Once a second: read the file again when another process replaced it. */
    private void poll() {
        try {
            FileTime modified = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            if (modified == null || !modified.equals(seenModified)) {
                refresh();
                seenModified = modified == null ? Files.getLastModifiedTime(file) : modified;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("gateway.conf poll: {}", e.toString());
        }
    }

    @Deactivate
    @Override
    void close() {
        timer.shutdownNow();
        super.close();
    }
}
