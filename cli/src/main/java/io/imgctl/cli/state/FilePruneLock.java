package io.imgctl.cli.state;

import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.PruneLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The host-wide prune lock: an exclusive {@link FileChannel} lock on {@code prune.lock}, taken without
 * waiting; another process (or thread) holding it makes prune fail at once.
 *
 * <p>The file is in the host directory ({@value #HOST_DIRECTORY} unless configured) when that
 * directory is usable: a real directory (not a link) owned by root that this process may write, so
 * every root prune on the host shares it. imgctl creates it owner-only ({@code 0700}) when missing and
 * it may (as root); a directory it creates that turns out not to be root's (a non-root user may create
 * entries in {@code /run/lock}) is removed again. Otherwise the file is in the fallback directory,
 * imgctl's state directory, created owner-only where imgctl creates it. The lock file is created
 * {@code 0600} and never opened through a symbolic link.
 */
public final class FilePruneLock implements PruneLock {

    /** The host-wide directory used by default. */
    public static final String HOST_DIRECTORY = "/run/lock/imgctl";

    static final String FILE_NAME = "prune.lock";

    private final Path hostDirectory;
    private final Path fallbackDirectory;

    /**
     * @param hostDirectory     the host-wide directory, used when root may write it
     * @param fallbackDirectory the state directory, used otherwise
     */
    public FilePruneLock(Path hostDirectory, Path fallbackDirectory) {
        this.hostDirectory = Objects.requireNonNull(hostDirectory, "hostDirectory");
        this.fallbackDirectory = Objects.requireNonNull(fallbackDirectory, "fallbackDirectory");
    }

    /** The host-wide directory {@value #HOST_DIRECTORY}, falling back to {@code stateDirectory}. */
    public static FilePruneLock hostWide(Path stateDirectory) {
        return new FilePruneLock(Path.of(HOST_DIRECTORY), stateDirectory);
    }

    /**
     * The lock file this process uses, creating its directory when needed.
     *
     * @throws UncheckedIOException when neither directory can be used
     */
    public Path file() {
        if (hostDirectoryUsable()) {
            return hostDirectory.resolve(FILE_NAME);
        }
        try {
            StateFiles.createPrivateDirectories(fallbackDirectory.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Tried to take the prune lock in " + fallbackDirectory
                    + " but failed because " + e.getMessage(), e);
        }
        return fallbackDirectory.resolve(FILE_NAME);
    }

    @Override
    public Held acquire() {
        Path file = file();
        FileChannel channel;
        try {
            channel = StateFiles.openPrivate(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Tried to take the prune lock " + file + " but failed because " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("Tried to take the prune lock " + file + " but failed because " + e.getMessage(), e);
        }
        if (lock == null) {
            close(channel);
            throw new ConflictException("Tried to prune but failed because another prune holds the lock " + file);
        }
        FileLock held = lock;
        return () -> {
            try {
                held.release();
            } catch (IOException ignored) {
                // closing the channel releases it too
            }
            close(channel);
        };
    }

    /** Root's writable directory: existing, or created now (owner-only) by a process that turns out to be root. */
    private boolean hostDirectoryUsable() {
        Path dir = hostDirectory.toAbsolutePath();
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Path parent = dir.getParent();
                if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                    return false;
                }
                boolean created = false;
                try {
                    StateFiles.createPrivateDirectory(dir);
                    created = true;
                } catch (FileAlreadyExistsException raced) {
                    // made by another imgctl just now: judged below like any existing one
                }
                if (created && !ownedByRoot(dir)) {
                    Files.deleteIfExists(dir); // ours and empty, but not root's: not the host-wide one
                    return false;
                }
            }
            return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && ownedByRoot(dir) && Files.isWritable(dir);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return false; // no POSIX owners, or not creatable: the state directory serves
        }
    }

    private static boolean ownedByRoot(Path dir) throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
