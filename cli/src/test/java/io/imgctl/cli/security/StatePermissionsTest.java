package io.imgctl.cli.security;

import io.imgctl.cli.ServedRuns;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.cli.Main;
import io.imgctl.cli.state.FilePruneLock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files imgctl keeps about a machine (the built-in engine's state and its lock, the usage ledger,
 * the prune lock) and the folders it creates for them are the owner's only: {@code rw-------} and
 * {@code rwx------}, whatever the umask (the build's is the usual 022, which would give 644 and 755).
 */
class StatePermissionsTest {

    @TempDir
    Path dir;

    private static int imgctl(Map<String, String> env, String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8)) {
            return ServedRuns.main(out, out, env, args);
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void stateLedgerAndLocksUnderHomeAreTheOwnersOnly() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        Map<String, String> env = Map.of("HOME", home.toString(), "IMGCTL_LOCK_DIR", dir.resolve("lock").toString());

        assertThat(imgctl(env, "--engine", "fake", "pull", "-q", "alpine:3.13")).isZero();
        assertThat(imgctl(env, "--engine", "fake", "prune", "--dry-run")).isZero();

        Path state = home.resolve(".local/state/imgctl");
        for (Path folder : List.of(home.resolve(".local"), home.resolve(".local/state"), state)) {
            assertThat(mode(folder)).as("%s", folder).isEqualTo("rwx------");
        }
        // The prune lock is host-wide (IMGCTL_LOCK_DIR here) as root, in the state folder otherwise.
        Path lock = new FilePruneLock(dir.resolve("lock"), state).file();
        List<String> files = new ArrayList<>(
                List.of("fake-engine.json", "fake-engine.json.lock", "usage-fake.json", "usage-fake.json.lock"));
        if (lock.getParent().equals(state)) {
            files.add("prune.lock");
        }
        for (String file : files) {
            assertThat(mode(state.resolve(file))).as(file).isEqualTo("rw-------");
        }
        assertThat(mode(lock)).as("%s", lock).isEqualTo("rw-------");
        assertThat(mode(lock.getParent())).as("%s", lock.getParent()).isEqualTo("rwx------");
        try (var listing = Files.list(state)) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .as("no temporary file is left behind")
                    .containsExactlyInAnyOrderElementsOf(files);
        }
    }

    @Test
    void underXdgStateHomeAndAnExplicitStateFileToo() throws IOException {
        Path xdg = dir.resolve("xdg/state");
        Path fakeState = dir.resolve("elsewhere/engine/state.json");
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_STATE_HOME", xdg.toString(),
                "IMGCTL_FAKE_STATE", fakeState.toString(), "IMGCTL_LOCK_DIR", dir.resolve("lock").toString());

        assertThat(imgctl(env, "--engine", "fake", "pull", "-q", "hello-world")).isZero();
        assertThat(imgctl(env, "--engine", "fake", "prune")).isZero();

        assertThat(mode(xdg.resolve("imgctl"))).isEqualTo("rwx------");
        assertThat(mode(xdg.resolve("imgctl/usage-fake.json"))).isEqualTo("rw-------");
        assertThat(mode(xdg.resolve("imgctl/usage-fake.json.lock"))).isEqualTo("rw-------");
        Path lock = new FilePruneLock(dir.resolve("lock"), xdg.resolve("imgctl")).file();
        assertThat(mode(lock)).as("%s", lock).isEqualTo("rw-------");
        assertThat(mode(fakeState.getParent())).isEqualTo("rwx------");
        assertThat(mode(fakeState)).isEqualTo("rw-------");
        assertThat(mode(fakeState.resolveSibling("state.json.lock"))).isEqualTo("rw-------");
    }
}
