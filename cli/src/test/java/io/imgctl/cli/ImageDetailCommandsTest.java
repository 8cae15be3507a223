package io.imgctl.cli;

import static io.imgctl.cli.TestData.NOW;
import static io.imgctl.cli.TestData.imageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imgctl.application.port.in.ImageSummary;
import io.imgctl.application.port.in.LayerView;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.store.DiskUsage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageDetailCommandsTest {

    private final PortsDouble ports = new PortsDouble();
    private final Layer base = new Layer(TestData.digest("b8a36d10656a"), 5_614_000, "/bin/sh -c #(nop) ADD file:9a4f in /",
            Optional.of(NOW.minusSeconds(86400 * 3)));
    private final Layer node = new Layer(TestData.digest("f0e1d2c3b4a5"), 106_000_000,
            "/bin/sh -c addgroup -g 1000 node && adduser -u 1000 -G node -s /bin/sh -D node && apk add --no-cache libstdc++",
            Optional.of(NOW.minusSeconds(86400 * 2)), "add node\nand its user");

    @BeforeEach
    void images() {
        Image nodeImage = new Image(imageId("a0b1c2d3e4f5"), List.of(TestData.ref("node:alpine3.13")), List.of(),
                NOW.minusSeconds(86400 * 2), 111_614_000, Optional.empty(), List.of(base, node),
                new ImageConfig(List.of("node"), List.of("docker-entrypoint.sh"), List.of("NODE_VERSION=16"), "/", "",
                        Map.of("maintainer", "x"), "amd64", "linux"), "Me <me@example.com>", "add node");
        ports.images.add(new ImageSummary(nodeImage, 0));
        ports.histories.put("node:alpine3.13", List.of(new LayerView(node, List.of()),
                new LayerView(base, List.of("alpine:3.13"))));
    }

    @Test
    void history_shows_the_layers_newest_first_with_what_shares_them() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "history", "node:alpine3.13");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly(
                "IMAGE          CREATED      CREATED BY                                      SIZE      COMMENT                 SHARED WITH",
                "a0b1c2d3e4f5   2 days ago   /bin/sh -c addgroup -g 1000 node && adduser …   106MB     add node and its user",
                "<missing>      3 days ago   /bin/sh -c #(nop) ADD file:9a4f in /            5.61MB                            alpine:3.13");
    }

    @Test
    void layers_names_each_layer_by_its_short_diff_id() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "layers", "node:alpine3.13");

        assertThat(run.outLines().get(0)).startsWith("LAYER          CREATED");
        assertThat(run.outLines().get(1)).startsWith("f0e1d2c3b4a5   2 days ago");
        assertThat(run.outLines().get(2)).startsWith("b8a36d10656a   3 days ago").endsWith("alpine:3.13");
    }

    @Test
    void history_json_is_an_array_of_layers_newest_first() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "history", "--format", "json", "node:alpine3.13");

        JsonNode layers = run.json();
        assertThat(layers).hasSize(2);
        assertThat(layers.get(0).get("diffId").asText()).isEqualTo(node.diffId().toString());
        assertThat(layers.get(0).get("comment").asText()).isEqualTo("add node\nand its user");
        JsonNode shared = layers.get(1);
        assertThat(shared.get("diffId").asText()).isEqualTo(base.diffId().toString());
        assertThat(shared.get("size").asLong()).isEqualTo(5_614_000);
        assertThat(shared.get("createdBy").asText()).isEqualTo("/bin/sh -c #(nop) ADD file:9a4f in /");
        assertThat(shared.get("created").asText()).isEqualTo("2024-04-28T12:00:00Z");
        assertThat(shared.get("comment").asText()).isEmpty();
        assertThat(CliRun.texts(shared.get("sharedWith"))).containsExactly("alpine:3.13");
    }

    @Test
    void inspect_prints_one_json_object_with_config_and_layers() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "inspect", "node:alpine3.13");

        assertThat(run.exitCode()).isZero();
        JsonNode image = run.json();
        assertThat(image.get("id").asText()).startsWith("sha256:a0b1c2d3e4f5");
        assertThat(CliRun.texts(image.get("tags"))).containsExactly("node:alpine3.13");
        assertThat(image.get("parent").isNull()).isTrue();
        assertThat(image.get("author").asText()).isEqualTo("Me <me@example.com>");
        assertThat(image.get("comment").asText()).isEqualTo("add node");
        assertThat(image.get("size").asLong()).isEqualTo(111_614_000);
        assertThat(CliRun.texts(image.get("config").get("entrypoint"))).containsExactly("docker-entrypoint.sh");
        assertThat(image.get("config").get("workingDir").asText()).isEqualTo("/");
        assertThat(image.get("config").get("labels").get("maintainer").asText()).isEqualTo("x");
        assertThat(image.get("layers")).hasSize(2);
        assertThat(image.get("layers").get(0).get("diffId").asText()).isEqualTo(base.diffId().toString());
        assertThat(image.get("layers").get(1).get("comment").asText()).isEqualTo("add node\nand its user");
    }

    @Test
    void inspect_of_an_unknown_name_is_one_error_line_and_exit_one() {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "inspect", "nope");
        CliRun image = CliRun.withDouble(ports, "--engine", "fake", "inspect", "--type", "image", "nope");

        // neither an image nor a container: Docker's words for that
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly("Error: No such object: nope");
        assertThat(image.exitCode()).isEqualTo(1);
        assertThat(image.errLines()).containsExactly("Error: No such image: nope");
        assertThat(ports.calls).containsExactly("inspect nope", "inspectContainer nope", "inspect nope");
    }

    @Test
    void df_prints_totals_then_per_image_usage() {
        ports.diskUsage = new DiskUsage(List.of(
                new DiskUsage.ImageUsage(imageId("a0b1c2d3e4f5"), List.of(TestData.ref("node:alpine3.13")),
                        111_614_000, 5_614_000, 106_000_000, 0),
                new DiskUsage.ImageUsage(imageId("8ca4688f4f35"), List.of(TestData.ref("alpine:3.13")),
                        5_614_000, 5_614_000, 0, 1)), 2, 111_614_000, 106_000_000, 1, 0);

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "df");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly(
                "TYPE         TOTAL     ACTIVE    SIZE      RECLAIMABLE",
                "Images       2         1         112MB     106MB (94%)",
                "Layers       2                   112MB",
                "Containers   1                   0B",
                "",
                "Images space usage:",
                "",
                "REPOSITORY   TAG          IMAGE ID       SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS",
                "node         alpine3.13   a0b1c2d3e4f5   112MB     5.61MB        106MB         0",
                "alpine       3.13         8ca4688f4f35   5.61MB    5.61MB        0B            1");
    }

    @Test
    void df_json_has_the_spec_fields() {
        ports.diskUsage = new DiskUsage(List.of(new DiskUsage.ImageUsage(imageId("8ca4688f4f35"),
                List.of(TestData.ref("alpine:3.13")), 5_614_000, 0, 5_614_000, 0)), 1, 5_614_000, 5_614_000, 0, 0);

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "df", "--format", "json");

        JsonNode df = run.json();
        assertThat(df.get("images").get(0).get("id").asText()).startsWith("sha256:8ca4688f4f35");
        assertThat(CliRun.texts(df.get("images").get(0).get("tags"))).containsExactly("alpine:3.13");
        assertThat(df.get("images").get(0).get("size").asLong()).isEqualTo(5_614_000);
        assertThat(df.get("images").get(0).get("sharedSize").asLong()).isZero();
        assertThat(df.get("images").get(0).get("uniqueSize").asLong()).isEqualTo(5_614_000);
        assertThat(df.get("images").get(0).get("containers").asInt()).isZero();
        assertThat(df.get("layers").asInt()).isEqualTo(1);
        assertThat(df.get("totalSize").asLong()).isEqualTo(5_614_000);
        assertThat(df.get("reclaimableBytes").asLong()).isEqualTo(5_614_000);
    }

    @Test
    void tag_push_and_commit_reach_their_use_cases() {
        ports.pullEvents.add(PullEvent.layer("b8a36d10656a", "Pushed"));

        CliRun tag = CliRun.withDouble(ports, "--engine", "fake", "tag", "alpine:3.13", "localhost:5000/demo/alpine:1.0");
        CliRun push = CliRun.withDouble(ports, "--engine", "fake", "push", "localhost:5000/demo/alpine:1.0");
        CliRun commit = CliRun.withDouble(ports, "--engine", "fake", "commit", "tutorial", "localhost:5000/demo/app:1.0");

        assertThat(tag.exitCode()).isZero();
        assertThat(tag.out()).isEmpty();
        assertThat(push.errLines()).containsExactly("The push refers to repository [localhost:5000/demo/alpine]",
                "b8a36d10656a: Pushed");
        assertThat(push.outLines()).containsExactly("1.0: digest: sha256:" + "d".repeat(64) + " size: 528");
        assertThat(commit.outLines()).containsExactly("sha256:" + "c".repeat(64));
        assertThat(ports.calls).containsExactly("tag alpine:3.13 localhost:5000/demo/alpine:1.0",
                "push localhost:5000/demo/alpine:1.0", "commit tutorial localhost:5000/demo/app:1.0");
    }

    @Test
    void commit_passes_message_author_and_every_change_on() {
        CliRun commit = CliRun.withDouble(ports, "--engine", "fake", "commit", "-m", "add greeting",
                "--author", "Me <me@example.com>", "-c", "CMD [\"cat\", \"/greeting\"]", "--change", "LABEL a=b",
                "tutorial", "localhost:5000/demo/app:1.0");

        assertThat(commit.exitCode()).isZero();
        assertThat(commit.outLines()).containsExactly("sha256:" + "c".repeat(64));
        assertThat(ports.calls).containsExactly("commit tutorial localhost:5000/demo/app:1.0 message=add greeting"
                + " author=Me <me@example.com> change=CMD [\"cat\", \"/greeting\"] change=LABEL a=b");
    }

    @Test
    void push_shows_the_header_and_the_digest_line_once_when_the_engine_reports_them_too() {
        ports.pullEvents.add(PullEvent.of("The push refers to repository [localhost:5000/demo/alpine]"));
        ports.pullEvents.add(PullEvent.layer("b8a36d10656a", "Pushed"));
        ports.pullEvents.add(PullEvent.of("1.0: digest: sha256:" + "d".repeat(64) + " size: 528"));

        CliRun push = CliRun.withDouble(ports, "--engine", "fake", "push", "localhost:5000/demo/alpine:1.0");

        assertThat(push.exitCode()).isZero();
        assertThat(push.errLines()).containsExactly("The push refers to repository [localhost:5000/demo/alpine]",
                "b8a36d10656a: Pushed");
        assertThat(push.outLines()).containsExactly("1.0: digest: sha256:" + "d".repeat(64) + " size: 528");
    }
}
