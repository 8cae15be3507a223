package io.imgctl.adapter.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.ConflictException;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.application.port.out.RegistryException;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import io.imgctl.application.service.RemovalService;
import io.imgctl.domain.removal.RemovalReport;
import io.imgctl.domain.removal.RemovalRequest;
import io.imgctl.domain.store.StoreSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against the real Podman service and the loopback registry (localhost:5000 only). Every
 * container and tag made here carries this run's ID and is removed at the end.
 */
class RealPodmanEngineTest {

    static final ImageReference BASE = ImageReference.parse("localhost:5000/imgctl/base:1");
    static final ImageReference DERIVED = ImageReference.parse("localhost:5000/imgctl/derived:1");
    static final ImageReference MISSING = ImageReference.parse("localhost:5000/imgctl/missing:1");

    static final String RUN = "podman-it-" + UUID.randomUUID().toString().substring(0, 8);

    static PodmanContainerEngine engine;
    static final List<String> pushed = new ArrayList<>();

    /** Per test, so that each one is reported as skipped (with the reason) when the service is down. */
    @BeforeEach
    void connect() {
        PodmanContainerEngine e = RealPodman.engineOrSkip();
        if (engine == null) {
            e.pull(BASE, PullEvent -> { });
            engine = e;
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (engine == null) {
            return;
        }
        for (Container c : engine.listContainers()) {
            if (c.name().startsWith(RUN)) {
                engine.removeContainer(c.id(), true);
            }
        }
        for (Image i : engine.listImages()) {
            boolean ours = i.tags().stream().anyMatch(t -> t.path().contains(RUN));
            if (ours) {
                for (ImageReference t : i.tags()) {
                    if (t.path().contains(RUN)) {
                        engine.untag(t);
                    }
                }
                Optional<Image> left = engine.findImage(i.id().toString());
                if (left.isPresent() && left.get().tags().isEmpty()) {
                    engine.deleteImage(i.id(), false);
                }
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        for (String manifest : pushed) {
            http.send(HttpRequest.newBuilder(URI.create(manifest)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    private static ImageReference ours(String name) {
        return ImageReference.parse("localhost/imgctl-test/" + RUN + "-" + name);
    }

    private static Container create(String name, String... command) {
        return engine.createContainer(new ContainerSpec(BASE, Optional.of(RUN + "-" + name), List.of(command)));
    }

    @Test
    void infoAndPing() {
        engine.ping();
        var info = engine.info();
        assertThat(info.kind()).isEqualTo("podman");
        assertThat(info.version()).matches("\\d+\\.\\d+.*");
        assertThat(info.endpoint()).startsWith("unix://");
        assertThat(info.behaviour().canOrphanContainers()).isFalse();
    }

    @Test
    void pullGivesProgressIdDigestAndTheImageIsListed() {
        List<PullEvent> events = new ArrayList<>();
        PullResult result = engine.pull(DERIVED, events::add);

        assertThat(result.reference()).isEqualTo(DERIVED);
        assertThat(result.digest()).isPresent();
        assertThat(events).isNotEmpty();
        // base's layer is in the store: Docker's words for it
        assertThat(events).anyMatch(e -> e.status().equals("Already exists"));
        assertThat(events).noneMatch(e -> e.layer().equals(Optional.of(result.imageId().shortId())));

        Image listed = engine.listImages().stream().filter(i -> i.id().equals(result.imageId())).findFirst().orElseThrow();
        assertThat(listed.tags()).contains(DERIVED);
        assertThat(listed.id().toString()).startsWith("sha256:");

        PullResult again = engine.pull(DERIVED, e -> { });
        assertThat(again.downloaded()).isFalse();
        assertThat(again.imageId()).isEqualTo(result.imageId());
    }

    @Test
    void pullOfAMissingTagIsARegistryFailure() {
        assertThatThrownBy(() -> engine.pull(MISSING, e -> { }))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("localhost:5000/imgctl/missing")
                .hasMessageContaining("manifest unknown");
    }

    @Test
    void inspectGivesLayersWithSizesSharedWithTheBase() {
        engine.pull(DERIVED, e -> { });
        Image base = engine.findImage(BASE.familiar()).orElseThrow();
        Image derived = engine.findImage(DERIVED.familiar()).orElseThrow();

        assertThat(base.layers()).hasSize(1);
        assertThat(derived.layers()).hasSize(2);
        assertThat(derived.layers().get(0)).isEqualTo(base.layers().get(0));
        assertThat(derived.layers()).allMatch(l -> l.size() > 0);
        assertThat(derived.config().cmd()).isNotEmpty();
        assertThat(derived.created()).isAfter(base.created().minusSeconds(1));
        assertThat(engine.findImage(derived.id().toString())).contains(derived);
        assertThat(engine.findImage(derived.id().shortId())).map(Image::id).contains(derived.id());
        assertThat(engine.findImage(MISSING.familiar())).isEmpty();
    }

    @Test
    void tagAndUntagTouchOnlyThatTag() {
        ImageId id = engine.findImage(BASE.familiar()).orElseThrow().id();
        ImageReference a = ours("tags:a");
        ImageReference b = ours("tags:b");
        engine.tag(id, a);
        engine.tag(id, b);
        assertThat(engine.findImage(a.familiar()).orElseThrow().tags()).contains(a, b, BASE);

        assertThat(engine.untag(a)).containsExactly(new EngineRecord(EngineRecord.Kind.UNTAGGED, a.familiar()));
        Image after = engine.findImage(id.toString()).orElseThrow();
        assertThat(after.tags()).contains(b, BASE).doesNotContain(a);

        assertThatThrownBy(() -> engine.untag(a)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> engine.tag(ImageId.parse("f".repeat(64)), a)).isInstanceOf(NotFoundException.class);
        engine.untag(b);
        assertThat(engine.findImage(id.toString()).orElseThrow().tags()).contains(BASE);
    }

    /**
     * imgctl's own tag names a short name {@code docker.io/...} on every engine; Podman's own tools name it
     * {@code localhost/...}. A short name finds the docker.io one first, else the localhost one, for
     * lookups, container creation and rmi's plan alike.
     */
    @Test
    void aShortNameFindsTheDockerHubNameFirstThenPodmansLocalhostName() {
        ImageId base = engine.findImage(BASE.familiar()).orElseThrow().id();
        ImageId derived = engine.pull(DERIVED, e -> { }).imageId();
        String shortName = "imgctl-test/" + RUN + "-short:1";
        ImageReference hub = ImageReference.parse(shortName);
        ImageReference local = ImageReference.parse("localhost/" + shortName);

        engine.tag(base, local);
        assertThat(engine.findImage(shortName)).map(Image::id).contains(base);
        assertThat(engine.listImages()).filteredOn(i -> i.id().equals(base)).singleElement()
                .satisfies(i -> assertThat(i.tags()).extracting(ImageReference::familiar).contains("localhost/" + shortName));
        RemovalReport removed = new RemovalService(engine).removeImages(
                new RemovalRequest(List.of(shortName), false, false), false);
        assertThat(removed.plan().refusals()).isEmpty();
        assertThat(removed.outcomes()).singleElement().satisfies(o -> assertThat(o.result()).isEqualTo("done"));
        assertThat(engine.findImage(local.familiar())).isEmpty();
        assertThat(engine.findImage(base.toString())).isPresent(); // base keeps its other tag

        engine.tag(base, local);
        engine.tag(derived, hub);
        assertThat(engine.listImages()).filteredOn(i -> i.id().equals(derived)).singleElement()
                .satisfies(i -> assertThat(i.tags()).extracting(ImageReference::normalized).contains("docker.io/" + shortName));
        assertThat(engine.findImage(shortName)).map(Image::id).contains(derived);
        Container c = engine.createContainer(new ContainerSpec(hub, Optional.of(RUN + "-short"), List.of("true")));
        assertThat(c.imageId()).isEqualTo(derived);
        engine.removeContainer(c.id(), false);
    }

    @Test
    void containerLifecycleWithExitCodeAndLogs() {
        Container created = create("life", "sh", "-c", "echo hello; echo err >&2; exit 3");
        assertThat(created.state()).isEqualTo(ContainerState.CREATED);
        assertThat(created.name()).isEqualTo(RUN + "-life");
        assertThat(created.imageId()).isEqualTo(engine.findImage(BASE.familiar()).orElseThrow().id());
        assertThat(created.image()).isEqualTo(BASE.familiar());

        engine.startContainer(created.id());
        assertThat(engine.waitContainer(created.id())).isEqualTo(3);
        assertThat(engine.logs(created.id())).isEqualTo("hello\nerr\n");

        Container exited = engine.findContainer(RUN + "-life").orElseThrow();
        assertThat(exited.state()).isEqualTo(ContainerState.EXITED);
        assertThat(exited.exitCode()).isEqualTo(3);
        assertThat(exited.started()).isPresent();
        assertThat(exited.finished()).isPresent();
        assertThat(engine.findContainer(created.id().substring(0, 12))).map(Container::id).contains(created.id());

        engine.removeContainer(created.id(), false);
        assertThat(engine.findContainer(created.id())).isEmpty();
        assertThatThrownBy(() -> engine.removeContainer(created.id(), false)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void runningContainerNeedsForce() {
        Container c = create("running", "sleep", "600");
        engine.startContainer(c.id());
        assertThat(engine.findContainer(c.id()).orElseThrow().state()).isEqualTo(ContainerState.RUNNING);
        assertThatThrownBy(() -> engine.removeContainer(c.id(), false)).isInstanceOf(ConflictException.class);
        engine.removeContainer(c.id(), true);
        assertThat(engine.findContainer(c.id())).isEmpty();
    }

    @Test
    void createFromAMissingImageIsNotFound() {
        assertThatThrownBy(() -> engine.createContainer(new ContainerSpec(ours("none:1"), Optional.empty(), List.of("true"))))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void forcedDeleteNeverRemovesContainers() {
        Container source = create("commit-src", "sh", "-c", "echo x > /made");
        engine.startContainer(source.id());
        engine.waitContainer(source.id());
        ImageReference committed = ours("committed:1");
        ImageId id = engine.commit(source.id(), committed);
        Image image = engine.findImage(committed.familiar()).orElseThrow();
        assertThat(image.id()).isEqualTo(id);
        assertThat(image.layers()).hasSize(2);

        Container user = engine.createContainer(new ContainerSpec(committed, Optional.of(RUN + "-user"), List.of("true")));
        assertThatThrownBy(() -> engine.deleteImage(id, true))
                .isInstanceOf(ConflictException.class).hasMessageContaining(RUN + "-user");
        assertThat(engine.findContainer(user.id())).isPresent();
        assertThat(engine.findImage(id.toString())).isPresent();
        assertThatThrownBy(() -> engine.deleteImage(id, false)).isInstanceOf(ConflictException.class);

        engine.removeContainer(user.id(), false);
        List<EngineRecord> records = engine.deleteImage(id, false);
        assertThat(records).contains(new EngineRecord(EngineRecord.Kind.UNTAGGED, committed.familiar()),
                new EngineRecord(EngineRecord.Kind.DELETED, id.toString()));
        assertThat(engine.findImage(id.toString())).isEmpty();
        assertThat(engine.findContainer(source.id())).isPresent();
        assertThatThrownBy(() -> engine.deleteImage(id, true)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deleteByIdOfAnImageWithTwoTagsNeedsForce() {
        Container source = create("two-tags", "true");
        ImageReference one = ours("two:1");
        ImageReference two = ours("two:2");
        ImageId id = engine.commit(source.id(), one);
        engine.removeContainer(source.id(), false);
        engine.tag(id, two);
        assertThatThrownBy(() -> engine.deleteImage(id, false)).isInstanceOf(ConflictException.class);
        assertThat(engine.deleteImage(id, true)).extracting(EngineRecord::kind)
                .contains(EngineRecord.Kind.UNTAGGED, EngineRecord.Kind.DELETED);
    }

    @Test
    void pushGivesTheRegistrysDigest() throws Exception {
        Container source = create("push-src", "sh", "-c", "echo " + RUN + " > /pushed");
        engine.startContainer(source.id());
        engine.waitContainer(source.id());
        ImageReference target = ImageReference.parse("localhost:5000/imgctl-test/" + RUN + ":1");
        engine.commit(source.id(), target);
        List<PullEvent> events = new ArrayList<>();

        PushResult result = engine.push(target, events::add);

        pushed.add("http://127.0.0.1:5000/v2/imgctl-test/" + RUN + "/manifests/" + result.digest());
        assertThat(events).isNotEmpty();
        List<String> newestFirst = new ArrayList<>(engine.findImage(target.familiar()).orElseThrow().layers().stream()
                .map(l -> l.diffId().hex().substring(0, 12)).distinct().toList());
        java.util.Collections.reverse(newestFirst);
        assertThat(events).as("each layer reported Pushed, newest first, before the digest line")
                .filteredOn(e -> e.layer().isPresent()).extracting(e -> e.layer().get() + " " + e.status())
                .containsExactlyElementsOf(newestFirst.stream().map(id -> id + " Pushed").toList());
        assertThat(events.get(events.size() - 1).status()).contains("digest: " + result.digest());
        HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:5000/v2/imgctl-test/" + RUN + "/manifests/1"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .header("Accept", "application/vnd.oci.image.manifest.v1+json")
                        .header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(result.digest().toString());
        assertThat(result.size()).isPositive();

        assertThatThrownBy(() -> engine.push(ours("never-made:1"), e -> { })).isInstanceOf(NotFoundException.class);
    }

    @Test
    void snapshotHasImagesWithLayersAndContainers() {
        Container c = create("snap", "true");
        StoreSnapshot snapshot = engine.snapshot();
        Image base = snapshot.images().stream().filter(i -> i.hasTag(BASE)).findFirst().orElseThrow();
        assertThat(base.layers()).extracting(Layer::size).allMatch(s -> s > 0);
        assertThat(snapshot.containers()).extracting(Container::id).contains(c.id());
        assertThat(snapshot.containersUsing(base.id())).extracting(Container::id).contains(c.id());
    }
}
