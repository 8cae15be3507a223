package io.imgctl.cli;

import static io.imgctl.cli.TestData.NOW;
import static io.imgctl.cli.TestData.imageId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.application.port.in.RunResult;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.domain.container.ContainerState;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PullAndRunCommandTest {

    private final PortsDouble ports = new PortsDouble();

    @BeforeEach
    void registry() {
        ports.pullEvents.add(PullEvent.of("Pulling from library/hello-world"));
        ports.pullEvents.add(PullEvent.layer("c1ec31eb5944", "Pulling fs layer"));
        ports.pullEvents.add(PullEvent.progress("c1ec31eb5944", "Downloading", 1000, 2479));
        ports.pullEvents.add(PullEvent.layer("c1ec31eb5944", "Pull complete"));
        ports.pullResult = new PullResult(TestData.ref("hello-world:latest"), imageId("d2c94e258dcb"),
                Optional.of(TestData.digest('e')), true);
    }

    @Test
    void pull_shows_progress_on_stderr_and_the_canonical_reference_on_stdout() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "pull", "hello-world");

        assertThat(run.exitCode()).isZero();
        assertThat(run.errLines()).containsExactly(
                "latest: Pulling from library/hello-world",
                "c1ec31eb5944: Pulling fs layer",
                "c1ec31eb5944: Downloading",
                "c1ec31eb5944: Pull complete",
                "Digest: sha256:" + "e".repeat(64),
                "Status: Downloaded newer image for hello-world:latest");
        assertThat(run.outLines()).containsExactly("docker.io/library/hello-world:latest");
        assertThat(ports.calls).containsExactly("pull hello-world");
    }

    @Test
    void pull_quiet_prints_only_the_reference() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "pull", "-q", "hello-world");

        assertThat(run.err()).isEmpty();
        assertThat(run.outLines()).containsExactly("docker.io/library/hello-world:latest");
    }

    @Test
    void pull_redraws_in_place_on_a_terminal_but_not_with_no_color_or_NO_COLOR() {
        CliRun tty = CliRun.withDouble(ports, true, Map.of(), "--engine", "fake", "pull", "hello-world");
        CliRun noColor = CliRun.withDouble(ports, true, Map.of(), "--engine", "fake", "--no-color", "pull", "hello-world");
        CliRun noColorEnv = CliRun.withDouble(ports, true, Map.of("NO_COLOR", "1"), "--engine", "fake", "pull", "hello-world");

        assertThat(tty.err()).contains("\u001b[1A");
        assertThat(noColor.err()).doesNotContain("\u001b");
        assertThat(noColorEnv.err()).doesNotContain("\u001b");
    }

    @Test
    void run_of_a_missing_image_says_so_pulls_then_prints_the_output_and_exits_with_the_containers_code() {
        ports.runResult = new RunResult(TestData.container("abc", "eager_turing", "hello-world", imageId("d2c94e258dcb"),
                ContainerState.EXITED, 0, NOW, Optional.of(NOW), Optional.of(NOW), "/hello"),
                "Hello from Docker!\nThis message shows that your installation appears to be working correctly.\n",
                Optional.of(ports.pullResult));

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "run", "hello-world");

        assertThat(run.exitCode()).isZero();
        assertThat(run.errLines()).startsWith("Unable to find image 'hello-world:latest' locally",
                "latest: Pulling from library/hello-world").endsWith("Status: Downloaded newer image for hello-world:latest");
        assertThat(run.outLines()).containsExactly("Hello from Docker!",
                "This message shows that your installation appears to be working correctly.");
    }

    @Test
    void run_passes_the_command_after_the_image_untouched_and_returns_its_exit_code() {
        ports.runResult = new RunResult(TestData.container("abc", "named", "alpine:3.13", imageId("8ca4688f4f35"),
                ContainerState.EXITED, 3, NOW, Optional.of(NOW), Optional.of(NOW), "sh", "-c", "exit 3"),
                "", Optional.empty());

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "run", "--name", "named", "alpine:3.13", "sh", "-c", "exit 3");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEmpty();
        assertThat(ports.lastRun.command()).containsExactly("sh", "-c", "exit 3");
        assertThat(ports.lastRun.name()).contains("named");
        assertThat(ports.lastRun.detach()).isFalse();
    }

    @Test
    void run_detached_prints_the_full_container_id() {
        ports.runResult = new RunResult(TestData.container("abc", "x", "alpine:3.13", imageId("8ca4688f4f35"),
                ContainerState.RUNNING, 0, NOW, Optional.of(NOW), Optional.empty(), "sleep", "1000"),
                "", Optional.empty());

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "run", "-d", "alpine:3.13", "sleep", "1000");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly("abc" + "0".repeat(61));
        assertThat(ports.lastRun.detach()).isTrue();
    }
}
