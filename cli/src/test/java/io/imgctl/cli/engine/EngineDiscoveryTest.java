package io.imgctl.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineDiscoveryTest {

    @TempDir
    Path dir;

    private final List<String> pinged = new ArrayList<>();

    private DiscoveryStrategy.Probe answering(String... hosts) {
        return (kind, host) -> {
            pinged.add(kind.cliName() + " " + host);
            if (!List.of(hosts).contains(host)) {
                throw new EngineUnavailableException("connection refused");
            }
        };
    }

    private EngineDiscovery discovery(Optional<String> host, Map<String, String> env, DiscoveryStrategy.Probe probe) {
        return EngineDiscovery.standard(host, env, probe, dir.resolve("docker.sock"), dir.resolve("run-podman.sock"));
    }

    @Test
    void host_option_and_DOCKER_HOST_mean_docker_without_probing() {
        EngineTarget byOption = discovery(Optional.of("tcp://127.0.0.1:2375"), Map.of("CONTAINER_HOST", "unix:///p"),
                answering()).discover();
        EngineTarget byEnv = discovery(Optional.empty(), Map.of("DOCKER_HOST", "unix:///d.sock"), answering()).discover();

        assertThat(byOption).isEqualTo(new EngineTarget(EngineKind.DOCKER, Optional.of("tcp://127.0.0.1:2375"),
                "--host=tcp://127.0.0.1:2375"));
        assertThat(byEnv.kind()).isEqualTo(EngineKind.DOCKER);
        assertThat(byEnv.host()).contains("unix:///d.sock");
        assertThat(byEnv.hostSetting()).as("the adapter reads DOCKER_HOST itself and names it").isEmpty();
        assertThat(byOption.hostSetting()).contains("tcp://127.0.0.1:2375");
        assertThat(pinged).isEmpty();
    }

    @Test
    void CONTAINER_HOST_means_podman() {
        EngineTarget target = discovery(Optional.empty(), Map.of("CONTAINER_HOST", "unix:///run/user/1000/podman/podman.sock"),
                answering()).discover();

        assertThat(target.kind()).isEqualTo(EngineKind.PODMAN);
    }

    @Test
    void probes_the_sockets_that_exist_in_order_and_takes_the_first_that_answers() throws IOException {
        Path docker = Files.createFile(dir.resolve("docker.sock"));
        Path rootless = Files.createDirectories(dir.resolve("xdg/podman")).resolve("podman.sock");
        Files.createFile(rootless);

        EngineTarget target = discovery(Optional.empty(), Map.of("XDG_RUNTIME_DIR", dir.resolve("xdg").toString()),
                answering("unix://" + rootless)).discover();

        assertThat(target.kind()).isEqualTo(EngineKind.PODMAN);
        assertThat(target.host()).contains("unix://" + rootless);
        assertThat(pinged).containsExactly("docker unix://" + docker, "podman unix://" + rootless);
    }

    @Test
    void fails_with_one_line_listing_every_reason_and_suggesting_the_fake_engine() throws IOException {
        Files.createFile(dir.resolve("docker.sock"));

        assertThatThrownBy(() -> discovery(Optional.empty(), Map.of(), answering()).discover())
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageNotContaining("\n")
                .hasMessageContaining("--host is not set")
                .hasMessageContaining("DOCKER_HOST is not set")
                .hasMessageContaining("CONTAINER_HOST is not set")
                .hasMessageContaining(dir.resolve("docker.sock") + " did not answer as docker (connection refused)")
                .hasMessageContaining("XDG_RUNTIME_DIR is not set")
                .hasMessageContaining(dir.resolve("run-podman.sock") + " does not exist")
                .hasMessageContaining("--engine fake");
    }
}
