package io.imgctl.cli.state;

import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.PruneLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The host-wide prune lock: an exclusive {@link FileChannel} lock on {@code prune.lock} in imgctl's
 * state directory, taken without waiting. Another process (or thread) holding it makes prune fail at once.
 * The file and the folders created for it are the owner's only ({@link OwnerOnly}).
 */
public final class FilePruneLock implements PruneLock {

    private final Path file;

    public FilePruneLock(Path file) {
        this.file = file;
    }

    @Override
    public Held acquire() {
        FileChannel channel;
        try {
            OwnerOnly.createDirectories(file.toAbsolutePath().getParent());
            channel = OwnerOnly.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
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

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
