package io.imgctl.adapter.fake;

import static io.imgctl.adapter.fake.Fixtures.ref;
import static io.imgctl.adapter.fake.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.CommitSpec;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.application.port.out.RegistryException;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.removal.EngineBehaviour;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeEngineImagesTest {

    @TempDir
    Path dir;

    TestClock clock;
    FakeEngine engine;

    @BeforeEach
    void setUp() {
        clock = new TestClock();
        engine = FakeEngine.create(dir.resolve("state.json"), clock);
    }

    @Test
    void aNewEngineHoldsNothing() {
        assertThat(engine.listImages()).isEmpty();
        assertThat(engine.listContainers()).isEmpty();
        assertThat(engine.snapshot().images()).isEmpty();
        assertThat(engine.snapshot().takenAt()).isEqualTo(TestClock.START);
    }

    @Test
    void infoNamesTheStateFileAndDockersBehaviour() {
        assertThat(engine.info().kind()).isEqualTo("fake");
        assertThat(engine.info().version()).isEqualTo("imgctl-fake 1");
        assertThat(engine.info().endpoint()).isEqualTo(dir.resolve("state.json").toAbsolutePath().toString());
        assertThat(engine.info().behaviour()).isEqualTo(EngineBehaviour.DOCKER);
        engine.ping();
    }

    @Test
    void everyCatalogueImageCanBePulledWithPlausibleSizesAndFixedCreationTimes() {
        for (String name : List.of("hello-world:latest", "alpine:3.13", "alpine:3.14", "node:alpine3.13",
                "nginx:alpine", "ubuntu:latest")) {
            PullResult result = engine.pull(ref(name), PullListener.IGNORE);
            assertThat(result.downloaded()).as(name).isTrue();
            assertThat(result.digest()).as(name).isPresent();
            Image image = engine.findImage(name).orElseThrow();
            assertThat(image.id()).isEqualTo(result.imageId());
            assertThat(image.tags()).containsExactly(ref(name));
            assertThat(image.created()).isBefore(Instant.parse("2022-01-01T00:00:00Z"));
            assertThat(image.parent()).isEmpty();
            assertThat(image.size()).isEqualTo(image.layers().stream().mapToLong(Layer::size).sum());
        }
        assertThat(size("hello-world")).isBetween(13_000L, 14_000L);
        assertThat(size("alpine:3.13")).isBetween(5_500_000L, 5_700_000L);
        assertThat(size("alpine:3.14")).isBetween(5_500_000L, 5_700_000L);
        assertThat(size("nginx:alpine")).isBetween(23_000_000L, 24_000_000L);
        assertThat(size("ubuntu")).isBetween(72_000_000L, 73_500_000L);
        assertThat(size("node:alpine3.13")).isBetween(100_000_000L, 200_000_000L);
        assertThat(engine.listImages()).hasSize(6);
    }

    private long size(String reference) {
        return engine.findImage(reference).orElseThrow().size();
    }

    @Test
    void idsAndDigestsAreTheSameOnEveryMachine() {
        PullResult here = engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        FakeEngine elsewhere = FakeEngine.create(dir.resolve("other/state.json"), new TestClock(Instant.EPOCH));
        PullResult there = elsewhere.pull(ref("alpine:3.13"), PullListener.IGNORE);
        assertThat(there.imageId()).isEqualTo(here.imageId());
        assertThat(there.digest()).isEqualTo(here.digest());
        assertThat(here.imageId().toString())
                .isEqualTo(References.sha256("imgctl-fake/image/docker.io/library/alpine:3.13").toString());
    }

    @Test
    void familiarAndQualifiedNamesAreTheSameImage() {
        engine.pull(ref("docker.io/library/alpine:3.13"), PullListener.IGNORE);
        PullResult again = engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        assertThat(again.downloaded()).isFalse();
        assertThat(engine.listImages()).hasSize(1);
        assertThat(engine.findImage("index.docker.io/library/alpine:3.13")).isPresent();
        assertThat(engine.findImage("alpine:3.13").orElseThrow().tags()).extracting(Object::toString)
                .containsExactly("alpine:3.13");
    }

    @Test
    void pullWithoutTagMeansLatest() {
        PullResult result = engine.pull(ref("hello-world"), PullListener.IGNORE);
        assertThat(result.reference()).isEqualTo(ref("hello-world:latest"));
        assertThat(engine.findImage("hello-world")).isPresent();
        assertThat(engine.findImage("hello-world:latest")).isPresent();
    }

    @Test
    void unknownTagOfAKnownRepositoryIsAnUnknownManifest() {
        assertThatThrownBy(() -> engine.pull(ref("alpine:9.99"), PullListener.IGNORE))
                .isInstanceOf(RegistryException.class)
                .hasMessage("manifest for alpine:9.99 not found: manifest unknown: manifest unknown");
        assertThat(engine.listImages()).isEmpty();
    }

    @Test
    void unknownRepositoryOnDockerHubIsPullAccessDenied() {
        assertThatThrownBy(() -> engine.pull(ref("nosuchimage-xyz:1"), PullListener.IGNORE))
                .isInstanceOf(RegistryException.class)
                .hasMessage("pull access denied for nosuchimage-xyz, repository does not exist or may require"
                        + " 'docker login': denied: requested access to the resource is denied");
    }

    @Test
    void unknownRepositoryOnAnotherRegistryIsAnUnknownManifest() {
        assertThatThrownBy(() -> engine.pull(ref("localhost:5000/demo/nonexistent:1.0"), PullListener.IGNORE))
                .isInstanceOf(RegistryException.class)
                .hasMessage("manifest for localhost:5000/demo/nonexistent:1.0 not found: manifest unknown:"
                        + " manifest unknown");
    }

    @Test
    void pullReportsDockersEventsInDockersOrder() {
        Fixtures.Events events = new Fixtures.Events();
        PullResult result = engine.pull(ref("alpine:3.13"), events);
        String layer = engine.findImage("alpine:3.13").orElseThrow().layers().get(0).diffId().hex().substring(0, 12);
        List<String> lines = events.lines().stream().distinct().collect(Collectors.toList());
        assertThat(lines).containsExactly(
                "Pulling from library/alpine",
                layer + ": Pulling fs layer",
                layer + ": Downloading",
                layer + ": Verifying Checksum",
                layer + ": Download complete",
                layer + ": Extracting",
                layer + ": Pull complete",
                "Digest: " + result.digest().orElseThrow(),
                "Status: Downloaded newer image for alpine:3.13");
        List<PullEvent> downloading = events.events.stream().filter(e -> e.status().equals("Downloading")).toList();
        assertThat(downloading).hasSizeGreaterThan(1);
        assertThat(downloading).extracting(PullEvent::current).isSorted();
        PullEvent last = downloading.get(downloading.size() - 1);
        assertThat(last.current()).isEqualTo(last.total()).isPositive();
        assertThat(events.events.stream().filter(e -> e.status().equals("Extracting")).count()).isGreaterThan(1);
    }

    @Test
    void nodeAfterAlpineFindsTheSharedBaseLayerAlreadyThere() {
        engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        Fixtures.Events events = new Fixtures.Events();
        engine.pull(ref("node:alpine3.13"), events);

        Image alpine = engine.findImage("alpine:3.13").orElseThrow();
        Image node = engine.findImage("node:alpine3.13").orElseThrow();
        Layer base = alpine.layers().get(0);
        assertThat(node.layers().get(0)).isEqualTo(base);
        assertThat(node.layers()).hasSize(4);
        String shared = base.diffId().hex().substring(0, 12);
        assertThat(events.lines()).contains(shared + ": Already exists");
        assertThat(events.lines()).doesNotContain(shared + ": Pulling fs layer", shared + ": Pull complete");
        for (Layer layer : node.layers().subList(1, 4)) {
            String id = layer.diffId().hex().substring(0, 12);
            assertThat(events.lines()).contains(id + ": Pulling fs layer", id + ": Pull complete");
        }
        assertThat(events.statuses().indexOf("Download complete"))
                .isGreaterThan(events.statuses().lastIndexOf("Pulling fs layer"));
    }

    @Test
    void aPullWithoutAnythingPresentReportsNoAlreadyExists() {
        Fixtures.Events events = new Fixtures.Events();
        engine.pull(ref("node:alpine3.13"), events);
        assertThat(events.statuses()).doesNotContain("Already exists").contains("Waiting");
    }

    @Test
    void pullingAgainIsUpToDateAndTransfersNothing() {
        engine.pull(ref("alpine:3.14"), PullListener.IGNORE);
        Fixtures.Events events = new Fixtures.Events();
        PullResult again = engine.pull(ref("alpine:3.14"), events);
        assertThat(again.downloaded()).isFalse();
        assertThat(events.statuses()).containsExactly("Pulling from library/alpine",
                "Digest: " + again.digest().orElseThrow(), "Status: Image is up to date for alpine:3.14");
    }

    @Test
    void pullingATagWhoseImageIsAlreadyHereUnderAnotherNameAddsTheTag() {
        ImageId id = engine.pull(ref("alpine:3.14"), PullListener.IGNORE).imageId();
        engine.untag(ref("alpine:3.14"));
        assertThat(engine.findImage(id.toString()).orElseThrow().tags()).isEmpty();
        PullResult result = engine.pull(ref("alpine:3.14"), PullListener.IGNORE);
        assertThat(result.downloaded()).isTrue();
        assertThat(result.imageId()).isEqualTo(id);
        assertThat(engine.listImages()).hasSize(1);
    }

    @Test
    void pullByDigestRecordsTheRepositoryDigestButNoTag() {
        PullResult tagged = engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        String digest = tagged.digest().orElseThrow().toString();
        engine.deleteImage(tagged.imageId(), false);

        PullResult byDigest = engine.pull(ref("alpine@" + digest), PullListener.IGNORE);
        assertThat(byDigest.imageId()).isEqualTo(tagged.imageId());
        Image image = engine.findImage("alpine@" + digest).orElseThrow();
        assertThat(image.tags()).isEmpty();
        assertThat(image.digests()).containsExactly(ref("alpine@" + digest));
    }

    @Test
    void pulledImagesCarryTheirRepositoryDigest() {
        PullResult result = engine.pull(ref("nginx:alpine"), PullListener.IGNORE);
        assertThat(engine.findImage("nginx:alpine").orElseThrow().digests())
                .containsExactly(ref("nginx@" + result.digest().orElseThrow()));
    }

    @Test
    void findImageByIdFullPrefixedOrShort() {
        ImageId id = engine.pull(ref("ubuntu"), PullListener.IGNORE).imageId();
        assertThat(engine.findImage(id.toString())).map(Image::id).contains(id);
        assertThat(engine.findImage(id.hex())).map(Image::id).contains(id);
        assertThat(engine.findImage(id.shortId())).map(Image::id).contains(id);
        assertThat(engine.findImage("sha256:" + id.hex().substring(0, 6))).map(Image::id).contains(id);
        assertThat(engine.findImage("ubuntu:22.04")).isEmpty();
        assertThat(engine.findImage("0000000")).isEmpty();
        assertThat(engine.findImage("Not A Reference")).isEmpty();
    }

    @Test
    void anAmbiguousIdPrefixFindsNothing() {
        engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        engine.pull(ref("alpine:3.14"), PullListener.IGNORE);
        engine.pull(ref("ubuntu"), PullListener.IGNORE);
        engine.pull(ref("nginx:alpine"), PullListener.IGNORE);
        engine.pull(ref("hello-world"), PullListener.IGNORE);
        engine.pull(ref("node:alpine3.13"), PullListener.IGNORE);
        // with six IDs, some one-character prefix is shared by two of them or missing: try every hex digit
        for (char c : "0123456789abcdef".toCharArray()) {
            long matches = engine.listImages().stream().filter(i -> i.id().hex().startsWith(String.valueOf(c))).count();
            Optional<Image> found = engine.findImage(String.valueOf(c));
            assertThat(found.isPresent()).as("prefix %s with %d matches", c, matches).isEqualTo(matches == 1);
        }
    }

    @Test
    void listImagesIsNewestFirst() {
        engine.pull(ref("hello-world"), PullListener.IGNORE);
        engine.pull(ref("alpine:3.14"), PullListener.IGNORE);
        engine.pull(ref("ubuntu"), PullListener.IGNORE);
        assertThat(engine.listImages()).extracting(Image::created).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void tagAddsANameAndMovesItFromAnotherImage() {
        ImageId a313 = engine.pull(ref("alpine:3.13"), PullListener.IGNORE).imageId();
        ImageId a314 = engine.pull(ref("alpine:3.14"), PullListener.IGNORE).imageId();
        engine.tag(a313, ref("localhost:5000/demo/base:1"));
        assertThat(engine.findImage("localhost:5000/demo/base:1")).map(Image::id).contains(a313);
        assertThat(engine.findImage("alpine:3.13").orElseThrow().tags())
                .containsExactly(ref("alpine:3.13"), ref("localhost:5000/demo/base:1"));

        engine.tag(a314, ref("alpine:3.13"));
        assertThat(engine.findImage("alpine:3.13")).map(Image::id).contains(a314);
        assertThat(engine.findImage(a313.toString()).orElseThrow().tags())
                .containsExactly(ref("localhost:5000/demo/base:1"));

        engine.tag(a314, ref("myapp"));
        assertThat(engine.findImage("myapp:latest")).map(Image::id).contains(a314);
    }

    @Test
    void tagOfAMissingImageIsNotFound() {
        ImageId missing = ImageId.parse(References.sha256("nothing").toString());
        assertThatThrownBy(() -> engine.tag(missing, ref("x:1")))
                .isInstanceOf(NotFoundException.class).hasMessage("No such image: " + missing);
    }

    @Test
    void aTagCannotBeADigest() {
        ImageId id = engine.pull(ref("alpine:3.13"), PullListener.IGNORE).imageId();
        assertThatThrownBy(() -> engine.tag(id, ref("x@" + References.sha256("d"))))
                .isInstanceOf(EngineFailureException.class).hasMessageContaining("digest");
    }

    @Test
    void untagRemovesJustThatTag() {
        ImageId id = engine.pull(ref("alpine:3.13"), PullListener.IGNORE).imageId();
        engine.tag(id, ref("mine:1"));
        List<EngineRecord> records = engine.untag(ref("docker.io/library/mine:1"));
        assertThat(records).extracting(Object::toString).containsExactly("Untagged: mine:1");
        assertThat(engine.findImage("mine:1")).isEmpty();
        assertThat(engine.findImage("alpine:3.13")).isPresent();

        String digest = engine.findImage("alpine:3.13").orElseThrow().digests().get(0).toString();
        List<EngineRecord> last = engine.untag(ref("alpine:3.13"));
        // like Docker, the last tag of a repository takes that repository's digests with it, and nothing else
        assertThat(last).extracting(Object::toString).containsExactly("Untagged: alpine:3.13", "Untagged: " + digest);
        Image dangling = engine.findImage(id.toString()).orElseThrow();
        assertThat(dangling.tags()).isEmpty();
        assertThat(dangling.digests()).isEmpty();
    }

    @Test
    void untagOfAMissingTagIsNotFound() {
        engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        assertThatThrownBy(() -> engine.untag(ref("alpine:3.14")))
                .isInstanceOf(NotFoundException.class).hasMessage("No such image: alpine:3.14");
        assertThatThrownBy(() -> engine.untag(ref("alpine")))
                .isInstanceOf(NotFoundException.class).hasMessage("No such image: alpine:latest");
    }

    @Test
    void commitMakesAChildImageWithOneMoreLayer() {
        ImageId base = engine.pull(ref("alpine:3.13"), PullListener.IGNORE).imageId();
        String container = engine.createContainer(spec("alpine:3.13", "sh", "-c", "echo hi > /greeting")).id();
        engine.startContainer(container);
        clock.advance(java.time.Duration.ofMinutes(5));

        ImageId committed = engine.commit(container, ref("localhost:5000/demo/greeter:1.0"));

        Image child = engine.findImage("localhost:5000/demo/greeter:1.0").orElseThrow();
        Image parent = engine.findImage(base.toString()).orElseThrow();
        assertThat(child.id()).isEqualTo(committed).isNotEqualTo(base);
        assertThat(child.parent()).contains(base);
        assertThat(child.layers()).hasSize(parent.layers().size() + 1);
        assertThat(child.layers().subList(0, parent.layers().size())).isEqualTo(parent.layers());
        Layer added = child.layers().get(child.layers().size() - 1);
        assertThat(parent.layers()).extracting(Layer::diffId).doesNotContain(added.diffId());
        assertThat(added.size()).isEqualTo(engine.findContainer(container).orElseThrow().sizeRw()).isPositive();
        assertThat(added.createdBy()).isEqualTo("sh -c echo hi > /greeting");
        assertThat(child.created()).isEqualTo(clock.instant());
        assertThat(child.config().cmd()).containsExactly("sh", "-c", "echo hi > /greeting");
        assertThat(child.size()).isEqualTo(parent.size() + added.size());
    }

    @Test
    void commitKeepsAuthorAndMessageAsDockerDoesThroughPushAndPullAndANewEngine() {
        engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        String container = engine.createContainer(spec("alpine:3.13", "sh", "-c", "echo hi > /greeting")).id();
        engine.startContainer(container);
        ImageId committed = engine.commit(new CommitSpec(container, ref("localhost:5000/demo/authored:1"),
                Optional.of("add greeting"), Optional.of("Me <me@example.com>"), List.of()));
        Image parent = engine.findImage("alpine:3.13").orElseThrow();

        Image child = engine.findImage("localhost:5000/demo/authored:1").orElseThrow();
        assertThat(child.author()).isEqualTo("Me <me@example.com>");
        assertThat(child.comment()).isEqualTo("add greeting");
        assertThat(child.layers().get(child.layers().size() - 1).comment()).isEqualTo("add greeting");
        assertThat(child.layers().subList(0, parent.layers().size())).isEqualTo(parent.layers());
        assertThat(parent.author()).isEmpty();
        assertThat(parent.comment()).isEmpty();

        engine.push(ref("localhost:5000/demo/authored:1"), PullListener.IGNORE);
        engine.removeContainer(container, false);
        engine.deleteImage(committed, false);
        FakeEngine later = FakeEngine.create(dir.resolve("state.json"), clock);
        later.pull(ref("localhost:5000/demo/authored:1"), PullListener.IGNORE);
        Image back = later.findImage("localhost:5000/demo/authored:1").orElseThrow();
        assertThat(back.id()).isEqualTo(committed);
        assertThat(back.author()).isEqualTo("Me <me@example.com>");
        assertThat(back.comment()).isEqualTo("add greeting");
        assertThat(back.layers()).extracting(Layer::comment).isEqualTo(child.layers().stream().map(Layer::comment).toList());
    }

    @Test
    void committingTwiceMakesTwoImages() {
        engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        String container = engine.createContainer(spec("alpine:3.13", "true")).id();
        ImageId first = engine.commit(container, ref("snap:1"));
        ImageId second = engine.commit(container, ref("snap:2"));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void commitOfAMissingContainerIsNotFound() {
        assertThatThrownBy(() -> engine.commit("nope", ref("x:1")))
                .isInstanceOf(NotFoundException.class).hasMessage("No such container: nope");
    }

    @Test
    void pushedImagesCanBePulledBackAfterRemoval() {
        engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        String container = engine.createContainer(spec("alpine:3.13", "sh", "-c", "echo hi > /greeting")).id();
        engine.startContainer(container);
        ImageId committed = engine.commit(container, ref("localhost:5000/demo/greeter:1.0"));
        engine.removeContainer(container, false);

        Fixtures.Events events = new Fixtures.Events();
        PushResult pushed = engine.push(ref("localhost:5000/demo/greeter:1.0"), events);
        assertThat(pushed.reference()).isEqualTo(ref("localhost:5000/demo/greeter:1.0"));
        assertThat(pushed.size()).isPositive();
        assertThat(events.statuses()).first().isEqualTo("The push refers to repository [localhost:5000/demo/greeter]");
        assertThat(events.statuses()).contains("Preparing", "Layer already exists", "Pushing", "Pushed");
        assertThat(events.statuses()).last().isEqualTo("1.0: digest: " + pushed.digest() + " size: " + pushed.size());
        assertThat(engine.findImage("localhost:5000/demo/greeter:1.0").orElseThrow().digests())
                .containsExactly(ref("localhost:5000/demo/greeter@" + pushed.digest()));

        engine.deleteImage(committed, false);
        assertThat(engine.findImage("localhost:5000/demo/greeter:1.0")).isEmpty();

        Fixtures.Events pullEvents = new Fixtures.Events();
        PullResult back = engine.pull(ref("localhost:5000/demo/greeter:1.0"), pullEvents);
        assertThat(back.imageId()).isEqualTo(committed);
        assertThat(back.digest()).contains(pushed.digest());
        assertThat(pullEvents.statuses()).first().isEqualTo("Pulling from demo/greeter");
        assertThat(pullEvents.statuses()).contains("Already exists", "Pull complete");
        Image image = engine.findImage("localhost:5000/demo/greeter:1.0").orElseThrow();
        assertThat(image.parent()).isEmpty();
        assertThat(image.layers()).hasSize(2);

        FakeEngine later = FakeEngine.create(dir.resolve("state.json"), clock);
        assertThat(later.findImage("localhost:5000/demo/greeter:1.0")).isPresent();
    }

    @Test
    void pushOfAMissingTagIsNotFound() {
        assertThatThrownBy(() -> engine.push(ref("localhost:5000/none:1"), PullListener.IGNORE))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("An image does not exist locally with the tag: localhost:5000/none");
    }

    @Test
    void officialImagesCannotBePushed() {
        engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        assertThatThrownBy(() -> engine.push(ref("alpine:3.13"), PullListener.IGNORE))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("denied: requested access to the resource is denied");
    }
}
