package io.imgctl.adapter.fake;

import static io.imgctl.adapter.fake.Fixtures.ref;
import static io.imgctl.adapter.fake.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imgctl.application.port.out.CommitSpec;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.ImageId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsAnEmptyEngineAndReadingDoesNotCreateIt() {
        Path file = dir.resolve("nested/deeper/state.json");
        FakeEngine engine = FakeEngine.create(file, new TestClock());
        assertThat(engine.listImages()).isEmpty();
        assertThat(engine.findImage("alpine")).isEmpty();
        engine.ping();
        assertThat(file).doesNotExist();
    }

    @Test
    void theFirstChangeCreatesTheFileAndItsDirectories() {
        Path file = dir.resolve("nested/deeper/state.json");
        FakeEngine.create(file, new TestClock()).pull(ref("hello-world"), PullListener.IGNORE);
        assertThat(file).isRegularFile();
    }

    @Test
    void everyChangeIsSeenByTheNextEngineOnTheSameFile() {
        Path file = dir.resolve("state.json");
        TestClock clock = new TestClock();
        FakeEngine first = FakeEngine.create(file, clock);
        ImageId id = first.pull(ref("alpine:3.13"), PullListener.IGNORE).imageId();
        first.tag(id, ref("localhost:5000/demo/base:1"));
        Container c = first.createContainer(spec("alpine:3.13", "sh", "-c", "echo persisted; exit 3"));
        first.startContainer(c.id());
        Container server = first.createContainer(spec("alpine:3.13", "sleep", "100"));
        first.startContainer(server.id());

        clock.advance(Duration.ofSeconds(10));
        FakeEngine second = FakeEngine.create(file, clock);
        assertThat(second.listImages()).hasSize(1);
        assertThat(second.findImage("localhost:5000/demo/base:1")).isPresent();
        Container seen = second.findContainer(c.name()).orElseThrow();
        assertThat(seen).isEqualTo(first.findContainer(c.id()).orElseThrow());
        assertThat(seen.exitCode()).isEqualTo(3);
        assertThat(second.logs(c.id())).isEqualTo("persisted\n");
        assertThat(second.findContainer(server.id()).orElseThrow().state()).isEqualTo(ContainerState.RUNNING);
        assertThat(second.snapshot()).isEqualTo(first.snapshot());

        clock.advance(Duration.ofSeconds(100));
        FakeEngine third = FakeEngine.create(file, clock);
        assertThat(third.findContainer(server.id()).orElseThrow().state()).isEqualTo(ContainerState.EXITED);
        third.removeContainer(c.id(), false);
        assertThat(FakeEngine.create(file, clock).findContainer(c.id())).isEmpty();
    }

    @Test
    void concurrentChangesThroughTwoEnginesOnOneFileAreAllKept() throws Exception {
        Path file = dir.resolve("state.json");
        FakeEngine.create(file, new TestClock()).pull(ref("alpine:3.13"), PullListener.IGNORE);
        List<FakeEngine> engines = List.of(FakeEngine.create(file, new TestClock()), FakeEngine.create(file, new TestClock()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<?>> work = new java.util.ArrayList<>();
            for (FakeEngine engine : engines) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        engine.createContainer(spec("alpine:3.13", "true"));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> done : work) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Container> all = FakeEngine.create(file, new TestClock()).listContainers();
        assertThat(all).hasSize(20);
        assertThat(all.stream().map(Container::name).distinct()).hasSize(20);
    }

    @Test
    void theFileIsReadableJsonWithQualifiedNames() throws IOException {
        Path file = dir.resolve("state.json");
        FakeEngine.create(file, new TestClock()).pull(ref("alpine:3.13"), PullListener.IGNORE);
        String json = Files.readString(file);
        assertThat(json).contains("\"docker.io/library/alpine:3.13\"").contains("\"format\" : 1");
    }

    @Test
    void savesReplaceTheFileByAtomicRenameAndLeaveNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("state.json");
        FakeEngine engine = FakeEngine.create(file, new TestClock());
        engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        Object before = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        engine.pull(ref("alpine:3.14"), PullListener.IGNORE);
        Object after = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

        assertThat(before).isNotNull();
        assertThat(after).as("a new file (inode) renamed over the old one, not an in-place rewrite")
                .isNotEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("state.json", "state.json.lock");
        }
    }

    @Test
    void aFailedChangeLeavesTheFileAsItWas() throws IOException {
        Path file = dir.resolve("state.json");
        FakeEngine engine = FakeEngine.create(file, new TestClock());
        engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> engine.pull(ref("alpine:0.0"), PullListener.IGNORE));
        assertThatThrownBy(() -> engine.removeContainer("nobody", true));
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aSaveThatCannotWriteFailsInOneLineAndKeepsTheOldState() throws IOException {
        Path file = dir.resolve("state.json");
        FakeEngine.create(file, new TestClock()).pull(ref("alpine:3.13"), PullListener.IGNORE);
        byte[] before = Files.readAllBytes(file);
        // a directory squatting on the name the next save renames to
        Path blocked = dir.resolve("blocked");
        Files.createDirectories(blocked.resolve("state.json/inside"));
        StateStore store = new StateStore(blocked.resolve("state.json"));
        assertThatThrownBy(() -> store.save(new State()))
                .isInstanceOf(EngineFailureException.class)
                .hasMessageStartingWith("Tried to save the fake engine's state to " + blocked.resolve("state.json"))
                .hasMessageNotContaining("\n");
        try (Stream<Path> files = Files.list(blocked)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aCorruptFileIsReportedInOneLineNamingItAndIsLeftUntouched() throws IOException {
        Path file = dir.resolve("state.json");
        String corrupt = "{\n  \"format\" : 1,\n  \"images\" : [ }\n";
        Files.writeString(file, corrupt);
        FakeEngine engine = FakeEngine.create(file, new TestClock());

        assertThatThrownBy(engine::listImages)
                .isInstanceOf(EngineFailureException.class)
                .hasMessageStartingWith("Tried to read the fake engine's state from " + file.toAbsolutePath()
                        + " but it is not valid JSON (line 3): ")
                .hasMessageEndingWith(". Move it away or delete it to start afresh")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> engine.pull(ref("alpine:3.13"), PullListener.IGNORE))
                .isInstanceOf(EngineFailureException.class);
        assertThatThrownBy(engine::ping).isInstanceOf(EngineFailureException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(corrupt.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void validJsonThatIsNotAStateIsRefusedToo() throws IOException {
        Path file = dir.resolve("state.json");
        for (String content : List.of("[1, 2]", "{\"images\": [{\"id\": \"not-a-digest\"}]}",
                "{\"containers\": [{\"id\": \"abc\"}]}", "{\"format\": 99}", "\"text\"", "null")) {
            Files.writeString(file, content);
            assertThatThrownBy(() -> FakeEngine.create(file, new TestClock()).listContainers())
                    .as(content)
                    .isInstanceOf(EngineFailureException.class)
                    .hasMessageStartingWith("Tried to read the fake engine's state from " + file.toAbsolutePath())
                    .hasMessageEndingWith("Move it away or delete it to start afresh")
                    .hasMessageNotContaining("\n");
            assertThat(Files.readString(file)).isEqualTo(content);
        }
    }

    /** Found by StateFileFuzzTest: trailing content was reported with Jackson's two-line message. */
    @Test
    void contentAfterTheStateIsReportedInOneLineAsInvalidJson() throws IOException {
        Path file = dir.resolve("state.json");
        for (String content : List.of("[][]", "{\"format\": 1} {}", "{}\n\n[")) {
            Files.writeString(file, content);
            assertThatThrownBy(() -> FakeEngine.create(file, new TestClock()).listImages())
                    .as(content)
                    .isInstanceOf(EngineFailureException.class)
                    .hasMessageStartingWith("Tried to read the fake engine's state from " + file.toAbsolutePath()
                            + " but it is not valid JSON (line ")
                    .hasMessageEndingWith("Move it away or delete it to start afresh")
                    .hasMessageNotContaining("\n");
            assertThat(Files.readString(file)).isEqualTo(content);
        }
    }

    /**
     * Found by StateFileFuzzTest: a {@code null} in a list the domain copies ({@code "cmd": [null]}) or
     * layer sizes whose sum overflows passed the check and crashed the listing.
     */
    @Test
    void nullsInListsAndOverflowingSizesAreRefusedOnLoad() throws IOException {
        Path file = dir.resolve("state.json");
        FakeEngine.create(file, new TestClock()).pull(ref("alpine:3.13"), PullListener.IGNORE);
        String valid = Files.readString(file);
        String layer = "{\"diffId\": \"sha256:" + "a".repeat(64) + "\", \"size\": " + Long.MAX_VALUE + "}";
        for (String content : List.of(
                valid.replaceFirst("\"cmd\" : \\[", "\"cmd\" : [ null,"),
                valid.replaceFirst("\"env\" : \\[", "\"env\" : [ null,"),
                valid.replaceFirst("\"labels\" : \\{", "\"labels\" : { \"a\": null"),
                valid.replaceFirst("\"programs\" : \\[", "\"programs\" : [ null,"),
                valid.replaceFirst("\"layers\" : \\[", "\"layers\" : [ " + layer + ", " + layer + ","))) {
            assertThat(content).isNotEqualTo(valid);
            Files.writeString(file, content);
            assertThatThrownBy(() -> FakeEngine.create(file, new TestClock()).listImages())
                    .as(content)
                    .isInstanceOf(EngineFailureException.class)
                    .hasMessageStartingWith("Tried to read the fake engine's state from " + file.toAbsolutePath()
                            + " but it is not a state file of the built-in engine: images[0]: ")
                    .hasMessageNotContaining("\n");
            assertThat(Files.readString(file)).isEqualTo(content);
        }
    }

    /** Found by StateFileFuzzTest: a value from the file quoted in the error could break it into lines. */
    @Test
    void controlCharactersFromTheFileAreShownEscapedInTheOneLineError() throws IOException {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\"images\": [{\"id\": \"sha256:x\\n\\u001b[31mred\"}]}");
        assertThatThrownBy(() -> FakeEngine.create(file, new TestClock()).listImages())
                .isInstanceOf(EngineFailureException.class)
                .hasMessageContaining("images[0]: invalid id sha256:x\\n\\u001b[31mred")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("\u001b");
        assertThat(StateStore.printable("a\tb\r\u2028c")).isEqualTo("a\\tb\\r\\u2028c");
    }

    /**
     * Found by StateFileFuzzTest: a state holding the same container twice loaded, and removing it
     * reported success while a copy stayed. IDs, container names and tags must be unique.
     */
    @Test
    void duplicateIdsNamesAndTagsAreRefusedOnLoad() throws IOException {
        Path file = dir.resolve("state.json");
        FakeEngine engine = FakeEngine.create(file, new TestClock());
        engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        engine.createContainer(Fixtures.named("web", "alpine:3.13", "true"));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode valid =
                (ObjectNode) mapper.readTree(file.toFile());
        var sameContainerTwice = valid.deepCopy();
        sameContainerTwice.withArray("containers").add(sameContainerTwice.withArray("containers").get(0).deepCopy());
        var sameNameTwice = sameContainerTwice.deepCopy();
        ((ObjectNode) sameNameTwice.withArray("containers").get(1))
                .put("id", "b".repeat(64));
        var sameImageTwice = valid.deepCopy();
        sameImageTwice.withArray("images").add(sameImageTwice.withArray("images").get(0).deepCopy());
        var sameTagTwice = sameImageTwice.deepCopy();
        ((ObjectNode) sameTagTwice.withArray("images").get(1))
                .put("id", "sha256:" + "c".repeat(64));
        Map<JsonNode, String> cases = Map.of(
                sameContainerTwice, "containers[1]: a second container with id ",
                sameNameTwice, "containers[1]: a second container named web",
                sameImageTwice, "images[1]: a second image with id sha256:",
                sameTagTwice, "images[1]: tag docker.io/library/alpine:3.13 of another image too");
        for (var c : cases.entrySet()) {
            Files.write(file, mapper.writeValueAsBytes(c.getKey()));
            assertThatThrownBy(() -> FakeEngine.create(file, new TestClock()).removeContainer("web", true))
                    .isInstanceOf(EngineFailureException.class)
                    .hasMessageContaining("it is not a state file of the built-in engine: " + c.getValue());
            assertThat(mapper.readTree(file.toFile())).isEqualTo(c.getKey());
        }
    }

    @Test
    void anEmptyFileIsReported() throws IOException {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "");
        assertThatThrownBy(() -> FakeEngine.create(file, new TestClock()).listImages())
                .isInstanceOf(EngineFailureException.class).hasMessageContaining("it is empty");
        assertThat(Files.size(file)).isZero();
    }

    @Test
    void unknownFieldsAreIgnoredSoOlderImgctlsCanReadNewerFiles() throws IOException {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\"format\": 1, \"sequence\": 4, \"futureField\": true}");
        assertThat(FakeEngine.create(file, new TestClock()).listImages()).isEmpty();
    }

    @Test
    void aFileFromBeforeAuthorsAndCommentsWereKeptStillLoadsWithEmptyOnes() throws IOException {
        Path file = dir.resolve("state.json");
        FakeEngine engine = FakeEngine.create(file, new TestClock());
        engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        String container = engine.createContainer(spec("alpine:3.13", "sh", "-c", "echo hi > /greeting")).id();
        engine.startContainer(container);
        engine.commit(new CommitSpec(container, ref("demo/authored:1"), Optional.of("add greeting"),
                Optional.of("Me"), List.of()));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode state = (ObjectNode) mapper.readTree(file.toFile());
        int removed = 0;
        for (JsonNode image : state.withArray("images")) {
            removed += ((ObjectNode) image).remove(List.of("author", "comment")) == null ? 0 : 1;
            for (JsonNode layer : image.withArray("layers")) {
                ((ObjectNode) layer).remove("comment");
            }
        }
        for (JsonNode c : state.withArray("containers")) {
            for (JsonNode layer : c.withArray("layers")) {
                ((ObjectNode) layer).remove("comment");
            }
        }
        assertThat(removed).isPositive();
        String older = mapper.writeValueAsString(state);
        assertThat(older).doesNotContain("\"author\"").doesNotContain("\"comment\"");
        Files.writeString(file, older);

        var committed = FakeEngine.create(file, new TestClock()).findImage("demo/authored:1").orElseThrow();

        assertThat(committed.author()).isEmpty();
        assertThat(committed.comment()).isEmpty();
        assertThat(committed.layers()).isNotEmpty().allSatisfy(l -> assertThat(l.comment()).isEmpty());
    }

    @Test
    void authorAndCommentsAreKeptInTheFile() throws IOException {
        Path file = dir.resolve("state.json");
        FakeEngine engine = FakeEngine.create(file, new TestClock());
        engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        String container = engine.createContainer(spec("alpine:3.13", "true")).id();
        engine.commit(new CommitSpec(container, ref("demo/authored:1"), Optional.of("a message"),
                Optional.of("An Author"), List.of()));

        JsonNode image = new ObjectMapper().readTree(file.toFile()).get("images").get(1);
        assertThat(image.get("author").asText()).isEqualTo("An Author");
        assertThat(image.get("comment").asText()).isEqualTo("a message");
        JsonNode layers = image.get("layers");
        assertThat(layers.get(layers.size() - 1).get("comment").asText()).isEqualTo("a message");
        var read = FakeEngine.create(file, new TestClock()).findImage("demo/authored:1").orElseThrow();
        assertThat(read.author()).isEqualTo("An Author");
        assertThat(read.comment()).isEqualTo("a message");
    }

    @Test
    void theStatePathComesFromTheEnvironment() {
        assertThat(FakeEngine.statePath(settings(Map.of("IMGCTL_FAKE_STATE", "/tmp/x/y.json",
                "XDG_STATE_HOME", "/xdg", "HOME", "/home/u")))).isEqualTo(Path.of("/tmp/x/y.json"));
        assertThat(FakeEngine.statePath(settings(Map.of("XDG_STATE_HOME", "/xdg", "HOME", "/home/u"))))
                .isEqualTo(Path.of("/xdg/imgctl/fake-engine.json"));
        assertThat(FakeEngine.statePath(settings(Map.of("IMGCTL_FAKE_STATE", "", "HOME", "/home/u"))))
                .isEqualTo(Path.of("/home/u/.local/state/imgctl/fake-engine.json"));
    }

    private static EngineSettings settings(Map<String, String> env) {
        return new EngineSettings(Optional.empty(), env, false);
    }
}
