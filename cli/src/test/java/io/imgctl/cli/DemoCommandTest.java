package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void replays_the_tutorial_on_its_own_state_and_leaves_the_users_state_alone() {
        Path userState = dir.resolve("user-state.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = ServedRuns.main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("IMGCTL_FAKE_STATE", userState.toString(), "HOME", dir.toString()), "demo");

        String transcript = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(transcript).contains(
                "$ imgctl pull hello-world",
                "Status: Downloaded newer image for hello-world:latest",
                "Hello from Docker!",
                "$ imgctl ps -a",
                "$ imgctl rmi hello-world\nError: conflict:",
                "(exit status 1)",
                "Untagged: hello-world:latest",
                ": Already exists",
                "$ imgctl history node:alpine3.13",
                "alpine:3.13\n",
                "$ imgctl rmi -f alpine:3.13\nUntagged: alpine:3.13",
                "$ imgctl df",
                "RECLAIMABLE");
        // The orphaned container's IMAGE column is the image's short ID once rmi -f removed its tag.
        String afterForce = transcript.substring(transcript.indexOf("$ imgctl rmi -f alpine:3.13"));
        String ps = afterForce.substring(afterForce.indexOf("$ imgctl ps -a"), afterForce.indexOf("$ imgctl df"));
        assertThat(ps.lines().skip(2).findFirst().orElseThrow()).matches("[0-9a-f]{12}   [0-9a-f]{12}   .*tutorial-alpine");
        assertThat(transcript.indexOf("# ")).as("explanations between the steps").isPositive();
        assertThat(Files.exists(userState)).as("the user's own state file").isFalse();
        assertThat(Files.exists(dir.resolve(".local/state/imgctl"))).as("the user's usage ledgers").isFalse();
    }
}
