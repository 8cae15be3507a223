package io.imgctl.cli.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.PruneLock;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the prune lock lives: the host-wide directory when root may use it, else the state directory;
 * owner-only files; one holder at a time.
 */
class FilePruneLockTest {

    @TempDir
    Path dir;

    private static boolean root() throws Exception {
        Path probe = Files.createTempFile("imgctl-uid", ".probe");
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(probe, "unix:uid"));
        } finally {
            Files.delete(probe);
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void asRootTheHostDirectoryIsCreatedOwnerOnlyAndHoldsTheLockFile() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        assumeTrue(root(), "the host-wide directory is root's: this test runs as root only");
        Path host = dir.resolve("run-lock/imgctl");
        Files.createDirectories(host.getParent());
        Path state = dir.resolve("state/imgctl");
        FilePruneLock lock = new FilePruneLock(host, state);

        try (PruneLock.Held held = lock.acquire()) {
            assertThat(lock.file()).isEqualTo(host.resolve("prune.lock"));
            assertThat(mode(host)).isEqualTo("rwx------");
            assertThat(mode(host.resolve("prune.lock"))).isEqualTo("rw-------");
            assertThat(state).doesNotExist();
            // Another user's state directory names the same host-wide lock.
            assertThatThrownBy(() -> new FilePruneLock(host, dir.resolve("other-user/state")).acquire())
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("Tried to prune but failed because another prune holds the lock " + host.resolve("prune.lock"));
        }
        try (PruneLock.Held again = new FilePruneLock(host, dir.resolve("other-user/state")).acquire()) {
            assertThat(again).isNotNull(); // released on close
        }
    }

    @Test
    void aHostDirectoryThatCannotBeCreatedFallsBackToTheStateDirectoryCreatedOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path notADirectory = Files.writeString(dir.resolve("run-lock"), "a file");
        Path host = notADirectory.resolve("imgctl");
        Path state = dir.resolve("home/.local/state/imgctl");
        FilePruneLock lock = new FilePruneLock(host, state);

        try (PruneLock.Held held = lock.acquire()) {
            assertThat(lock.file()).isEqualTo(state.resolve("prune.lock"));
            assertThat(mode(state)).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("home/.local"))).isEqualTo("rwx------");
            assertThat(mode(state.resolve("prune.lock"))).isEqualTo("rw-------");
            assertThatThrownBy(() -> new FilePruneLock(host, state).acquire()).isInstanceOf(ConflictException.class)
                    .hasMessageContaining(state.resolve("prune.lock").toString());
        }
        assertThat(Files.readString(notADirectory)).isEqualTo("a file");
    }

    @Test
    void aHostDirectoryThatIsALinkOrNotRootsIsNotUsed() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("unix"), "UNIX owners");
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(dir.resolve("linked"), elsewhere);
        Path state = dir.resolve("state");

        assertThat(new FilePruneLock(link, state).file()).isEqualTo(state.resolve("prune.lock"));
        assertThat(elsewhere.resolve("prune.lock")).doesNotExist();

        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        if (root()) {
            Files.setAttribute(foreign, "unix:uid", 4242); // a user's directory: not the host-wide one
        }
        assertThat(new FilePruneLock(foreign, state).file()).isEqualTo(state.resolve("prune.lock"));
        assertThat(foreign.resolve("prune.lock")).doesNotExist();
    }

    @Test
    void theLockFileIsNeverOpenedThroughALink() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path state = Files.createDirectories(dir.resolve("state"));
        Path target = dir.resolve("target-file");
        Files.createSymbolicLink(state.resolve("prune.lock"), target);

        assertThatThrownBy(() -> new FilePruneLock(dir.resolve("missing-parent/imgctl"), state).acquire())
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageStartingWith("Tried to take the prune lock " + state.resolve("prune.lock") + " but failed because");
        assertThat(target).doesNotExist();
    }

    @Test
    void aNonRootProcessRemovesTheHostDirectoryItCreatedAndUsesItsStateDirectory() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("unix"), "UNIX owners");
        assumeTrue(!root(), "a non-root process only");
        Path host = dir.resolve("imgctl");
        Path state = dir.resolve("state");

        assertThat(new FilePruneLock(host, state).file()).isEqualTo(state.resolve("prune.lock"));
        assertThat(host).doesNotExist();
    }
}
