package io.imgctl.adapter.podman;

import static io.imgctl.adapter.podman.RecordedLibpod.L;
import static io.imgctl.adapter.podman.RecordedLibpod.answer;
import static io.imgctl.adapter.podman.RecordedLibpod.resource;
import static io.imgctl.adapter.podman.RecordedLibpod.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.ConflictException;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.RegistryException;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's HTTP mapping against okhttp's MockWebServer answering with bodies recorded from Podman
 * 4.3.1, reached over {@code tcp://} on loopback: the requests it makes, how it reads the answers, and
 * how it fails.
 */
class PodmanContainerEngineTest {

    private static final String BASE = LibpodMappingTest.BASE;
    private static final String DERIVED = LibpodMappingTest.DERIVED;
    private static final String SECRET = "imgctl-secret";

    private final RecordedLibpod podman = new RecordedLibpod();
    private final PodmanContainerEngine engine = engine(Map.of());

    private PodmanContainerEngine engine(Map<String, String> env) {
        return PodmanEngines.create(new EngineSettings(Optional.of(podman.uri()), env, false));
    }

    @AfterEach
    void stop() {
        podman.close();
    }

    private static void assertOneLine(Throwable e) {
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r").startsWith("Tried to ");
    }

    @Nested
    class Listing {

        @Test
        void listImagesMapsTheRecordedList() {
            podman.on("GET " + L + "/images/json", 200, resource("images.json"));

            List<Image> images = engine.listImages();

            assertThat(images).extracting(i -> i.id().toString()).containsExactly("sha256:" + BASE, "sha256:" + DERIVED);
            Image derived = images.get(1);
            assertThat(derived.tags()).containsExactly(ImageReference.parse("localhost:5000/imgctl/derived:1"));
            assertThat(derived.digests()).extracting(ImageReference::toString).containsExactly(
                    "localhost:5000/imgctl/derived@sha256:a20085fd226ec69573c3a7b25d4dfc6d5712a0c729fd92ae238829aac5574f28");
            assertThat(derived.parent()).contains(ImageId.parse(BASE));
            assertThat(derived.size()).isEqualTo(2001812);
            assertThat(derived.created()).isEqualTo(Instant.ofEpochSecond(1795515081));
            assertThat(podman.lines()).containsExactly("GET " + L + "/images/json?all=true");
        }

        @Test
        void aListThatFailsBecauseAnImageVanishedMeanwhileIsAskedForAgain() {
            String vanished = "{\"cause\":\"image not known\",\"message\":\"retrieving label for image \\\"d9ba\\\": "
                    + "locating image with ID \\\"d9ba\\\": image not known\",\"response\":500}";
            int[] calls = {0};
            podman.on("GET " + L + "/images/json", () -> ++calls[0] == 1 ? answer(500, vanished) : answer(200, resource("images.json")));
            assertThat(engine.listImages()).hasSize(2);

            podman.on("GET " + L + "/images/json", 500, vanished);
            assertThatThrownBy(engine::listImages).isInstanceOf(NotFoundException.class).hasMessageContaining("image not known");
            assertThat(podman.lines()).hasSize(2 + PodmanContainerEngine.LIST_ATTEMPTS);
        }

        @Test
        void aDanglingImageHasNoTags() {
            podman.on("GET " + L + "/images/json", 200, "[{\"Id\":\"" + BASE + "\",\"RepoTags\":null,\"RepoDigests\":null,"
                    + "\"Created\":1795515080,\"Size\":10,\"Containers\":0}]");
            assertThat(engine.listImages()).singleElement().satisfies(i -> {
                assertThat(i.isUntagged()).isTrue();
                assertThat(i.digests()).isEmpty();
            });
        }

        @Test
        void findImageMapsInspectAndHistoryIntoLayersAndConfig() {
            podman.on("GET " + L + "/images/localhost:5000/imgctl/derived:1/json", 200, resource("inspect-derived.json"))
                    .on("GET " + L + "/images/" + DERIVED + "/history", 200, resource("history-derived.json"));

            Image derived = engine.findImage("localhost:5000/imgctl/derived:1").orElseThrow();

            assertThat(derived.id()).hasToString("sha256:" + DERIVED);
            assertThat(derived.parent()).contains(ImageId.parse(BASE));
            assertThat(derived.config().cmd()).containsExactly("sh");
            assertThat(derived.layers()).extracting(Layer::diffId).extracting(Object::toString)
                    .containsExactly(LibpodMappingTest.BASE_LAYER, LibpodMappingTest.DERIVED_LAYER);
            assertThat(derived.layers()).extracting(Layer::size).containsExactly(1996800L, 2048L);
            assertThat(derived.layers().get(1).createdBy()).contains("COPY file:1f48e368");
            assertThat(podman.lines()).containsExactly(
                    "GET " + L + "/images/localhost:5000/imgctl/derived:1/json",
                    "GET " + L + "/images/" + DERIVED + "/history");
        }

        @Test
        void findImageDropsTheSha256PrefixAndRefusesPathTricks() {
            podman.on("GET " + L + "/images/96b09a33/json", 200, resource("inspect-derived.json"))
                    .on("GET " + L + "/images/" + DERIVED + "/history", 200, resource("history-derived.json"));
            assertThat(engine.findImage("sha256:96b09a33")).hasValueSatisfying(i -> assertThat(i.layers()).hasSize(2));
            assertThat(engine.findImage("localhost:5000/imgctl/nope:1")).isEmpty();
            assertThat(engine.findImage("../../containers/json")).isEmpty();
            assertThat(podman.lines()).noneMatch(l -> l.contains("containers"));
        }

        @Test
        void anIdPrefixIsTriedAfterTheNamesItCouldAlsoBe() {
            podman.on("GET " + L + "/images/96b09a33/json", 200, resource("inspect-derived.json"))
                    .on("GET " + L + "/images/" + DERIVED + "/history", 200, resource("history-derived.json"));
            assertThat(engine.findImage("96b09a33")).isPresent();
            assertThat(podman.lines()).startsWith(
                    "GET " + L + "/images/docker.io/library/96b09a33:latest/json",
                    "GET " + L + "/images/localhost/96b09a33:latest/json",
                    "GET " + L + "/images/96b09a33/json");
        }

        @Test
        void aShortNameIsDockerHubsFirstThenPodmansLocalhostName() {
            String local = resource("inspect-base.json").replace("\"RepoTags\":[", "\"RepoTags\":[\"localhost/t/run:1\",");
            podman.on("GET " + L + "/images/localhost/t/run:1/json", 200, local)
                    .on("GET " + L + "/images/" + BASE + "/history", 200, resource("history-base.json"));

            assertThat(engine.findImage("t/run:1")).hasValueSatisfying(i -> assertThat(i.id()).hasToString("sha256:" + BASE));
            assertThat(engine.findImage("docker.io/t/run:1")).isEmpty(); // an explicit registry is never rewritten

            assertThat(podman.lines()).containsExactly(
                    "GET " + L + "/images/docker.io/t/run:1/json",
                    "GET " + L + "/images/localhost/t/run:1/json",
                    "GET " + L + "/images/" + BASE + "/history",
                    "GET " + L + "/images/docker.io/t/run:1/json");
        }

        @Test
        void aShortNameWithBothNamesPresentIsTheDockerHubOne() {
            podman.on("GET " + L + "/images/docker.io/t/run:1/json", 200, resource("inspect-derived.json"))
                    .on("GET " + L + "/images/localhost/t/run:1/json", 200, resource("inspect-base.json"))
                    .on("GET " + L + "/images/" + DERIVED + "/history", 200, resource("history-derived.json"));
            assertThat(engine.findImage("t/run:1")).hasValueSatisfying(i -> assertThat(i.id()).hasToString("sha256:" + DERIVED));
            assertThat(podman.lines()).noneMatch(l -> l.contains("localhost/t/run"));
        }

        @Test
        void snapshotFetchesHistoryOnlyForLayersNotSeenYet() {
            podman.on("GET " + L + "/images/json", 200, resource("images.json"))
                    .on("GET " + L + "/images/" + BASE + "/json", 200, resource("inspect-base.json"))
                    .on("GET " + L + "/images/" + BASE + "/history", 200, resource("history-base.json"))
                    .on("GET " + L + "/images/" + DERIVED + "/json", 200, resource("inspect-derived.json"))
                    .on("GET " + L + "/images/" + DERIVED + "/history", 200, resource("history-derived.json"))
                    .on("GET " + L + "/containers/json", 200, resource("ps-exited.json"));
            var snapshot = engine.snapshot();
            assertThat(snapshot.images()).hasSize(2);
            // the snapshot lists images in the listing order (newest first, then name), so find each by its ID
            assertThat(snapshotImage(snapshot, DERIVED).layers()).extracting(Layer::size).containsExactly(1996800L, 2048L);
            assertThat(snapshotImage(snapshot, BASE).layers()).extracting(Layer::size).containsExactly(1996800L);
            assertThat(snapshot.containers()).extracting(Container::name).containsExactly("podprobe-c1");
            // Derived has a layer no other image has: its history is always read. The images are read two at
            // a time, so base's history is read only when base's inspect came before derived's history gave
            // base's one layer: one or two reads, never a second read of the same image's history.
            assertThat(podman.lines()).filteredOn(l -> l.endsWith("/history"))
                    .contains("GET " + L + "/images/" + DERIVED + "/history")
                    .doesNotHaveDuplicates()
                    .hasSizeBetween(1, 2);
        }

        private io.imgctl.domain.image.Image snapshotImage(io.imgctl.domain.store.StoreSnapshot snapshot, String hex) {
            return snapshot.images().stream().filter(i -> i.id().toString().equals("sha256:" + hex)).findFirst()
                    .orElseThrow(() -> new AssertionError("no image " + hex + " in the snapshot"));
        }

        /**
         * Recorded after {@code POST /libpod/commit?comment=add greeting&author=Me <me@example.com>&format=docker}
         * of a container of base that wrote a file: Podman keeps the message as the image's {@code Comment}
         * and gives the new history entry the comment {@code FROM <image>}.
         */
        @Test
        void aCommitsAuthorAndCommentAndEachLayersCommentAreMapped() {
            String id = "4150b9ec33f896033d5aaacb23b10d936a01755d25f23b999d4af5aae3a92ec3";
            podman.on("GET " + L + "/images/localhost:5000/imgctl-rec6/greeter:1/json", 200, resource("inspect-authored.json"))
                    .on("GET " + L + "/images/" + id + "/history", 200, resource("history-authored.json"));

            Image committed = engine.findImage("localhost:5000/imgctl-rec6/greeter:1").orElseThrow();

            assertThat(committed.author()).isEqualTo("Me <me@example.com>");
            assertThat(committed.comment()).isEqualTo("add greeting");
            assertThat(committed.layers()).extracting(Layer::comment)
                    .containsExactly("Imported from -", "FROM localhost:5000/imgctl/base:1");
            assertThat(committed.layers()).extracting(Layer::size).containsExactly(1996800L, 6656L);
            assertThat(podman.lines()).containsExactly(
                    "GET " + L + "/images/localhost:5000/imgctl-rec6/greeter:1/json",
                    "GET " + L + "/images/" + id + "/history");
        }

        @Test
        void aCommittedImageThatPodmanNamedLocalhostIsFoundByItsShortNameWithItsLayers() {
            String id = "1fdb31009a03f5d163e0eeebcd61738aae7eb663cfad689a506296ae6ddfe20b";
            podman.on("GET " + L + "/images/localhost/podprobe/commit:1/json", 200, resource("inspect-commit.json"))
                    .on("GET " + L + "/images/" + id + "/history", 200, resource("history-commit.json"));

            Image committed = engine.findImage("podprobe/commit:1").orElseThrow();

            assertThat(committed.tags()).extracting(ImageReference::familiar)
                    .containsExactly("localhost/podprobe/commit:1", "localhost:5000/podprobe/p:1");
            assertThat(committed.layers()).extracting(l -> l.diffId().toString()).containsExactly(
                    LibpodMappingTest.BASE_LAYER, "sha256:23d7893c333bb8235d8ad7b2051d041b54c5e7fcba1089f53bbb474d21e94e32");
            assertThat(podman.lines()).startsWith("GET " + L + "/images/docker.io/podprobe/commit:1/json");
        }
    }

    @Nested
    class Removal {

        @Test
        void forcedDeleteIsRefusedWhileAContainerUsesTheImageAndNothingIsDeleted() {
            podman.on("GET " + L + "/images/json", 200, resource("images.json").replace("\"Containers\":0", "\"Containers\":1"))
                    .on("GET " + L + "/containers/json", 200, resource("ps-exited.json"));

            assertThatThrownBy(() -> engine.deleteImage(ImageId.parse(BASE), true))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("podprobe-c1 (ca5296736b0b, exited)")
                    .hasMessageContaining("would delete them too");
            assertThat(podman.lines()).noneMatch(l -> l.startsWith("DELETE"));
            assertThat(podman.lines().get(0)).contains("filters={\"id\":[\"" + BASE + "\"]}");
        }

        @Test
        void forcedDeleteIsRefusedForAnotherToolsContainerThatOnlyTheCountShows() {
            podman.on("GET " + L + "/images/json", 200, resource("images.json").replace("\"Containers\":0", "\"Containers\":1"))
                    .on("GET " + L + "/containers/json", 200, "[]");
            assertThatThrownBy(() -> engine.deleteImage(ImageId.parse(BASE), true))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("of another tool");
            assertThat(podman.lines()).noneMatch(l -> l.startsWith("DELETE"));
        }

        @Test
        void forcedDeleteOfAnUnusedImageGoesThroughWithItsRecords() {
            podman.on("GET " + L + "/images/json", 200, resource("images.json"))
                    .on("GET " + L + "/containers/json", 200, "[]")
                    .on("DELETE " + L + "/images/" + DERIVED, 200, "{\"Deleted\":[\"" + DERIVED + "\"],"
                            + "\"Untagged\":[\"localhost:5000/imgctl/derived:1\"],\"ExitCode\":0,\"Errors\":[]}");

            List<EngineRecord> records = engine.deleteImage(ImageId.parse(DERIVED), true);

            assertThat(records).extracting(EngineRecord::toString)
                    .containsExactly("Untagged: localhost:5000/imgctl/derived:1", "Deleted: sha256:" + DERIVED);
            assertThat(podman.lines()).contains("DELETE " + L + "/images/" + DERIVED + "?force=true");
        }

        @Test
        void forcedDeleteOfAnImageNotListedIsNotFound() {
            podman.on("GET " + L + "/images/json", 200, "[]");
            assertThatThrownBy(() -> engine.deleteImage(ImageId.parse(BASE), true)).isInstanceOf(NotFoundException.class);
            assertThat(podman.lines()).noneMatch(l -> l.startsWith("DELETE"));
        }

        @Test
        void unforcedDeleteLeavesTheInUseCheckToPodman() {
            podman.on("DELETE " + L + "/images/" + BASE, 409, "{\"cause\":\"image is in use by a container\","
                    + "\"message\":\"image used by ca52: image is in use by a container\",\"response\":409}");
            assertThatThrownBy(() -> engine.deleteImage(ImageId.parse(BASE), false)).isInstanceOf(ConflictException.class);
            assertThat(podman.lines()).containsExactly("DELETE " + L + "/images/" + BASE + "?force=false");
        }

        @Test
        void unforcedDeleteOfAnImageThatIsGoneIsNotFound() {
            podman.on("DELETE " + L + "/images/" + BASE, 404, "{\"cause\":\"failed to find image\",\"message\":\""
                    + BASE + ": image not known\",\"response\":404}");
            assertThatThrownBy(() -> engine.deleteImage(ImageId.parse(BASE), false))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("image not known")
                    .satisfies(PodmanContainerEngineTest::assertOneLine);
        }

        @Test
        void untagRemovesThatTagOnly() {
            podman.on("POST " + L + "/images/localhost:5000/imgctl/base:1/untag", 201, "");
            List<EngineRecord> records = engine.untag(ImageReference.parse("localhost:5000/imgctl/base:1"));
            assertThat(records).containsExactly(new EngineRecord(EngineRecord.Kind.UNTAGGED, "localhost:5000/imgctl/base:1"));
            assertThat(podman.lines()).containsExactly(
                    "POST " + L + "/images/localhost:5000/imgctl/base:1/untag?repo=localhost:5000/imgctl/base&tag=1");
        }

        @Test
        void untagOfADockerHubNameUsesItsFullNameAndOfAPodmanLocalNameItsOwn() {
            podman.on("POST " + L + "/images/docker.io/library/busybox:latest/untag", 201, "")
                    .on("POST " + L + "/images/localhost/t/run:1/untag", 201, "");
            assertThat(engine.untag(ImageReference.parse("busybox"))).extracting(EngineRecord::toString)
                    .containsExactly("Untagged: busybox:latest");
            assertThat(engine.untag(ImageReference.parse("localhost/t/run:1"))).extracting(EngineRecord::toString)
                    .containsExactly("Untagged: localhost/t/run:1");
            assertThat(podman.lines()).containsExactly(
                    "POST " + L + "/images/docker.io/library/busybox:latest/untag?repo=docker.io/library/busybox&tag=latest",
                    "POST " + L + "/images/localhost/t/run:1/untag?repo=localhost/t/run&tag=1");
        }

        @Test
        void untagOfATagTheImageDoesNotHaveIsNotFound() {
            podman.on("POST " + L + "/images/localhost:5000/imgctl/base:9/untag", 500,
                    "{\"cause\":\"tag not known\",\"message\":\"localhost:5000/imgctl/base:9: tag not known\",\"response\":500}");
            assertThatThrownBy(() -> engine.untag(ImageReference.parse("localhost:5000/imgctl/base:9")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("tag not known");
        }

        @Test
        void untagOfAnUnknownImageIsNotFound() {
            assertThatThrownBy(() -> engine.untag(ImageReference.parse("localhost:5000/imgctl/none:1")))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageStartingWith("Tried to untag localhost:5000/imgctl/none:1 on podman but failed because");
        }
    }

    @Nested
    class Registry {

        @Test
        void pullPassesProgressOnAndWorksOutDigestAndDownloaded() {
            podman.on("POST /v1.41/images/create", () -> stream(resource("compat-pull-derived.ndjson")))
                    .on("GET " + L + "/images/localhost:5000/imgctl/derived:1/json", 200, resource("inspect-derived.json"));
            // the inspect route answers before and after the pull: the image was there already
            List<PullEvent> events = new ArrayList<>();

            PullResult result = engine.pull(ImageReference.parse("localhost:5000/imgctl/derived:1"), events::add);

            assertThat(result.imageId()).isEqualTo(ImageId.parse(DERIVED));
            assertThat(result.digest()).hasValueSatisfying(d -> assertThat(d.toString())
                    .isEqualTo("sha256:a20085fd226ec69573c3a7b25d4dfc6d5712a0c729fd92ae238829aac5574f28"));
            assertThat(result.downloaded()).isFalse(); // same ID before and after
            assertThat(events.get(0)).isEqualTo(PullEvent.of("Pulling from imgctl/derived"));
            assertThat(events).contains(PullEvent.layer("94c3a1c4a1e4", "Already exists"),
                    PullEvent.layer("2b789d47d07d", "Pull complete"));
            assertThat(events).noneMatch(e -> e.layer().equals(Optional.of("96b09a336a2f")));
            assertThat(podman.lines()).contains("POST /v1.41/images/create?fromImage=localhost:5000/imgctl/derived&tag=1");
        }

        @Test
        void pullOfAnImageNotThereBeforeIsADownload() {
            podman.on("POST /v1.41/images/create", () -> stream(resource("compat-pull-derived.ndjson")));
            // first inspect 404 (no route yet); the route appears once the pull was asked for
            PullResult result = engine.pull(ImageReference.parse("localhost:5000/imgctl/derived:1"), e ->
                    podman.on("GET " + L + "/images/localhost:5000/imgctl/derived:1/json", 200, resource("inspect-derived.json")));
            assertThat(result.downloaded()).isTrue();
        }

        @Test
        void inBandPullErrorInA200StreamIsARegistryFailureOnOneLine() {
            podman.on("POST /v1.41/images/create", () -> stream(resource("compat-pull-missing.ndjson")));
            assertThatThrownBy(() -> engine.pull(ImageReference.parse("localhost:5000/imgctl/missing:1"), e -> { }))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageStartingWith("Tried to pull localhost:5000/imgctl/missing:1 on podman but failed because ")
                    .hasMessageContaining("manifest unknown")
                    .satisfies(PodmanContainerEngineTest::assertOneLine);
        }

        @Test
        void pullWithoutCredentialsSendsNoAuthHeaderAndPushSendsAnEmptyOne(@TempDir Path home) {
            PodmanContainerEngine anonymous = engine(Map.of("HOME", home.toString()));
            podman.on("POST /v1.41/images/create", () -> stream(resource("compat-pull-missing.ndjson")))
                    .on("POST /v1.41/images/localhost:5000/imgctl/base/push", () -> stream(
                            "{\"status\":\"1: digest: sha256:7a34fda778ba28e2e33ef79afc8980c9cf9b8d6d146660cfb2c8e4ff6f2fc151 size: 550\"}\n"));

            assertThatThrownBy(() -> anonymous.pull(ImageReference.parse("localhost:5000/imgctl/missing:1"), e -> { }))
                    .isInstanceOf(RegistryException.class);
            var pushed = anonymous.push(ImageReference.parse("localhost:5000/imgctl/base:1"), e -> { });

            assertThat(podman.request("POST /v1.41/images/create").getHeader("X-Registry-Auth")).isNull();
            assertThat(decode(podman.request("POST /v1.41/images/localhost:5000/imgctl/base/push").getHeader("X-Registry-Auth")))
                    .isEqualTo("{}");
            assertThat(pushed.digest().toString()).endsWith("7a34fda778ba28e2e33ef79afc8980c9cf9b8d6d146660cfb2c8e4ff6f2fc151");
            assertThat(pushed.size()).isEqualTo(550);
        }

        /**
         * Podman 4.3.1's compatible push, recorded: the header and the digest line, nothing per layer. The
         * adapter reports each layer of the image {@code Pushed} (newest first) before the digest line.
         */
        @Test
        void aPushWithoutPerLayerEventsReportsEachLayerPushedOnceTheDigestLineComes() {
            String digest = "sha256:a56442bba526cfe057ab8e2c669979bbc1f8f8ad7de3cc28a373cefcc83a3ab2";
            podman.on("GET " + L + "/images/localhost:5000/imgctl-rec6/greeter:1/json", 200, resource("inspect-authored.json"))
                    .on("POST /v1.41/images/localhost:5000/imgctl-rec6/greeter/push", () -> stream(
                            "{\"status\":\"The push refers to repository [localhost:5000/imgctl-rec6/greeter:1]\"}\n"
                                    + "{\"status\":\"1: digest: " + digest + " size: 579\"}\n"));
            List<PullEvent> events = new ArrayList<>();

            var pushed = engine.push(ImageReference.parse("localhost:5000/imgctl-rec6/greeter:1"), events::add);

            assertThat(pushed.digest()).hasToString(digest);
            assertThat(events).containsExactly(
                    PullEvent.of("The push refers to repository [localhost:5000/imgctl-rec6/greeter:1]"),
                    PullEvent.layer("2b310354ebb4", "Pushed"),
                    PullEvent.layer("534618e4d8e3", "Pushed"),
                    PullEvent.of("1: digest: " + digest + " size: 579"));
            assertThat(podman.lines()).containsExactly(
                    "GET " + L + "/images/localhost:5000/imgctl-rec6/greeter:1/json",
                    "POST /v1.41/images/localhost:5000/imgctl-rec6/greeter/push?tag=1");
        }

        @Test
        void perLayerEventsOfAPodmanThatSendsThemArePassedOnAndNoneAreMadeUp() {
            String digest = "sha256:a56442bba526cfe057ab8e2c669979bbc1f8f8ad7de3cc28a373cefcc83a3ab2";
            podman.on("GET " + L + "/images/localhost:5000/imgctl-rec6/greeter:1/json", 200, resource("inspect-authored.json"))
                    .on("POST /v1.41/images/localhost:5000/imgctl-rec6/greeter/push", () -> stream(
                            "{\"status\":\"The push refers to repository [localhost:5000/imgctl-rec6/greeter:1]\"}\n"
                                    + "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"2b310354ebb4\"}\n"
                                    + "{\"status\":\"Layer already exists\",\"progressDetail\":{},\"id\":\"534618e4d8e3\"}\n"
                                    + "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"2b310354ebb4\"}\n"
                                    + "{\"status\":\"1: digest: " + digest + " size: 579\"}\n"));
            List<PullEvent> events = new ArrayList<>();

            engine.push(ImageReference.parse("localhost:5000/imgctl-rec6/greeter:1"), events::add);

            assertThat(events).extracting(e -> e.layer().orElse("") + " " + e.status()).containsExactly(
                    " The push refers to repository [localhost:5000/imgctl-rec6/greeter:1]",
                    "2b310354ebb4 Preparing",
                    "534618e4d8e3 Layer already exists",
                    "2b310354ebb4 Pushed",
                    " 1: digest: " + digest + " size: 579");
        }

        @Test
        void aFailedPushReportsNoLayerPushed() {
            podman.on("GET " + L + "/images/localhost:5000/imgctl-rec6/greeter:1/json", 200, resource("inspect-authored.json"))
                    .on("POST /v1.41/images/localhost:5000/imgctl-rec6/greeter/push", () -> stream(
                            "{\"status\":\"The push refers to repository [localhost:5000/imgctl-rec6/greeter:1]\"}\n"
                                    + "{\"errorDetail\":{\"message\":\"unauthorized: authentication required\"},"
                                    + "\"error\":\"unauthorized: authentication required\"}\n"));
            List<PullEvent> events = new ArrayList<>();

            assertThatThrownBy(() -> engine.push(ImageReference.parse("localhost:5000/imgctl-rec6/greeter:1"), events::add))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("authentication required");
            assertThat(events).noneMatch(e -> e.layer().isPresent());
        }

        @Test
        void pullSendsCredentialsWhenAFileHasThemAndNoFailureMessageEverShowsThem(@TempDir Path dir) throws IOException {
            Files.writeString(dir.resolve("auth.json"),
                    "{\"auths\":{\"localhost:5001\":{\"username\":\"imgctl\",\"password\":\"" + SECRET + "\"}}}");
            PodmanContainerEngine withAuth = engine(Map.of("REGISTRY_AUTH_FILE", dir.resolve("auth.json").toString()));
            ImageReference ref = ImageReference.parse("localhost:5001/imgctl/base:1");
            List<Throwable> failures = new ArrayList<>();

            podman.on("POST /v1.41/images/create", () -> stream("{\"progressDetail\":{},\"errorDetail\":{\"message\":"
                    + "\"initializing source docker://localhost:5001/imgctl/base:1: reading manifest 1 in localhost:5001/imgctl/base: "
                    + "unauthorized: authentication required\"},\"error\":\"unauthorized: authentication required\"}\n"));
            failures.add(catchFailure(() -> withAuth.pull(ref, e -> { })));
            podman.on("POST /v1.41/images/create", 500, "{\"cause\":\"unauthorized\",\"message\":\"authenticating creds for "
                    + "localhost:5001: unauthorized\",\"response\":500}");
            failures.add(catchFailure(() -> withAuth.pull(ref, e -> { })));
            podman.on("POST /v1.41/images/create", () -> stream(resource("compat-pull-derived.ndjson"))
                    .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
            failures.add(catchFailure(() -> withAuth.pull(ref, e -> { })));

            String header = podman.request("POST /v1.41/images/create").getHeader("X-Registry-Auth");
            assertThat(decode(header)).contains("\"username\":\"imgctl\"").contains("\"password\":\"" + SECRET + "\"")
                    .contains("\"serveraddress\":\"localhost:5001\"");
            assertThat(failures).extracting(Object::getClass).extracting(Class::getSimpleName)
                    .containsExactly("RegistryException", "EngineFailureException", "EngineFailureException");
            assertThat(failures).allSatisfy(f -> {
                assertOneLine(f);
                assertThat(f.getMessage()).doesNotContain(SECRET).doesNotContain(header)
                        .doesNotContain(Base64.getEncoder().encodeToString(("imgctl:" + SECRET).getBytes(StandardCharsets.UTF_8)));
            });
        }

        private Throwable catchFailure(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                return e;
            }
            throw new AssertionError("expected a failure");
        }

        private String decode(String header) {
            return new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8);
        }

        @Test
        void tagAndCommitSendTheFullName() {
            podman.on("POST " + L + "/images/" + BASE + "/tag", 201, "")
                    .on("POST " + L + "/commit", 201, "{\"Id\":\"" + DERIVED + "\"}");
            engine.tag(ImageId.parse(BASE), ImageReference.parse("t/run"));
            assertThat(engine.commit("c1", ImageReference.parse("t/run:2"))).isEqualTo(ImageId.parse(DERIVED));
            assertThat(podman.lines()).containsExactly(
                    "POST " + L + "/images/" + BASE + "/tag?repo=docker.io/t/run&tag=latest",
                    "POST " + L + "/commit?container=c1&repo=docker.io/t/run&tag=2&format=docker");
        }
    }

    @Nested
    class Containers {

        private static final String ID = "ca5296736b0b8fc12c4a89d1b80a8dddcc406fac2e62ed24b514d6d4c14db99a";

        @Test
        void lifecycleCreateStartWaitLogsRemove() {
            byte[] logs = {1, 0, 0, 0, 0, 0, 0, 6, 'h', 'e', 'l', 'l', 'o', '\n', 2, 0, 0, 0, 0, 0, 0, 4, 'e', 'r', 'r', '\n'};
            podman.on("GET " + L + "/images/localhost:5000/imgctl/base:1/json", 200, resource("inspect-base.json"))
                    .on("POST " + L + "/containers/create", 201, "{\"Id\":\"" + ID + "\",\"Warnings\":[]}")
                    .on("GET " + L + "/containers/json", 200, resource("ps-created.json"))
                    .on("POST " + L + "/containers/" + ID + "/start", 204, "")
                    .on("POST " + L + "/containers/" + ID + "/wait", 200, "3\n")
                    .on("GET " + L + "/containers/" + ID + "/logs", () -> answer(200, logs))
                    .on("DELETE " + L + "/containers/" + ID, 200, "[{\"Id\":\"" + ID + "\",\"Err\":null}]");

            Container created = engine.createContainer(new ContainerSpec(ImageReference.parse("localhost:5000/imgctl/base:1"),
                    Optional.of("podprobe-c1"), List.of("sh", "-c", "echo hello; echo err >&2; exit 3")));
            engine.startContainer(created.id());
            int exit = engine.waitContainer(created.id());
            String output = engine.logs(created.id());
            engine.removeContainer(created.id(), false);

            assertThat(created.name()).isEqualTo("podprobe-c1");
            assertThat(created.state()).isEqualTo(ContainerState.CREATED);
            assertThat(created.imageId()).isEqualTo(ImageId.parse(BASE));
            assertThat(exit).isEqualTo(3);
            assertThat(output).isEqualTo("hello\nerr\n");
            assertThat(podman.lines()).containsExactly(
                    "GET " + L + "/images/localhost:5000/imgctl/base:1/json",
                    "POST " + L + "/containers/create",
                    "GET " + L + "/containers/json?all=true&filters={\"id\":[\"" + ID + "\"]}",
                    "POST " + L + "/containers/" + ID + "/start",
                    "POST " + L + "/containers/" + ID + "/wait",
                    "GET " + L + "/containers/" + ID + "/logs?stdout=true&stderr=true",
                    "DELETE " + L + "/containers/" + ID + "?force=false");
            assertThat(podman.request("POST " + L + "/containers/create").getBody().readUtf8()).isEqualTo(
                    "{\"image\":\"localhost:5000/imgctl/base:1\",\"name\":\"podprobe-c1\",\"command\":[\"sh\",\"-c\","
                            + "\"echo hello; echo err >&2; exit 3\"],\"netns\":{\"nsmode\":\"none\"}}");
        }

        @Test
        void createFromAShortNameSendsTheNameImgctlResolved() {
            String local = resource("inspect-base.json").replace("\"RepoTags\":[", "\"RepoTags\":[\"localhost/t/run:1\",");
            podman.on("GET " + L + "/images/localhost/t/run:1/json", 200, local)
                    .on("POST " + L + "/containers/create", 201, "{\"Id\":\"" + ID + "\",\"Warnings\":[]}")
                    .on("GET " + L + "/containers/json", 200, resource("ps-created.json"));
            engine.createContainer(new ContainerSpec(ImageReference.parse("t/run:1"), Optional.empty(), List.of()));
            assertThat(podman.request("POST " + L + "/containers/create").getBody().readUtf8())
                    .isEqualTo("{\"image\":\"localhost/t/run:1\",\"netns\":{\"nsmode\":\"none\"}}");
        }

        @Test
        void createFromAMissingImageIsNotFound() {
            podman.on("POST " + L + "/containers/create", 500,
                    "{\"cause\":\"image not known\",\"message\":\"localhost/none:1: image not known\",\"response\":500}");
            assertThatThrownBy(() -> engine.createContainer(new ContainerSpec(ImageReference.parse("localhost/none:1"),
                    Optional.of("c1"), List.of("echo", "hello"))))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("image not known");
            assertThat(podman.request("POST " + L + "/containers/create").getBody().readUtf8()).isEqualTo(
                    "{\"image\":\"localhost/none:1\",\"name\":\"c1\",\"command\":[\"echo\",\"hello\"],\"netns\":{\"nsmode\":\"none\"}}");
        }

        @Test
        void startingOrWaitingForAMissingContainerIsNotFound() {
            String noSuch = "{\"cause\":\"no such container\",\"message\":\"no container with name or ID \\\"c9\\\" found: "
                    + "no such container\",\"response\":404}";
            podman.on("POST " + L + "/containers/c9/start", 404, noSuch)
                    .on("POST " + L + "/containers/c9/wait", 404, noSuch)
                    .on("DELETE " + L + "/containers/c9", 404, noSuch);
            assertThatThrownBy(() -> engine.startContainer("c9")).isInstanceOf(NotFoundException.class)
                    .hasMessage("Tried to start container c9 on podman but failed because no container with name or ID "
                            + "\"c9\" found: no such container");
            assertThatThrownBy(() -> engine.waitContainer("c9")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> engine.removeContainer("c9", true)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> engine.startContainer("../images/json")).isInstanceOf(NotFoundException.class);
            assertThat(podman.lines()).hasSize(3);
        }

        @Test
        void removingARunningContainerWithoutForceIsAConflictAndForceKillsAtOnce() {
            podman.on("DELETE " + L + "/containers/c1", 500, "{\"cause\":\"container state improper\",\"message\":\"cannot "
                    + "remove container c1 as it is running: container state improper\",\"response\":500}");
            assertThatThrownBy(() -> engine.removeContainer("c1", false)).isInstanceOf(ConflictException.class);
            podman.on("DELETE " + L + "/containers/c1", 200, "[{\"Id\":\"c1\",\"Err\":null}]");
            engine.removeContainer("c1", true);
            assertThat(podman.lines()).containsExactly("DELETE " + L + "/containers/c1?force=false",
                    "DELETE " + L + "/containers/c1?force=true&timeout=0");
        }

        @Test
        void anErrorInTheRemovalReportIsMapped() {
            podman.on("DELETE " + L + "/containers/c1", 200, "[{\"Id\":\"c1\",\"Err\":\"container state improper\"}]");
            assertThatThrownBy(() -> engine.removeContainer("c1", false)).isInstanceOf(ConflictException.class);
        }

        @Test
        void waitWantsAnExitCode() {
            podman.on("POST " + L + "/containers/c1/wait", 200, "not a number\n");
            assertThatThrownBy(() -> engine.waitContainer("c1")).isInstanceOf(EngineFailureException.class)
                    .hasMessageContaining("not an exit code: not a number");
        }

        @Test
        void findContainerByNameFullIdOrUniquePrefix() {
            podman.on("GET " + L + "/containers/json", 200, resource("ps-exited.json"));
            assertThat(engine.findContainer("podprobe-c1")).isPresent();
            assertThat(engine.findContainer("ca5296")).isPresent();
            assertThat(engine.findContainer("/podprobe-c1")).isPresent();
            assertThat(engine.findContainer("podprobe")).isEmpty();
            assertThat(engine.findContainer("ff")).isEmpty();
        }
    }

    @Nested
    class Faults {

        @Test
        void pingWantsPodman() {
            podman.on("GET " + L + "/_ping", 200, "OK");
            engine.ping();
            podman.on("GET " + L + "/version", 200, "{\"Version\":\"4.3.1\"}");
            assertThat(engine.info().version()).isEqualTo("4.3.1");
            assertThat(engine.info().kind()).isEqualTo("podman");
            assertThat(engine.info().endpoint()).isEqualTo(podman.uri());
            assertThat(engine.info().behaviour().canOrphanContainers()).isFalse();
            assertThat(engine.info().behaviour().localShortNames()).isTrue();
        }

        @Test
        void aServiceThatIsNotPodmanIsUnavailable() {
            podman.on("GET " + L + "/_ping", () -> new okhttp3.mockwebserver.MockResponse().setBody("OK"));
            assertThatThrownBy(engine::ping).isInstanceOf(EngineUnavailableException.class)
                    .hasMessageContaining("not Podman").hasMessageContaining("--engine docker");
        }

        @Test
        void a500FromTheServiceIsAFailureOnOneLineWithItsMessage() {
            podman.on("GET " + L + "/images/json", 500, "{\"cause\":\"layer not known\",\"message\":\"listing images:\\n"
                    + "reading layer abc: layer not known\",\"response\":500}");
            assertThatThrownBy(engine::listImages).isInstanceOf(EngineFailureException.class)
                    .hasMessage("Tried to list images on podman but failed because listing images:; reading layer abc: "
                            + "layer not known (HTTP 500)");
        }

        @Test
        void a500WithoutJsonKeepsTheText() {
            podman.on("GET " + L + "/containers/json", 500, "internal error\n");
            assertThatThrownBy(engine::listContainers).isInstanceOf(EngineFailureException.class)
                    .hasMessage("Tried to list containers on podman but failed because internal error (HTTP 500)");
        }

        @Test
        void aConnectionBrokenMidStreamWhileTheServiceStillAnswersIsAFailure() {
            podman.on("POST /v1.41/images/create", () -> stream(resource("compat-pull-derived.ndjson"))
                            .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY))
                    .on("GET " + L + "/_ping", 200, "OK");
            assertThatThrownBy(() -> engine.pull(ImageReference.parse("localhost:5000/imgctl/derived:1"), e -> { }))
                    .isInstanceOf(EngineFailureException.class)
                    .hasMessageStartingWith("Tried to pull localhost:5000/imgctl/derived:1 on podman at " + podman.uri()
                            + " but failed because the connection broke while reading the answer (")
                    .satisfies(PodmanContainerEngineTest::assertOneLine);
            assertThat(podman.lines()).last().isEqualTo("GET " + L + "/_ping");
        }

        @Test
        void aServiceThatStopsMidStreamIsUnavailable() {
            podman.on("POST /v1.41/images/create", () -> {
                podman.stopService(); // after this answer, which breaks halfway
                return stream(resource("compat-pull-derived.ndjson")).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
            }).on("GET " + L + "/_ping", 200, "OK");
            assertThatThrownBy(() -> engine.pull(ImageReference.parse("localhost:5000/imgctl/derived:1"), e -> { }))
                    .isInstanceOf(EngineUnavailableException.class)
                    .hasMessageStartingWith("Tried to pull localhost:5000/imgctl/derived:1 on podman at " + podman.uri()
                            + " but the service stopped while answering (")
                    .hasMessageContaining("no longer answers. Start it with: podman system service")
                    .satisfies(PodmanContainerEngineTest::assertOneLine);
        }

        @Test
        void aServiceThatDropsTheConnectionBeforeAnsweringIsUnavailable() {
            podman.on("GET " + L + "/images/json", () -> new okhttp3.mockwebserver.MockResponse()
                    .setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
            assertThatThrownBy(engine::listImages).isInstanceOf(EngineUnavailableException.class)
                    .hasMessageStartingWith("Tried to list images on podman at " + podman.uri() + " but it did not answer")
                    .satisfies(PodmanContainerEngineTest::assertOneLine);
        }

        @Test
        void anAnswerThatIsNotJsonIsAFailure() {
            podman.on("GET " + L + "/images/json", 200, "[{\"Id\":");
            assertThatThrownBy(engine::listImages).isInstanceOf(EngineFailureException.class)
                    .hasMessageContaining("its answer was not valid JSON")
                    .satisfies(PodmanContainerEngineTest::assertOneLine);
        }

        @Test
        void missingSocketIsUnavailableWithAHint(@TempDir Path dir) {
            String socket = dir.resolve("podman.sock").toString();
            PodmanContainerEngine absent = PodmanEngines.create(
                    new EngineSettings(Optional.of("unix://" + socket), Map.of(), false));
            assertThatThrownBy(absent::listImages)
                    .isInstanceOf(EngineUnavailableException.class)
                    .hasMessageStartingWith("Tried to list images on podman at unix://" + socket + " but it did not answer")
                    .hasMessageContaining("does not exist")
                    .hasMessageContaining("podman system service")
                    .satisfies(PodmanContainerEngineTest::assertOneLine);
        }

        @Test
        void aServiceThatAcceptsAndNeverAnswersTimesOutAfterImgctlTimeout() throws IOException {
            try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
                PodmanContainerEngine hung = PodmanEngines.create(new EngineSettings(
                        Optional.of("tcp://127.0.0.1:" + silent.getLocalPort()), Map.of("IMGCTL_TIMEOUT", "1"), false));
                assertThatThrownBy(hung::listImages).isInstanceOf(EngineUnavailableException.class)
                        .hasMessageStartingWith("Tried to list images on podman at tcp://127.0.0.1:" + silent.getLocalPort()
                                + " but it did not answer (it sent nothing for 1 s, the limit for an ordinary call;"
                                + " IMGCTL_TIMEOUT changes it)")
                        .satisfies(PodmanContainerEngineTest::assertOneLine);
            }
        }

        @Test
        void closedPortIsUnavailable() throws IOException {
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            PodmanContainerEngine closed = PodmanEngines.create(
                    new EngineSettings(Optional.of("tcp://127.0.0.1:" + port), Map.of(), false));
            assertThatThrownBy(closed::ping).isInstanceOf(EngineUnavailableException.class)
                    .hasMessageContaining("tcp://127.0.0.1:" + port);
        }

        @Test
        void badHostSettingFailsOnFirstUseNotWhenBuilt() {
            PodmanContainerEngine bad = PodmanEngines.create(
                    new EngineSettings(Optional.of("ssh://core@host/run/podman.sock"), Map.of(), false));
            assertThatThrownBy(bad::ping).isInstanceOf(io.imgctl.application.port.out.InvalidEngineSettingException.class)
                    .hasMessageContaining("ssh://");
        }
    }
}
