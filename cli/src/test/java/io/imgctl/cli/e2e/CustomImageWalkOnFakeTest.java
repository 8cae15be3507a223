package io.imgctl.cli.e2e;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The walk on the built-in engine: its own state file, and its offline registry stands in for localhost:5000. */
class CustomImageWalkOnFakeTest extends CustomImageWalk {

    @TempDir
    Path dir;

    @Override
    String engine() {
        return "fake";
    }

    @Override
    String baseImage() {
        return "alpine:3.13";
    }

    @Override
    Map<String, String> env() {
        return Map.of("IMGCTL_FAKE_STATE", dir.resolve("state.json").toString(), "HOME", dir.toString());
    }

    @Override
    Optional<EngineCli> engineCli() {
        return Optional.empty();
    }

    @Override
    boolean realRegistry() {
        return false;
    }
}
