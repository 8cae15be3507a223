package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mapping of answers recorded from Docker 20.10.24 (API 1.41) on this project's test images. */
class DockerMappingTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return mapper.readTree(in);
        }
    }

    @Test
    void listedImagesSkipDockersNonePlaceholdersAndKeepLabels() throws IOException {
        List<Image> images = new java.util.ArrayList<>();
        for (JsonNode item : fixture("images-list.json")) {
            images.add(DockerMapping.listedImage(item));
        }

        Image dangling = images.get(0);
        assertThat(dangling.tags()).isEmpty();
        assertThat(dangling.digests()).isEmpty();
        assertThat(dangling.config().labels()).containsEntry("io.imgctl.fixture", "true");
        assertThat(dangling.created()).isEqualTo(Instant.ofEpochSecond(1795516345));
        Image derived = images.stream().filter(i -> i.hasTag(ImageReference.parse("localhost:5000/imgctl/derived:1")))
                .findFirst().orElseThrow();
        assertThat(derived.id().toString()).isEqualTo("sha256:96b09a336a2f08827f38ddee210390f3b175c78a609f85d7fe962cb33c450d7a");
        assertThat(derived.size()).isEqualTo(1982331);
        assertThat(derived.digests()).singleElement().satisfies(d -> assertThat(d.digest()).isPresent());
        assertThat(derived.parent()).isEmpty();
        assertThat(derived.layers()).isEmpty();
        assertThat(derived.config()).isEqualTo(ImageConfig.EMPTY);
    }

    @Test
    void inspectedImageHasConfigAndLayersSizedFromHistory() throws IOException {
        Image derived = DockerMapping.inspectedImage(fixture("inspect-derived.json"), fixture("history-derived.json"));

        assertThat(derived.tags()).containsExactly(ImageReference.parse("localhost:5000/imgctl/derived:1"));
        assertThat(derived.created()).isEqualTo(Instant.parse("2026-11-24T10:11:21.017761719Z"));
        assertThat(derived.layers()).extracting(l -> l.diffId().toString()).containsExactly(
                "sha256:534618e4d8e3feafb8b8d2612f8dd125d8af8e61b746761d39e9129775b36e5d",
                "sha256:eacabdeb18df0eb15744533d6282c1dadc26274927d322e445bcde878b872f7b");
        assertThat(derived.layers()).extracting(Layer::size).containsExactly(1982305L, 26L);
        assertThat(derived.layers().stream().mapToLong(Layer::size).sum()).isEqualTo(derived.size());
        assertThat(derived.config().cmd()).containsExactly("sh");
        assertThat(derived.config().env()).singleElement().asString().startsWith("PATH=");
        assertThat(derived.config().entrypoint()).isEmpty();
        assertThat(derived.config().labels()).isEqualTo(Map.of());
        assertThat(derived.config().architecture()).isEqualTo("amd64");
        assertThat(derived.config().os()).isEqualTo("linux");
    }

    /** Recorded after {@code POST /commit?comment=add greeting&author=Me <me@example.com>} of a container of base. */
    @Test
    void aCommittedImageHasAuthorAndCommentAndTheMessageOnItsNewLayer() throws IOException {
        Image committed = DockerMapping.inspectedImage(fixture("inspect-commit.json"), fixture("history-commit.json"));

        assertThat(committed.author()).isEqualTo("Me <me@example.com>");
        assertThat(committed.comment()).isEqualTo("add greeting");
        assertThat(committed.layers()).extracting(Layer::comment).containsExactly("Imported from -", "add greeting");
        assertThat(committed.layers()).extracting(Layer::createdBy).containsExactly("", "sh -c echo hi > /greeting");
        assertThat(committed.layers()).extracting(Layer::size).containsExactly(1982305L, 3L);
    }

    @Test
    void anImageWithoutAuthorOrCommentsHasEmptyOnesEvenWhenDockerWritesNull() throws IOException {
        Image derived = DockerMapping.inspectedImage(fixture("inspect-derived.json"), fixture("history-derived.json"));
        assertThat(derived.author()).isEmpty();
        assertThat(derived.comment()).isEmpty();

        JsonNode inspect = mapper.readTree("{\"Id\":\"sha256:" + "a".repeat(64) + "\",\"Author\":null,\"Comment\":null,"
                + "\"RootFS\":{\"Layers\":[\"sha256:" + "b".repeat(64) + "\"]}}");
        JsonNode history = mapper.readTree("[{\"Id\":\"<missing>\",\"Size\":5,\"Comment\":null}]");
        Image sparse = DockerMapping.inspectedImage(inspect, history);
        assertThat(sparse.author()).isEmpty();
        assertThat(sparse.comment()).isEmpty();
        assertThat(sparse.layers()).singleElement().satisfies(l -> assertThat(l.comment()).isEmpty());
    }

    @Test
    void inspectedContainerHasNameWithoutSlashCommandStateAndTimes() throws IOException {
        Container c = DockerMapping.container(fixture("inspect-container-exited.json"));

        assertThat(c.name()).isEqualTo("imgctl-dtest-fixture");
        assertThat(c.image()).isEqualTo("localhost:5000/imgctl/base:1");
        assertThat(c.imageId().toString()).isEqualTo("sha256:e5127295de3e4816b8bd5692539678d7c0a382d8bfe84138d1f0152d005c790d");
        assertThat(c.command()).containsExactly("sh", "-c", "exit 7");
        assertThat(c.state()).isEqualTo(ContainerState.EXITED);
        assertThat(c.exitCode()).isEqualTo(7);
        assertThat(c.started()).contains(Instant.parse("2026-11-24T10:32:21.196792999Z"));
        assertThat(c.finished()).isPresent();
        assertThat(c.created()).isBefore(c.started().get());
    }

    @Test
    void neverStartedMeansNoStartOrFinishTime() throws IOException {
        JsonNode created = mapper.readTree("{\"Id\":\"" + "c".repeat(64) + "\",\"Name\":\"/x\",\"Image\":\"sha256:" + "e".repeat(64)
                + "\",\"Path\":\"true\",\"Args\":[],\"Created\":\"2026-11-24T10:00:00.5Z\",\"Config\":{\"Image\":\"x:1\"},"
                + "\"State\":{\"Status\":\"created\",\"ExitCode\":0,\"StartedAt\":\"0001-01-01T00:00:00Z\","
                + "\"FinishedAt\":\"0001-01-01T00:00:00Z\"}}");

        Container c = DockerMapping.container(created);

        assertThat(c.state()).isEqualTo(ContainerState.CREATED);
        assertThat(c.started()).isEmpty();
        assertThat(c.finished()).isEmpty();
        assertThat(c.name()).isEqualTo("x");
        assertThat(c.command()).containsExactly("true");
    }
}
