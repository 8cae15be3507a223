package io.imgctl.adapter.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.ContainerEngine.EngineRecord;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.RegistryException;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against a fake service answering with bodies recorded from Podman 4.3.1. */
class PodmanContainerEngineTest {

    private static final String L = "/v4.0.0/libpod";
    private static final String BASE = LibpodMappingTest.BASE;
    private static final String DERIVED = LibpodMappingTest.DERIVED;

    private final FakePodman podman;
    private final PodmanContainerEngine engine;

    PodmanContainerEngineTest() throws IOException {
        podman = new FakePodman();
        engine = PodmanEngineProvider.create(new EngineSettings(Optional.of(podman.uri()), Map.of(), false));
    }

    @AfterEach
    void stop() {
        podman.close();
    }

    private static String resource(String name) {
        try (InputStream in = PodmanContainerEngineTest.class.getResourceAsStream("/libpod/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

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
    void unforcedDeleteLeavesTheInUseCheckToPodman() {
        podman.on("DELETE " + L + "/images/" + BASE, 409, "{\"cause\":\"image is in use by a container\","
                + "\"message\":\"image used by ca52: image is in use by a container\",\"response\":409}");
        assertThatThrownBy(() -> engine.deleteImage(ImageId.parse(BASE), false)).isInstanceOf(ConflictException.class);
        assertThat(podman.lines()).containsExactly("DELETE " + L + "/images/" + BASE + "?force=false");
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
    void untagOfADockerHubNameUsesItsFullName() {
        podman.on("POST " + L + "/images/docker.io/library/busybox:latest/untag", 201, "");
        assertThat(engine.untag(ImageReference.parse("busybox"))).extracting(EngineRecord::toString)
                .containsExactly("Untagged: busybox:latest");
        assertThat(podman.lines().get(0)).endsWith("?repo=docker.io/library/busybox&tag=latest");
    }

    @Test
    void pullPassesProgressOnAndWorksOutDigestAndDownloaded() {
        podman.on("POST /v1.41/images/create", 200, resource("compat-pull-derived.ndjson"))
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
        podman.on("POST /v1.41/images/create", 200, resource("compat-pull-derived.ndjson"));
        // first inspect 404 (no route yet); the route appears once the pull was asked for
        PullResult[] result = new PullResult[1];
        List<PullEvent> events = new ArrayList<>();
        result[0] = engine.pull(ImageReference.parse("localhost:5000/imgctl/derived:1"), e -> {
            events.add(e);
            podman.on("GET " + L + "/images/localhost:5000/imgctl/derived:1/json", 200, resource("inspect-derived.json"));
        });
        assertThat(result[0].downloaded()).isTrue();
    }

    @Test
    void inBandPullErrorIsARegistryFailure() {
        podman.on("POST /v1.41/images/create", 200, resource("compat-pull-missing.ndjson"));
        assertThatThrownBy(() -> engine.pull(ImageReference.parse("localhost:5000/imgctl/missing:1"), e -> { }))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("Tried to pull localhost:5000/imgctl/missing:1 on podman but failed because ")
                .hasMessageContaining("manifest unknown");
    }

    @Test
    void pullSendsCredentialsWhenAFileHasThem(@TempDir Path dir) throws IOException {
        java.nio.file.Files.writeString(dir.resolve("auth.json"),
                "{\"auths\":{\"localhost:5001\":{\"username\":\"imgctl\",\"password\":\"imgctl-secret\"}}}");
        PodmanContainerEngine withAuth = PodmanEngineProvider.create(new EngineSettings(Optional.of(podman.uri()),
                Map.of("REGISTRY_AUTH_FILE", dir.resolve("auth.json").toString()), false));
        podman.on("POST /v1.41/images/create", 200, resource("compat-pull-missing.ndjson"));
        assertThatThrownBy(() -> withAuth.pull(ImageReference.parse("localhost:5001/imgctl/base:1"), e -> { }))
                .isInstanceOf(RegistryException.class);
        FakePodman.Call call = podman.calls.stream().filter(c -> c.path().equals("/v1.41/images/create")).findFirst()
                .orElseThrow();
        assertThat(call.headers().get("X-registry-auth")).singleElement().satisfies(h -> assertThat(
                new String(java.util.Base64.getUrlDecoder().decode(h), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"username\":\"imgctl\""));
    }

    @Test
    void createSendsTheFamiliarNameWithoutNetworkAndMapsAMissingImage() {
        podman.on("POST " + L + "/containers/create", 500,
                "{\"cause\":\"image not known\",\"message\":\"localhost/none:1: image not known\",\"response\":500}");
        assertThatThrownBy(() -> engine.createContainer(new ContainerSpec(ImageReference.parse("localhost/none:1"),
                Optional.of("c1"), List.of("echo", "hello"))))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("image not known");
        assertThat(podman.calls.get(0).body()).isEqualTo(
                "{\"image\":\"localhost/none:1\",\"name\":\"c1\",\"command\":[\"echo\",\"hello\"],\"netns\":{\"nsmode\":\"none\"}}");
    }

    @Test
    void createReturnsTheListedContainer() {
        podman.on("POST " + L + "/containers/create", 201,
                "{\"Id\":\"ca5296736b0b8fc12c4a89d1b80a8dddcc406fac2e62ed24b514d6d4c14db99a\",\"Warnings\":[]}")
                .on("GET " + L + "/containers/json", 200, resource("ps-created.json"));
        var c = engine.createContainer(new ContainerSpec(ImageReference.parse("localhost:5000/imgctl/base:1"),
                Optional.empty(), List.of()));
        assertThat(c.name()).isEqualTo("podprobe-c1");
        assertThat(podman.calls.get(0).body()).doesNotContain("command").doesNotContain("name");
        assertThat(podman.lines().get(1)).contains("filters={\"id\":[\"ca5296736b0b");
    }

    @Test
    void waitReadsThePlainTextExitCode() {
        podman.on("POST " + L + "/containers/c1/wait", 200, "3\n");
        assertThat(engine.waitContainer("c1")).isEqualTo(3);
    }

    @Test
    void logsAreDemultiplexed() {
        byte[] body = {1, 0, 0, 0, 0, 0, 0, 6, 'h', 'e', 'l', 'l', 'o', '\n', 2, 0, 0, 0, 0, 0, 0, 4, 'e', 'r', 'r', '\n'};
        podman.on("GET " + L + "/containers/c1/logs", 200, body);
        assertThat(engine.logs("c1")).isEqualTo("hello\nerr\n");
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
    void findContainerByNameFullIdOrUniquePrefix() {
        podman.on("GET " + L + "/containers/json", 200, resource("ps-exited.json"));
        assertThat(engine.findContainer("podprobe-c1")).isPresent();
        assertThat(engine.findContainer("ca5296")).isPresent();
        assertThat(engine.findContainer("/podprobe-c1")).isPresent();
        assertThat(engine.findContainer("podprobe")).isEmpty();
        assertThat(engine.findContainer("ff")).isEmpty();
    }

    @Test
    void findImageDropsTheSha256PrefixAndReturnsLayers() {
        podman.on("GET " + L + "/images/96b09a33/json", 200, resource("inspect-derived.json"))
                .on("GET " + L + "/images/" + DERIVED + "/history", 200, resource("history-derived.json"));
        assertThat(engine.findImage("sha256:96b09a33")).hasValueSatisfying(i -> assertThat(i.layers()).hasSize(2));
        assertThat(engine.findImage("localhost:5000/imgctl/nope:1")).isEmpty();
        assertThat(engine.findImage("../../containers/json")).isEmpty();
    }

    @Test
    void snapshotFetchesHistoryOnlyForLayersNotSeenYet() {
        podman.on("GET " + L + "/images/json", 200, resource("images.json"))
                .on("GET " + L + "/images/" + BASE + "/json", 200, resource("inspect-base.json"))
                .on("GET " + L + "/images/" + BASE + "/history", 200, resource("history-base.json"))
                .on("GET " + L + "/images/" + DERIVED + "/json", 200, resource("inspect-derived.json"))
                .on("GET " + L + "/images/" + DERIVED + "/history", 200, resource("history-derived.json"))
                .on("GET " + L + "/containers/json", 200, "[]");
        var snapshot = engine.snapshot();
        assertThat(snapshot.images()).hasSize(2);
        assertThat(snapshot.images().get(1).layers()).extracting(l -> l.size()).containsExactly(1996800L, 2048L);
        // base's history gave its layer; derived has a new one, so its history is fetched too
        assertThat(podman.lines()).filteredOn(l -> l.endsWith("/history")).hasSize(2);
    }

    @Test
    void pingWantsPodman() {
        podman.on("GET " + L + "/_ping", 200, "OK");
        engine.ping();
        podman.on("GET " + L + "/version", 200, "{\"Version\":\"4.3.1\"}");
        assertThat(engine.info().version()).isEqualTo("4.3.1");
        assertThat(engine.info().kind()).isEqualTo("podman");
        assertThat(engine.info().endpoint()).isEqualTo(podman.uri());
        assertThat(engine.info().behaviour().canOrphanContainers()).isFalse();
    }

    @Test
    void missingSocketIsUnavailableWithAHint(@TempDir Path dir) {
        String socket = dir.resolve("podman.sock").toString();
        PodmanContainerEngine absent = PodmanEngineProvider.create(
                new EngineSettings(Optional.of("unix://" + socket), Map.of(), false));
        assertThatThrownBy(absent::listImages)
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageStartingWith("Tried to list images on podman at unix://" + socket + " but it did not answer")
                .hasMessageContaining("does not exist")
                .hasMessageContaining("podman system service");
    }

    @Test
    void closedPortIsUnavailable() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PodmanContainerEngine closed = PodmanEngineProvider.create(
                new EngineSettings(Optional.of("tcp://127.0.0.1:" + port), Map.of(), false));
        assertThatThrownBy(closed::ping).isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("tcp://127.0.0.1:" + port);
    }

    @Test
    void badHostSettingFailsOnFirstUseNotWhenBuilt() {
        PodmanContainerEngine bad = PodmanEngineProvider.create(
                new EngineSettings(Optional.of("ssh://core@host/run/podman.sock"), Map.of(), false));
        assertThatThrownBy(bad::ping).isInstanceOf(EngineUnavailableException.class).hasMessageContaining("ssh://");
    }
}
