package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.ContainerEngine;
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
import io.imgctl.domain.removal.EngineBehaviour;
import io.imgctl.domain.store.StoreSnapshot;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter against the real Docker daemon and the loopback registries that
 * {@code bash scripts/engines.sh up} starts. Everything made here has a unique {@code imgctl-dtest-}
 * name and is removed afterwards; the shared test images are only read, tagged and pulled.
 */
class DockerEngineIntegrationTest {

    private final String run = "imgctl-dtest-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> containers = new ArrayList<>();
    /** Tags this test added: untagged afterwards (they may name the shared test images). */
    private final List<ImageReference> tags = new ArrayList<>();
    /** Images only this test made: deleted afterwards. */
    private final List<ImageId> ownImages = new ArrayList<>();
    private ContainerEngine engine;

    @BeforeEach
    void connect() {
        engine = RealDocker.engine();
        // Other suites share the daemon: put the test images back if one of them removed them.
        for (String image : List.of(RealDocker.BASE, RealDocker.DERIVED)) {
            if (engine.findImage(image).isEmpty()) {
                engine.pull(ref(image), e -> { });
            }
        }
    }

    @AfterEach
    void cleanUp() {
        if (engine == null) {
            return;
        }
        for (String id : containers) {
            try {
                engine.removeContainer(id, true);
            } catch (NotFoundException e) {
                // already gone
            }
        }
        for (ImageReference tag : tags) {
            try {
                engine.untag(tag);
            } catch (NotFoundException e) {
                // already gone
            }
        }
        for (ImageId id : ownImages) {
            try {
                engine.deleteImage(id, true);
            } catch (NotFoundException e) {
                // already gone
            }
        }
    }

    private ImageReference ref(String text) {
        return ImageReference.parse(text);
    }

    private Image base() {
        return engine.findImage(RealDocker.BASE).orElseThrow(() -> new AssertionError(
                RealDocker.BASE + " is not in Docker's store; run: bash scripts/engines.sh up"));
    }

    private Container create(String image, List<String> command) {
        Container c = engine.createContainer(new ContainerSpec(ref(image), Optional.of(run + "-" + containers.size()), command));
        containers.add(c.id());
        return c;
    }

    @Test
    void containersUsingAnImageAreTheListFilteredByImageIdInFullDetail() {
        Container onBase = create(RealDocker.BASE, List.of("true"));
        Container onDerived = create(RealDocker.DERIVED, List.of("true"));
        ImageId derived = engine.findImage(RealDocker.DERIVED).orElseThrow().id();

        List<Container> usingBase = engine.containersUsing(base().id());
        List<Container> usingDerived = engine.containersUsing(derived);

        // Other suites' containers may use the shared images too: compare with the full listing.
        assertThat(usingBase).containsExactlyInAnyOrderElementsOf(
                engine.listContainers().stream().filter(c -> c.imageId().equals(base().id())).toList());
        assertThat(usingBase).extracting(Container::id).contains(onBase.id()).doesNotContain(onDerived.id());
        assertThat(usingDerived).extracting(Container::id).contains(onDerived.id()).doesNotContain(onBase.id());
        assertThat(engine.containersUsing(ImageId.parse("sha256:" + "0".repeat(64)))).isEmpty();
    }

    /** A new image only this test names: the base committed from a fresh container. */
    private ImageReference ownImage(String suffix) {
        Container c = create(RealDocker.BASE, List.of("true"));
        ImageReference target = ref("localhost:5000/" + run + "/" + suffix + ":1");
        ImageId id = engine.commit(c.id(), target);
        ownImages.add(id);
        engine.removeContainer(c.id(), true);
        return target;
    }

    @Test
    void theRemovalSnapshotLeavesOutOnlyTheLayersOfImagesThatShareNone(@TempDir Path dir) throws Exception {
        // An image of one layer that no other image holds: a file of random content, imported by the docker CLI.
        Files.writeString(dir.resolve("own.txt"), UUID.randomUUID() + "\n".repeat(2000));
        String own = "localhost:5000/" + run + "/own:1";
        Process imported = new ProcessBuilder("bash", "-c", "tar -C \"$1\" -cf - . | docker import - \"$2\"", "import",
                dir.toString(), own).redirectErrorStream(true).start();
        String said = new String(imported.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(imported.waitFor()).as(said).isZero();
        ImageId id = engine.findImage(own).orElseThrow().id();
        ownImages.add(id);

        StoreSnapshot full = engine.snapshot();
        StoreSnapshot light = engine.removalSnapshot();

        Image ownFull = full.images().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
        Image ownLight = light.images().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
        assertThat(ownFull.layers()).hasSize(1);
        assertThat(ownLight.layers()).as("its layer is all its own: no history read").isEmpty();
        assertThat(ownLight.size()).as("its size is what its layers add up to").isPositive()
                .isEqualTo(ownFull.layers().stream().mapToLong(Layer::size).sum());
        assertThat(ownLight.tags()).isEqualTo(ownFull.tags());
        for (String shared : List.of(RealDocker.BASE, RealDocker.DERIVED)) {
            ImageId sharedId = engine.findImage(shared).orElseThrow().id();
            Image sharedFull = full.images().stream().filter(i -> i.id().equals(sharedId)).findFirst().orElseThrow();
            Image sharedLight = light.images().stream().filter(i -> i.id().equals(sharedId)).findFirst().orElseThrow();
            assertThat(sharedLight.layers()).as("%s shares its base layer: read in full", shared)
                    .isNotEmpty().isEqualTo(sharedFull.layers());
        }
        assertThat(engine.findImageNames(own)).get().satisfies(i -> {
            assertThat(i.id()).isEqualTo(id);
            assertThat(i.layers()).isEmpty();
        });
    }

    @Test
    void aSpanOfMoreEventsThanTheDaemonKeepsIsStillToldInFullFromTheStream() {
        Image base = base();
        try (io.imgctl.application.port.out.ChangeLog log = engine.changeLog().orElseThrow()) {
            java.time.Instant from = log.watchFrom().orElseThrow();
            // More tag events than the daemon keeps: the span's first ones are lost from its memory.
            for (int i = 0; i < DockerEvents.DAEMON_KEEPS + 20; i++) {
                ImageReference tag = ref("localhost/" + run + "/many:" + i);
                engine.tag(base.id(), tag);
                tags.add(tag);
            }
            io.imgctl.application.port.out.ImageChanges changes = log.changesSince(from);
            assertThat(changes.images()).as("told, not unknown").hasValueSatisfying(ids -> assertThat(ids).contains(base.id()));
        }
    }

    @Test
    void infoAndPing() {
        ContainerEngine.EngineInfo info = engine.info();

        engine.ping();
        assertThat(info.kind()).isEqualTo("docker");
        assertThat(info.version()).matches("\\d+\\.\\d+.*");
        assertThat(info.endpoint()).matches("(unix|tcp)://.+");
        assertThat(info.behaviour()).isEqualTo(EngineBehaviour.DOCKER);
    }

    @Test
    void listsTheTestImagesWithIdsTagsAndSizes() {
        List<Image> listed = engine.listImages();

        Image base = listed.stream().filter(i -> i.hasTag(ref(RealDocker.BASE))).findFirst().orElseThrow();
        assertThat(base.id().toString()).matches("sha256:[a-f0-9]{64}");
        assertThat(base.size()).isPositive();
        assertThat(base.digests()).allSatisfy(d -> assertThat(d.digest()).isPresent());
        assertThat(listed).allSatisfy(i -> assertThat(i.tags()).allSatisfy(t -> assertThat(t.tag()).isPresent()));
        assertThat(listed).anySatisfy(i -> assertThat(i.hasTag(ref(RealDocker.DERIVED))).isTrue());
    }

    @Test
    void findImageGivesLayersWithSizesThatAddUpAndSharedBaseLayer() {
        Image base = base();
        Image derived = engine.findImage(RealDocker.DERIVED).orElseThrow();

        assertThat(base.layers()).isNotEmpty();
        assertThat(base.layers().stream().mapToLong(Layer::size).sum()).isEqualTo(base.size());
        assertThat(derived.layers().stream().mapToLong(Layer::size).sum()).isEqualTo(derived.size());
        assertThat(derived.layers()).hasSizeGreaterThan(base.layers().size());
        assertThat(derived.layers().get(0).diffId()).isEqualTo(base.layers().get(0).diffId());
        assertThat(base.config().architecture()).isNotEmpty();
        assertThat(base.config().os()).isEqualTo("linux");
        assertThat(base.hasTag(ref(RealDocker.BASE))).isTrue();
    }

    @Test
    void findImageByIdOrPrefixAndMissingIsEmpty() {
        Image base = base();

        assertThat(engine.findImage(base.id().toString())).map(Image::id).contains(base.id());
        assertThat(engine.findImage(base.id().shortId())).map(Image::id).contains(base.id());
        assertThat(engine.findImage(RealDocker.MISSING)).isEmpty();
        assertThat(engine.findImage("no such thing")).isEmpty();
    }

    @Test
    void pullOfAPresentImageReportsProgressDigestAndId() {
        List<PullEvent> events = new ArrayList<>();

        PullResult result = engine.pull(ref(RealDocker.BASE), events::add);

        assertThat(events).isNotEmpty();
        assertThat(events).extracting(PullEvent::status).anyMatch(s -> s.startsWith("Status: "));
        assertThat(result.imageId()).isEqualTo(base().id());
        assertThat(result.digest()).isPresent();
        assertThat(result.reference()).isEqualTo(ref(RealDocker.BASE));
    }

    @Test
    void pullOfAMissingTagIsARegistryErrorWithTheRegistrysWords() {
        assertThatThrownBy(() -> engine.pull(ref(RealDocker.MISSING), e -> { }))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("Tried to pull localhost:5000/imgctl/missing:1 on docker at")
                .hasMessageContaining("manifest unknown");
    }

    @Test
    void containerLifecycleFromCreateToRemove() {
        Container created = create(RealDocker.BASE, List.of("echo", "hello"));

        assertThat(created.state()).isEqualTo(ContainerState.CREATED);
        assertThat(created.name()).isEqualTo(run + "-0");
        assertThat(created.image()).isEqualTo(RealDocker.BASE);
        assertThat(created.imageId()).isEqualTo(base().id());
        assertThat(created.command()).containsExactly("echo", "hello");
        assertThat(created.started()).isEmpty();

        engine.startContainer(created.id());
        assertThat(engine.waitContainer(created.id())).isZero();
        assertThat(engine.logs(created.id())).isEqualTo("hello\n");

        Container exited = engine.listContainers().stream().filter(c -> c.id().equals(created.id())).findFirst().orElseThrow();
        assertThat(exited.state()).isEqualTo(ContainerState.EXITED);
        assertThat(exited.exitCode()).isZero();
        assertThat(exited.started()).isPresent();
        assertThat(exited.finished()).isPresent();
        // Not after started: Docker takes FinishedAt from containerd's exit event and StartedAt once runc's
        // start returned, so a container that exits at once can finish a fraction of a millisecond "before"
        // it started (seen: 0.4 ms). Both follow its creation.
        assertThat(exited.started().get()).isAfterOrEqualTo(exited.created());
        assertThat(exited.finished().get()).isAfterOrEqualTo(exited.created());
        assertThat(engine.findContainer(run + "-0")).map(Container::id).contains(created.id());
        assertThat(engine.findContainer(created.id().substring(0, 12))).map(Container::id).contains(created.id());

        engine.removeContainer(created.id(), false);
        assertThat(engine.findContainer(created.id())).isEmpty();
        assertThatThrownBy(() -> engine.removeContainer(created.id(), false)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void exitCodeAndBothOutputStreams() {
        Container c = create(RealDocker.BASE, List.of("sh", "-c", "echo out; echo err >&2; exit 3"));
        engine.startContainer(c.id());

        assertThat(engine.waitContainer(c.id())).isEqualTo(3);
        assertThat(engine.logs(c.id())).contains("out\n").contains("err\n");
        assertThat(engine.findContainer(c.id()).orElseThrow().exitCode()).isEqualTo(3);
    }

    @Test
    void aRunningContainerIsOnlyRemovedWithForce() {
        Container c = create(RealDocker.BASE, List.of("sleep", "600"));
        engine.startContainer(c.id());
        engine.startContainer(c.id()); // already running: fine

        assertThat(engine.findContainer(c.id()).orElseThrow().state()).isEqualTo(ContainerState.RUNNING);
        assertThatThrownBy(() -> engine.removeContainer(c.id(), false))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("Docker refused")
                .hasMessageContaining("running container");
        engine.removeContainer(c.id(), true);
        assertThat(engine.findContainer(c.id())).isEmpty();
    }

    @Test
    void createFromAMissingImageIsNotFound() {
        assertThatThrownBy(() -> engine.createContainer(new ContainerSpec(ref(RealDocker.MISSING), Optional.empty(), List.of())))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("No such image");
    }

    @Test
    void untagOfOneOfSeveralTagsOnlyUntags() {
        Image base = base();
        ImageReference extra = ref("localhost:5000/" + run + "/extra:1");
        engine.tag(base.id(), extra);
        tags.add(extra);

        assertThat(engine.findImage(extra.familiar())).map(Image::id).contains(base.id());
        List<EngineRecord> records = engine.untag(extra);

        assertThat(records).containsExactly(new EngineRecord(EngineRecord.Kind.UNTAGGED, extra.familiar()));
        assertThat(engine.findImage(base.id().toString()).orElseThrow().tags()).contains(ref(RealDocker.BASE)).doesNotContain(extra);
    }

    @Test
    void untagOfTheLastTagKeepsTheImageThenDeleteImageDeletesIt() {
        ImageReference own = ownImage("last");
        ImageId id = engine.findImage(own.familiar()).orElseThrow().id();

        List<EngineRecord> records = engine.untag(own);

        assertThat(records).containsExactly(new EngineRecord(EngineRecord.Kind.UNTAGGED, own.familiar()));
        Image kept = engine.findImage(id.toString()).orElseThrow();
        assertThat(kept.tags()).isEmpty();
        assertThat(engine.findImage(own.familiar())).isEmpty();
        assertThat(engine.listImages()).noneSatisfy(i -> assertThat(i.tags())
                .anySatisfy(t -> assertThat(t.familiarName()).isEqualTo(DockerContainerEngine.CARRIER_REPOSITORY)));

        List<EngineRecord> deleted = engine.deleteImage(id, false);

        assertThat(deleted).first().isEqualTo(new EngineRecord(EngineRecord.Kind.DELETED, id.toString()));
        assertThat(engine.findImage(id.toString())).isEmpty();
    }

    @Test
    void untagOfTheLastTagWorksWhileAStoppedContainerUsesTheImageAndForcedDeleteKeepsTheContainer() {
        ImageReference own = ownImage("used");
        ImageId id = engine.findImage(own.familiar()).orElseThrow().id();
        Container user = create(own.familiar(), List.of("true"));

        assertThat(engine.untag(own)).containsExactly(new EngineRecord(EngineRecord.Kind.UNTAGGED, own.familiar()));
        assertThat(engine.findImage(id.toString())).isPresent();

        assertThatThrownBy(() -> engine.deleteImage(id, false))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("Docker refused")
                .hasMessageContaining("stopped container");
        assertThat(engine.deleteImage(id, true)).contains(new EngineRecord(EngineRecord.Kind.DELETED, id.toString()));
        assertThat(engine.findImage(id.toString())).isEmpty();
        assertThat(engine.findContainer(user.id())).map(Container::imageId).contains(id);
    }

    @Test
    void removalOfMissingThingsIsNotFound() {
        ImageId nowhere = ImageId.parse("sha256:" + "0".repeat(64));

        assertThatThrownBy(() -> engine.deleteImage(nowhere, false)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> engine.untag(ref("localhost:5000/" + run + "/nothing:1")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void deleteByIdOfAnImageWithSeveralTagsIsAConflictWithoutForce() {
        ImageReference own = ownImage("multi");
        ImageId id = engine.findImage(own.familiar()).orElseThrow().id();
        ImageReference second = ref("localhost:5000/" + run + "/multi:2");
        engine.tag(id, second);

        assertThatThrownBy(() -> engine.deleteImage(id, false))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("referenced in multiple repositories");
        List<EngineRecord> records = engine.deleteImage(id, true);
        assertThat(records).contains(
                new EngineRecord(EngineRecord.Kind.UNTAGGED, own.familiar()),
                new EngineRecord(EngineRecord.Kind.UNTAGGED, second.familiar()),
                new EngineRecord(EngineRecord.Kind.DELETED, id.toString()));
    }

    @Test
    void commitMakesAChildOfTheContainersImageKeepingItsConfig() {
        Image base = base();
        Container c = create(RealDocker.BASE, List.of("sh", "-c", "echo changed > /changed.txt"));
        engine.startContainer(c.id());
        engine.waitContainer(c.id());
        ImageReference target = ref("localhost:5000/" + run + "/committed:1");

        ImageId id = engine.commit(c.id(), target);
        ownImages.add(id);

        Image committed = engine.findImage(target.familiar()).orElseThrow();
        assertThat(committed.id()).isEqualTo(id);
        assertThat(committed.parent()).contains(base.id());
        assertThat(committed.layers()).hasSize(base.layers().size() + 1);
        assertThat(committed.layers().get(committed.layers().size() - 1).size()).isPositive();
        assertThat(committed.config().env()).isEqualTo(base.config().env());
    }

    @Test
    void snapshotHoldsImagesWithLayersAndAllContainers() {
        Container c = create(RealDocker.BASE, List.of("true"));

        StoreSnapshot snapshot = engine.snapshot();

        assertThat(snapshot.images()).anySatisfy(i -> {
            assertThat(i.hasTag(ref(RealDocker.BASE))).isTrue();
            assertThat(i.layers()).isNotEmpty();
        });
        assertThat(snapshot.containers()).extracting(Container::id).contains(c.id());
        assertThat(snapshot.containersUsing(base().id())).extracting(Container::id).contains(c.id());
    }

    @Test
    void pushThenPullBackGivesTheSameImage() throws IOException {
        Image base = base();
        ImageReference target = ref("localhost:5000/imgctl-docker-test/pushed:" + run);
        engine.tag(base.id(), target);
        tags.add(target);
        List<PullEvent> events = new ArrayList<>();

        PushResult pushed = engine.push(target, events::add);

        assertThat(pushed.digest().toString()).matches("sha256:[a-f0-9]{64}");
        assertThat(pushed.size()).isPositive();
        assertThat(events).extracting(PullEvent::status).anyMatch(s -> s.contains("digest: " + pushed.digest()));
        try {
            engine.untag(target);
            PullResult pulled = engine.pull(target, e -> { });
            assertThat(pulled.imageId()).isEqualTo(base.id());
            assertThat(pulled.digest()).contains(pushed.digest());
        } finally {
            deleteManifest(5000, "imgctl-docker-test/pushed", pushed.digest().toString(), Map.of());
        }
    }

    @Test
    void pushOfAMissingImageIsNotFound() {
        assertThatThrownBy(() -> engine.push(ref("localhost:5000/" + run + "/never:1"), e -> { }))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void credentialsFromDockerConfigAreSentToAPasswordProtectedRegistry(@TempDir Path dockerConfig) throws IOException {
        RealDocker.requireRegistry(5001);
        Image base = base();
        ImageReference target = ref("localhost:5001/imgctl-docker-test/auth:" + run);
        engine.tag(base.id(), target);
        tags.add(target);

        assertThatThrownBy(() -> engine.push(target, e -> { }))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("Tried to push " + target.familiar());

        String auth = Base64.getEncoder().encodeToString("imgctl:imgctl-secret".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{\"localhost:5001\":{\"auth\":\"" + auth + "\"}}}");
        ContainerEngine withCredentials = RealDocker.engine(Map.of("DOCKER_CONFIG", dockerConfig.toString()));

        PushResult pushed = withCredentials.push(target, e -> { });
        try {
            withCredentials.untag(target);
            assertThatThrownBy(() -> engine.pull(target, e -> { })).isInstanceOf(RegistryException.class);
            assertThat(withCredentials.pull(target, e -> { }).imageId()).isEqualTo(base.id());
        } finally {
            deleteManifest(5001, "imgctl-docker-test/auth", pushed.digest().toString(),
                    Map.of("Authorization", "Basic " + auth));
        }
    }

    /** Keeps the loopback registry from collecting test pushes. */
    private static void deleteManifest(int port, String repository, String digest, Map<String, String> headers) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/" + repository
                + "/manifests/" + digest).toURL().openConnection();
        c.setRequestMethod("DELETE");
        headers.forEach(c::setRequestProperty);
        assertThat(c.getResponseCode()).as("registry manifest delete").isIn(202, 404);
        c.disconnect();
    }
}
