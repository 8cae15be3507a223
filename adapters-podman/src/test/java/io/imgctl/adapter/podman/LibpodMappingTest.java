package io.imgctl.adapter.podman;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Mapping of responses recorded from Podman 4.3.1 (src/test/resources/libpod). */
class LibpodMappingTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String BASE = "e5127295de3e4816b8bd5692539678d7c0a382d8bfe84138d1f0152d005c790d";
    static final String DERIVED = "96b09a336a2f08827f38ddee210390f3b175c78a609f85d7fe962cb33c450d7a";
    static final String BASE_LAYER = "sha256:534618e4d8e3feafb8b8d2612f8dd125d8af8e61b746761d39e9129775b36e5d";
    static final String DERIVED_LAYER = "sha256:eacabdeb18df0eb15744533d6282c1dadc26274927d322e445bcde878b872f7b";

    static JsonNode recorded(String name) {
        try (InputStream in = LibpodMappingTest.class.getResourceAsStream("/libpod/" + name)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void listedImagesGetPrefixedIdsParsedNamesAndComputedParents() {
        JsonNode items = recorded("images.json");
        Image base = LibpodMapping.listedImage(items.get(0));
        Image derived = LibpodMapping.listedImage(items.get(1));

        assertThat(base.id()).hasToString("sha256:" + BASE);
        assertThat(base.tags()).containsExactly(ImageReference.parse("localhost:5000/imgctl/base:1"));
        assertThat(base.digests()).extracting(ImageReference::toString).containsExactly(
                "localhost:5000/imgctl/base@sha256:7a34fda778ba28e2e33ef79afc8980c9cf9b8d6d146660cfb2c8e4ff6f2fc151");
        assertThat(base.created()).isEqualTo(Instant.ofEpochSecond(1795515080));
        assertThat(base.size()).isEqualTo(1998816);
        assertThat(base.parent()).isEmpty();
        assertThat(base.layers()).isEmpty();

        assertThat(derived.parent()).contains(ImageId.parse(BASE));
    }

    @Test
    void fullyQualifiedNamesStayTheSameReferences() {
        List<ImageReference> tags = LibpodMapping.tags(json(
                "[\"docker.io/library/busybox:latest\", \"localhost/t/run:1\", \"quay.io/x/y:2\"]"));
        assertThat(tags).extracting(ImageReference::toString)
                .containsExactly("busybox:latest", "localhost/t/run:1", "quay.io/x/y:2");
        assertThat(tags.get(1).domain()).isEqualTo("localhost");
        assertThat(tags.get(0).normalized()).isEqualTo("docker.io/library/busybox:latest");
    }

    @Test
    void digestNamesAndNullTagsAreNotTags() {
        String digest = "localhost:5000/imgctl/base@sha256:7a34fda778ba28e2e33ef79afc8980c9cf9b8d6d146660cfb2c8e4ff6f2fc151";
        assertThat(LibpodMapping.tags(json("[\"" + digest + "\", \"localhost:5000/imgctl/base:1\"]")))
                .extracting(ImageReference::toString).containsExactly("localhost:5000/imgctl/base:1");
        assertThat(LibpodMapping.tags(json("null"))).isEmpty();
        assertThat(LibpodMapping.tags(json("[\"<none>:<none>\", \"Not A Name\"]"))).isEmpty();
        assertThat(LibpodMapping.digests(json("[\"" + digest + "\"]"))).extracting(r -> r.digest().get().hex())
                .containsExactly("7a34fda778ba28e2e33ef79afc8980c9cf9b8d6d146660cfb2c8e4ff6f2fc151");
    }

    @Test
    void inspectedImageHasLayersWithHistorySizesAndConfig() {
        JsonNode inspect = recorded("inspect-derived.json");
        Image image = LibpodMapping.inspectedImage(inspect,
                LibpodMapping.layers(inspect, recorded("history-derived.json"), Map.of()));

        assertThat(image.id()).hasToString("sha256:" + DERIVED);
        assertThat(image.created()).isEqualTo(Instant.parse("2026-11-24T10:11:21.017761719Z"));
        assertThat(image.parent()).contains(ImageId.parse(BASE));
        assertThat(image.layers()).extracting(Layer::diffId).extracting(Digest::toString)
                .containsExactly(BASE_LAYER, DERIVED_LAYER);
        assertThat(image.layers()).extracting(Layer::size).containsExactly(1996800L, 2048L);
        assertThat(image.layers().get(1).createdBy()).contains("COPY file:1f48e368");
        assertThat(image.layers().get(1).created()).contains(Instant.parse("2026-11-24T10:11:21.017761719Z"));
        assertThat(image.config().cmd()).containsExactly("sh");
        assertThat(image.config().env()).containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(image.config().architecture()).isEqualTo("amd64");
        assertThat(image.config().os()).isEqualTo("linux");
    }

    @Test
    void anImageWithoutAuthorHasAnEmptyOneAndACommitWithoutMessageKeepsThePodmanComment() {
        JsonNode derived = recorded("inspect-derived.json");
        Image image = LibpodMapping.inspectedImage(derived, LibpodMapping.layers(derived, recorded("history-derived.json"), Map.of()));
        assertThat(image.author()).isEmpty();

        JsonNode commit = recorded("inspect-commit.json");
        Image inherited = LibpodMapping.inspectedImage(commit, LibpodMapping.layers(commit, recorded("history-commit.json"), Map.of()));
        assertThat(inherited.comment()).isEqualTo("Imported from -");
        assertThat(inherited.layers()).extracting(Layer::comment)
                .containsExactly("Imported from -", "FROM localhost:5000/imgctl/base:1");

        JsonNode sparse = json("{\"Id\":\"" + BASE + "\",\"Author\":null,\"RootFS\":{\"Layers\":[\"" + BASE_LAYER + "\"]},"
                + "\"History\":[{\"created_by\":\"x\",\"comment\":null}]}");
        Image none = LibpodMapping.inspectedImage(sparse, LibpodMapping.layers(sparse, json("[{\"Size\":1}]"), Map.of()));
        assertThat(none.author()).isEmpty();
        assertThat(none.comment()).isEmpty();
        assertThat(none.layers()).singleElement().satisfies(l -> assertThat(l.comment()).isEmpty());
    }

    @Test
    void sameLayerHasTheSameSizeInEveryImage() {
        JsonNode derived = recorded("inspect-derived.json");
        JsonNode base = recorded("inspect-base.json");
        List<Layer> a = LibpodMapping.layers(derived, recorded("history-derived.json"), Map.of());
        List<Layer> b = LibpodMapping.layers(base, recorded("history-base.json"), Map.of());
        assertThat(b).hasSize(1);
        assertThat(b.get(0)).isEqualTo(a.get(0));
    }

    @Test
    void knownSizesStandInForAHistoryNotFetched() {
        JsonNode inspect = recorded("inspect-derived.json");
        Map<Digest, Long> known = new HashMap<>();
        known.put(Digest.parse(BASE_LAYER), 1996800L);
        known.put(Digest.parse(DERIVED_LAYER), 2048L);
        List<Layer> layers = LibpodMapping.layers(inspect, MAPPER.missingNode(), known);
        assertThat(layers).extracting(Layer::size).containsExactly(1996800L, 2048L);
        assertThat(layers.get(1).createdBy()).contains("COPY");
    }

    @Test
    void emptyLayerStepsAreSkippedWhenPairingFromTheTop() {
        String a = "sha256:" + "a".repeat(64);
        String b = "sha256:" + "b".repeat(64);
        JsonNode inspect = json("{\"Size\":300,\"RootFS\":{\"Layers\":[\"" + a + "\",\"" + b + "\"]},\"History\":["
                + "{\"created\":\"2024-01-01T00:00:00Z\",\"created_by\":\"ADD rootfs\"},"
                + "{\"created\":\"2024-01-02T00:00:00Z\",\"created_by\":\"CMD [sh]\",\"empty_layer\":true},"
                + "{\"created\":\"2024-01-03T00:00:00Z\",\"created_by\":\"RUN make\"},"
                + "{\"created\":\"2024-01-04T00:00:00Z\",\"created_by\":\"ENV A=1\",\"empty_layer\":true}]}");
        JsonNode history = json("[{\"Size\":0},{\"Size\":100},{\"Size\":0},{\"Size\":200}]");
        List<Layer> layers = LibpodMapping.layers(inspect, history, Map.of());
        assertThat(layers).extracting(Layer::createdBy).containsExactly("ADD rootfs", "RUN make");
        assertThat(layers).extracting(Layer::size).containsExactly(200L, 100L);
        assertThat(layers.get(1).created()).contains(Instant.parse("2024-01-03T00:00:00Z"));
    }

    @Test
    void imageWithoutHistoryFallsBackToItsSizeForASingleLayer() {
        String a = "sha256:" + "a".repeat(64);
        JsonNode inspect = json("{\"Size\":300,\"RootFS\":{\"Layers\":[\"" + a + "\"]}}");
        assertThat(LibpodMapping.layers(inspect, json("[]"), Map.of())).containsExactly(new Layer(Digest.parse(a), 300));
    }

    @Test
    void createdContainerHasNoStartOrFinish() {
        Container c = LibpodMapping.container(recorded("ps-created.json").get(0)).orElseThrow();
        assertThat(c.id()).isEqualTo("ca5296736b0b8fc12c4a89d1b80a8dddcc406fac2e62ed24b514d6d4c14db99a");
        assertThat(c.name()).isEqualTo("podprobe-c1");
        assertThat(c.image()).isEqualTo("localhost:5000/imgctl/base:1");
        assertThat(c.imageId()).isEqualTo(ImageId.parse(BASE));
        assertThat(c.command()).containsExactly("sh", "-c", "echo hello; echo err >&2; exit 3");
        assertThat(c.state()).isEqualTo(ContainerState.CREATED);
        assertThat(c.created()).isEqualTo(Instant.parse("2026-11-24T10:16:43.779554164Z"));
        assertThat(c.started()).isEmpty();
        assertThat(c.finished()).isEmpty();
    }

    @Test
    void exitedContainerHasItsExitCodeAndTimes() {
        Container c = LibpodMapping.container(recorded("ps-exited.json").get(0)).orElseThrow();
        assertThat(c.state()).isEqualTo(ContainerState.EXITED);
        assertThat(c.exitCode()).isEqualTo(3);
        assertThat(c.started()).contains(Instant.ofEpochSecond(1795515403));
        assertThat(c.finished()).contains(Instant.ofEpochSecond(1795515403));
    }

    @Test
    void podmanStatesMapToDockerStates() {
        assertThat(LibpodMapping.state("configured")).isEqualTo(ContainerState.CREATED);
        assertThat(LibpodMapping.state("stopped")).isEqualTo(ContainerState.EXITED);
        assertThat(LibpodMapping.state("running")).isEqualTo(ContainerState.RUNNING);
        assertThat(LibpodMapping.state("unknown")).isEqualTo(ContainerState.DEAD);
    }

    @Test
    void containerImagesAreShownFamiliar() {
        assertThat(LibpodMapping.familiarImage("docker.io/library/busybox:latest")).isEqualTo("busybox:latest");
        assertThat(LibpodMapping.familiarImage("localhost/t/run:1")).isEqualTo("localhost/t/run:1");
        assertThat(LibpodMapping.familiarImage(BASE)).isEqualTo(BASE);
    }

    @Test
    void containerWithoutImageIdIsLeftOut() {
        assertThat(LibpodMapping.container(json("{\"Id\":\"" + "c".repeat(64) + "\",\"ImageID\":\"\"}"))).isEmpty();
    }

    @Test
    void removalReportListsUntaggedThenDeleted() {
        List<EngineRecord> records = LibpodMapping.removalRecords(json("{\"Deleted\":[\"" + DERIVED + "\"],"
                + "\"Untagged\":[\"localhost:5000/imgctl/derived:1\",\"docker.io/library/busybox:latest\"],"
                + "\"ExitCode\":0,\"Errors\":[]}"));
        assertThat(records).extracting(EngineRecord::toString).containsExactly(
                "Untagged: localhost:5000/imgctl/derived:1", "Untagged: busybox:latest", "Deleted: sha256:" + DERIVED);
        assertThat(LibpodMapping.removalRecords(json("{\"Untagged\":null}"))).isEmpty();
    }

    @Test
    void timesInEveryForm() {
        assertThat(LibpodMapping.time(json("1795515403"))).contains(Instant.ofEpochSecond(1795515403));
        assertThat(LibpodMapping.time(json("-62135596800"))).isEmpty();
        assertThat(LibpodMapping.time(json("\"0001-01-01T00:00:00Z\""))).isEmpty();
        assertThat(LibpodMapping.time(json("\"2026-11-24T11:16:43.5+01:00\"")))
                .contains(Instant.parse("2026-11-24T10:16:43.5Z"));
        assertThat(LibpodMapping.time(json("\"garbage\""))).isEqualTo(Optional.empty());
    }
}
