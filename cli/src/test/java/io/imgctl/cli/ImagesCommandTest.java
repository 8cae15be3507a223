package io.imgctl.cli;

import static io.imgctl.cli.TestData.NOW;
import static io.imgctl.cli.TestData.image;
import static io.imgctl.cli.TestData.imageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imgctl.application.port.in.ImageSummary;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImagesCommandTest {

    private final PortsDouble ports = new PortsDouble();

    @BeforeEach
    void images() {
        ports.images.add(new ImageSummary(image(imageId("8ca4688f4f35"), List.of("alpine:3.13", "localhost:5000/demo/alpine:1.0"),
                NOW.minusSeconds(120), 5_614_000), 1));
        ports.images.add(new ImageSummary(new Image(imageId("d2c94e258dcb"), List.of(),
                List.of(TestData.ref("hello-world@sha256:" + "a".repeat(64))), NOW.minusSeconds(3 * 86400), 13_256,
                Optional.empty(), List.of(), ImageConfig.EMPTY), 0));
        ports.images.add(new ImageSummary(image(imageId("0123456789ab"), List.of(), NOW.minusSeconds(3600), 0), 0));
    }

    @Test
    void lists_one_row_per_tag_with_short_ids_relative_times_and_si_sizes() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "images");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly(
                "REPOSITORY                   TAG       IMAGE ID       CREATED             SIZE",
                "alpine                       3.13      8ca4688f4f35   2 minutes ago       5.61MB",
                "localhost:5000/demo/alpine   1.0       8ca4688f4f35   2 minutes ago       5.61MB",
                "hello-world                  <none>    d2c94e258dcb   3 days ago          13.3kB",
                "<none>                       <none>    0123456789ab   About an hour ago   0B");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void quiet_prints_each_image_id_once() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "images", "-q");

        assertThat(run.outLines()).containsExactly("8ca4688f4f35", "d2c94e258dcb", "0123456789ab");
    }

    @Test
    void no_trunc_prints_full_ids() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "images", "-q", "--no-trunc");

        assertThat(run.outLines()).first().isEqualTo("sha256:8ca4688f4f35" + "0".repeat(52));
    }

    @Test
    void digests_adds_a_digest_column_after_the_tag() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "images", "--digests");

        assertThat(run.outLines().get(0)).startsWith("REPOSITORY").contains("TAG       DIGEST");
        assertThat(run.outLines().get(3)).contains("hello-world").contains("sha256:" + "a".repeat(64));
        assertThat(run.outLines().get(1)).contains("alpine").contains("3.13      <none>");
    }

    @Test
    void passes_the_repository_argument_and_filters_to_the_query() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "images", "alpine:3.13", "--filter", "dangling=false",
                "-f", "label=x", "-a");

        assertThat(run.exitCode()).isZero();
        assertThat(ports.lastQuery.repository()).contains("alpine:3.13");
        assertThat(ports.lastQuery.filters()).containsExactly("dangling=false", "label=x");
        assertThat(ports.lastQuery.all()).isTrue();
    }

    @Test
    void json_prints_one_array_with_the_spec_fields() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "images", "--format", "json");

        JsonNode images = run.json();
        assertThat(images.isArray()).isTrue();
        assertThat(images).hasSize(3);
        JsonNode alpine = images.get(0);
        assertThat(alpine.get("id").asText()).isEqualTo("sha256:8ca4688f4f35" + "0".repeat(52));
        assertThat(CliRun.texts(alpine.get("tags"))).containsExactly("alpine:3.13", "localhost:5000/demo/alpine:1.0");
        assertThat(alpine.get("created").asText()).isEqualTo("2024-05-01T11:58:00Z");
        assertThat(alpine.get("size").asLong()).isEqualTo(5_614_000);
        assertThat(alpine.get("containers").asInt()).isEqualTo(1);
        assertThat(CliRun.texts(images.get(1).get("digests"))).containsExactly("hello-world@sha256:" + "a".repeat(64));
        assertThat(images.get(2).get("tags")).isEmpty();
    }
}
