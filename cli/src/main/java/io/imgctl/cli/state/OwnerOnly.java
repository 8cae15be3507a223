package io.imgctl.cli.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * imgctl's state (the usage ledger, the prune lock) says what is on the machine and when it was used:
 * what imgctl creates is readable by its owner only, folders {@code rwx------} and files {@code rw-------}
 * (on file systems without POSIX permissions, the platform's defaults). Existing files and folders are
 * left as they are.
 */
final class OwnerOnly {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    /** Creates the folder and any missing parents, each {@code rwx------}. */
    static void createDirectories(Path dir) throws IOException {
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Opens a file, creating it {@code rw-------} when it does not exist. */
    static FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        if (POSIX) {
            FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return FileChannel.open(file, options, ownerOnly);
        }
        return FileChannel.open(file, options);
    }
}
