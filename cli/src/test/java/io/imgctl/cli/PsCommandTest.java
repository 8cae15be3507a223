package io.imgctl.cli;

import static io.imgctl.cli.TestData.NOW;
import static io.imgctl.cli.TestData.image;
import static io.imgctl.cli.TestData.imageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imgctl.application.port.in.ImageSummary;
import io.imgctl.domain.container.ContainerState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PsCommandTest {

    private final PortsDouble ports = new PortsDouble();

    @BeforeEach
    void containers() {
        ports.images.add(new ImageSummary(image(imageId("d2c94e258dcb"), List.of("hello-world:latest"), NOW, 13_256), 1));
        ports.containers.add(TestData.container("1c2d3e4f5a6b", "eager_turing", "hello-world", imageId("d2c94e258dcb"),
                ContainerState.EXITED, 0, NOW.minusSeconds(10), Optional.of(NOW.minusSeconds(10)),
                Optional.of(NOW.minusSeconds(9)), "/hello"));
        // Created from alpine:3.13, whose tag and data were removed with rmi -f: orphaned.
        ports.containers.add(TestData.container("9f8e7d6c5b4a", "tutorial", "alpine:3.13", imageId("8ca4688f4f35"),
                ContainerState.EXITED, 0, NOW.minusSeconds(300), Optional.of(NOW.minusSeconds(300)),
                Optional.of(NOW.minusSeconds(299)), "docker-entrypoint.sh", "node"));
        ports.containers.add(TestData.container("aaaaaaaaaaaa", "web", "hello-world", imageId("d2c94e258dcb"),
                ContainerState.RUNNING, 0, NOW.minusSeconds(200), Optional.of(NOW.minusSeconds(180)),
                Optional.empty(), "/hello"));
    }

    @Test
    void lists_all_containers_with_docker_columns_and_the_image_id_for_orphans() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "ps", "-a");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly(
                "CONTAINER ID   IMAGE          COMMAND                  CREATED          STATUS                     NAMES",
                "1c2d3e4f5a6b   hello-world    \"/hello\"                 10 seconds ago   Exited (0) 9 seconds ago   eager_turing",
                "9f8e7d6c5b4a   8ca4688f4f35   \"docker-entrypoint.s…\"   5 minutes ago    Exited (0) 4 minutes ago   tutorial",
                "aaaaaaaaaaaa   hello-world    \"/hello\"                 3 minutes ago    Up 3 minutes               web");
    }

    @Test
    void without_all_only_running_containers_are_asked_for() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "ps", "-q");

        assertThat(run.outLines()).containsExactly("aaaaaaaaaaaa");
        assertThat(ports.calls).containsExactly("listContainers all=false");
    }

    @Test
    void json_names_the_image_by_id_once_its_reference_is_gone() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "ps", "-a", "--format", "json");

        JsonNode containers = run.json();
        assertThat(containers).hasSize(3);
        assertThat(containers.get(0).get("id").asText()).isEqualTo("1c2d3e4f5a6b" + "0".repeat(52));
        assertThat(containers.get(0).get("name").asText()).isEqualTo("eager_turing");
        assertThat(containers.get(0).get("image").asText()).isEqualTo("hello-world");
        assertThat(containers.get(0).get("imageId").asText()).isEqualTo("sha256:d2c94e258dcb" + "0".repeat(52));
        assertThat(containers.get(0).get("state").asText()).isEqualTo("exited");
        assertThat(containers.get(0).get("exitCode").asInt()).isZero();
        assertThat(containers.get(0).get("created").asText()).isEqualTo("2024-05-01T11:59:50Z");
        assertThat(containers.get(1).get("image").asText()).isEqualTo("sha256:8ca4688f4f35" + "0".repeat(52));
        assertThat(containers.get(2).get("state").asText()).isEqualTo("running");
    }
}
