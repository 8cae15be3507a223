package io.imgctl.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.ImageId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerStatusTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private static Container container(ContainerState state, int exit, Optional<Instant> started, Optional<Instant> finished) {
        return new Container("a".repeat(64), "eager_turing", "hello-world", ImageId.parse("b".repeat(64)),
                List.of("/hello"), state, exit, NOW.minusSeconds(600), started, finished, 0);
    }

    @Test
    void words_each_state_as_docker_ps_does() {
        assertThat(ContainerStatus.of(container(ContainerState.CREATED, 0, Optional.empty(), Optional.empty()), NOW))
                .isEqualTo("Created");
        assertThat(ContainerStatus.of(container(ContainerState.EXITED, 0, Optional.of(NOW.minusSeconds(10)),
                Optional.of(NOW.minusSeconds(9))), NOW)).isEqualTo("Exited (0) 9 seconds ago");
        assertThat(ContainerStatus.of(container(ContainerState.EXITED, 137, Optional.of(NOW.minusSeconds(4000)),
                Optional.of(NOW.minusSeconds(3600))), NOW)).isEqualTo("Exited (137) About an hour ago");
        assertThat(ContainerStatus.of(container(ContainerState.RUNNING, 0, Optional.of(NOW.minusSeconds(180)),
                Optional.empty()), NOW)).isEqualTo("Up 3 minutes");
        assertThat(ContainerStatus.of(container(ContainerState.PAUSED, 0, Optional.of(NOW.minusSeconds(180)),
                Optional.empty()), NOW)).isEqualTo("Up 3 minutes (Paused)");
    }
}
