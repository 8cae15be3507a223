package io.imgctl.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.in.ImageSummary;
import io.imgctl.application.port.in.InvalidInputException;
import io.imgctl.application.port.in.LayerView;
import io.imgctl.application.port.in.ListImagesQuery;
import io.imgctl.application.port.in.RunCommand;
import io.imgctl.application.port.in.RunResult;
import io.imgctl.application.port.out.ChangeLog;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.service.ContainerService;
import io.imgctl.application.service.DiskUsageService;
import io.imgctl.application.service.ImageService;
import io.imgctl.application.service.RemovalService;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.InvalidReferenceException;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.removal.Outcome;
import io.imgctl.domain.removal.Refusal;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.RemovalPlanner;
import io.imgctl.domain.removal.RemovalReport;
import io.imgctl.domain.removal.RemovalRequest;
import io.imgctl.domain.store.DiskUsage;
import io.imgctl.domain.store.StoreIndex;
import io.imgctl.domain.store.StoreSnapshot;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The engine contract: every behaviour of SPEC sections 2 and 4 that an engine adapter must share,
 * exercised through the application services wired on the engine under test. Each adapter module
 * subclasses it once (the built-in engine always runs; Docker and Podman run against the engines the
 * project's script starts).
 *
 * <h2>Hooks a subclass provides</h2>
 * <ul>
 *   <li>{@link #engine()}: the engine under test. Called once before each test; it may return a fresh
 *       engine every time or the same one.</li>
 *   <li>{@link #baseImage()}: a tagged reference the engine's registry holds, e.g. {@code alpine:3.13} on
 *       the built-in engine, {@code localhost:5000/imgctl/base:1} on Docker and Podman. Pulled before each
 *       test when it is not local. Tests never remove it.</li>
 *   <li>{@link #derivedImage()}: a tagged reference the registry holds whose image is built on
 *       {@code baseImage()} and shares its layers ({@code node:alpine3.13};
 *       {@code localhost:5000/imgctl/derived:1}). Pulled (after the base) when it is not local. Only
 *       the tests in {@link RepullOfTheDerivedImage} remove it, and they pull it back.</li>
 *   <li>{@link #missingImage()}: a tagged reference whose repository the registry does not have at all.</li>
 *   <li>{@link #quickCommand()}: a command that prints {@link #quickOutput()} ({@code hello} unless
 *       overridden) and exits 0 at once, e.g. {@code echo hello}; it must not change the image's files.</li>
 *   <li>{@link #longCommand()}: a command that runs until it is killed, e.g. {@code sleep 600}.</li>
 *   <li>{@link #runId()} (optional): the unique label of one test's objects; random by default.</li>
 * </ul>
 *
 * <h2>Names and clean-up</h2>
 * Every tag a test creates is {@code <domain of baseImage>/imgctl-test-<runId>/<name>:<n>} and every
 * container it creates is named {@code imgctl-test-<runId>-<n>} (the one test of generated names records
 * its container's ID instead). After each test, containers with that name prefix (and recorded ones)
 * are removed with force, then the tags with that prefix are removed, then the images the test made
 * (newest first). The shared base and derived images are never touched by the clean-up.
 *
 * <p>Images nobody else uses are made with {@link #uniqueImage()}: a container of the base image
 * committed under a new tag, which works on every engine.
 */
public abstract class EngineContract {

    /** The engine under test. */
    protected abstract ContainerEngine engine();

    /** A tagged reference the registry holds; see the class description. */
    protected abstract ImageReference baseImage();

    /** A tagged reference the registry holds whose image shares the base image's layers. */
    protected abstract ImageReference derivedImage();

    /** A tagged reference whose repository the registry does not hold. */
    protected abstract ImageReference missingImage();

    /** Prints {@link #quickOutput()} and exits 0 at once, without changing files. */
    protected abstract List<String> quickCommand();

    /** Runs until killed. */
    protected abstract List<String> longCommand();

    /**
     * Writes a file into the container's writable layer and exits 0 at once, so that a commit of the
     * container makes a layer (a commit of an unchanged container makes none on Docker and Podman).
     */
    protected List<String> writeCommand() {
        return List.of("sh", "-c", "echo imgctl > /imgctl-contract.txt");
    }

    /**
     * The history comment an engine gives the layer {@code commit --message MESSAGE} makes of a container
     * of {@code source}: the message on Docker and the built-in engine.
     */
    protected String commitHistoryComment(String message, ImageReference source) {
        return message;
    }

    /**
     * Whether the engine offers a {@link ChangeLog}: Podman and Docker on a UNIX socket do (Podman's events
     * log; Docker's events, with a stream held open to know the daemon did not restart); the built-in engine does not.
     */
    protected boolean keepsAChangeLog() {
        return false;
    }

    /** What {@link #quickCommand()} prints (a line containing it is enough). */
    protected String quickOutput() {
        return "hello";
    }

    /** The label that makes one test's names unique; random per test instance unless overridden. */
    protected String runId() {
        return runId;
    }

    private final String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    /** The engine of the current test, as {@link #engine()} gave it. */
    protected ContainerEngine engine;
    protected ImageService images;
    protected ContainerService containers;
    protected RemovalService removal;
    protected DiskUsageService diskUsage;

    private ImageId baseId;
    private ImageId derivedId;
    private int counter;
    private final List<ImageId> createdImages = new ArrayList<>();
    private final List<String> createdContainers = new ArrayList<>();

    /** A unique image made by this test: its ID and the tag it was committed under. */
    protected record TestImage(ImageId id, ImageReference tag) {
    }

    @BeforeEach
    void wireServicesAndPullSharedImages() {
        engine = engine();
        images = new ImageService(engine);
        containers = new ContainerService(engine);
        removal = new RemovalService(engine);
        diskUsage = new DiskUsageService(engine);
        baseId = ensureLocal(baseImage());
        derivedId = ensureLocal(derivedImage());
    }

    private ImageId ensureLocal(ImageReference reference) {
        return engine.findImage(reference.familiar())
                .map(Image::id)
                .orElseGet(() -> engine.pull(reference, PullListener.IGNORE).imageId());
    }

    @AfterEach
    void removeWhatTheTestCreated() {
        if (engine == null) {
            return;
        }
        String containerPrefix = prefix() + "-";
        for (Container c : engine.listContainers()) {
            if (c.name().startsWith(containerPrefix) || createdContainers.contains(c.id())) {
                quietly(() -> engine.removeContainer(c.id(), true));
            }
        }
        for (Image image : engine.listImages()) {
            for (ImageReference tag : image.tags()) {
                if (isTestTag(tag)) {
                    quietly(() -> engine.untag(tag));
                }
            }
        }
        List<ImageId> newestFirst = new ArrayList<>(createdImages);
        Collections.reverse(newestFirst);
        for (ImageId id : newestFirst) {
            if (!id.equals(baseId) && !id.equals(derivedId)
                    && engine.findImage(id.toString()).filter(i -> i.id().equals(id)).isPresent()) {
                quietly(() -> engine.deleteImage(id, true));
            }
        }
    }

    private static void quietly(Runnable cleanup) {
        try {
            cleanup.run();
        } catch (EngineException ignored) {
            // gone already, or kept by the engine: nothing more a clean-up can do
        }
    }

    // ---------------------------------------------------------------- names and fixtures

    /** {@code imgctl-test-<runId>}. */
    protected String prefix() {
        return "imgctl-test-" + runId();
    }

    /** A new tag of this test: {@code <domain of base>/imgctl-test-<runId>/<name>:<n>}. */
    protected ImageReference testTag(String name) {
        return new ImageReference(baseImage().domain(), prefix() + "/" + name,
                Optional.of(String.valueOf(++counter)), Optional.empty());
    }

    /** A new container name of this test: {@code imgctl-test-<runId>-<n>}. */
    protected String containerName() {
        return prefix() + "-" + (++counter);
    }

    private boolean isTestTag(ImageReference tag) {
        return tag.domain().equals(baseImage().domain()) && tag.path().startsWith(prefix() + "/");
    }

    /** An image only this test uses: a container of the base image committed under a new repository and tag. */
    protected TestImage uniqueImage() {
        return commitFrom(baseImage(), "unique" + (++counter));
    }

    /** Commits a new container of {@code source} under a new tag {@code name}; the container is removed. */
    protected TestImage commitFrom(ImageReference source, String name) {
        Container c = engine.createContainer(new ContainerSpec(source, Optional.of(containerName()), quickCommand()));
        engine.startContainer(c.id());
        engine.waitContainer(c.id());
        ImageReference tag = testTag(name);
        ImageId id = engine.commit(c.id(), tag);
        createdImages.add(id);
        engine.removeContainer(c.id(), true);
        return new TestImage(id, tag);
    }

    /** Runs {@link #quickCommand()} in a new named container of {@code image} and waits for it to exit. */
    protected Container runQuick(ImageReference image) {
        RunResult result = containers.run(new RunCommand(image.familiar(), Optional.of(containerName()), false,
                quickCommand()), PullListener.IGNORE);
        createdContainers.add(result.container().id());
        return result.container();
    }

    /** Runs {@link #writeCommand()} in a new named container of {@code image} and waits for it to exit. */
    protected Container runWriting(ImageReference image) {
        RunResult result = containers.run(new RunCommand(image.familiar(), Optional.of(containerName()), false,
                writeCommand()), PullListener.IGNORE);
        createdContainers.add(result.container().id());
        return result.container();
    }

    /** Starts {@link #longCommand()} in a new named container of {@code image}, detached. */
    protected Container runLong(ImageReference image) {
        RunResult result = containers.run(new RunCommand(image.familiar(), Optional.of(containerName()), true,
                longCommand()), PullListener.IGNORE);
        createdContainers.add(result.container().id());
        return result.container();
    }

    protected RemovalReport rmi(boolean force, boolean withContainers, boolean dryRun, String... targets) {
        return removal.removeImages(new RemovalRequest(List.of(targets), force, withContainers), dryRun);
    }

    protected Optional<Image> local(ImageId id) {
        return engine.findImage(id.toString()).filter(i -> i.id().equals(id));
    }

    protected Optional<Container> container(Container c) {
        return engine.findContainer(c.id()).filter(found -> found.id().equals(c.id()));
    }

    protected List<ImageSummary> list(ListImagesQuery query) {
        return images.listImages(query);
    }

    protected List<ImageSummary> list(String... filters) {
        return list(new ListImagesQuery(Optional.empty(), false, List.of(filters)));
    }

    private static Set<ImageId> ids(List<ImageSummary> summaries) {
        return summaries.stream().map(s -> s.image().id()).collect(Collectors.toSet());
    }

    private static Optional<ImageSummary> summary(List<ImageSummary> summaries, ImageId id) {
        return summaries.stream().filter(s -> s.image().id().equals(id)).findFirst();
    }

    private static String details(RemovalReport report) {
        return report.outcomes().stream().map(Outcome::detail).collect(Collectors.joining("\n"));
    }

    private static <T extends RemovalAction> List<T> actions(RemovalPlan plan, Class<T> kind) {
        return plan.actions().stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static String displayName(Image image) {
        return image.tags().isEmpty() ? image.id().shortId() : image.tags().get(0).familiar();
    }

    @Test
    void declaresWithoutAskingTheBehaviourItsInfoReports() {
        assertThat(engine.behaviour()).isEqualTo(engine.info().behaviour());
    }

    // ---------------------------------------------------------------- pull

    @Nested
    @DisplayName("pull")
    class Pull {

        @Test
        void reportsProgressSucceedsAndTheImageIsListed() {
            List<PullEvent> events = new ArrayList<>();

            PullResult result = images.pull(baseImage().familiar(), events::add);

            assertThat(events).isNotEmpty();
            assertThat(result.reference()).isEqualTo(baseImage());
            assertThat(result.imageId()).isEqualTo(baseId);
            assertThat(summary(list(), baseId)).get()
                    .satisfies(s -> assertThat(s.image().tags()).contains(baseImage()));
        }

        @Test
        void withoutATagPullsLatest() {
            RecordingEngine recording = new RecordingEngine(engine);
            ImageService recorded = new ImageService(recording.engine());
            String untagged = missingImage().repository().familiar();

            assertThatThrownBy(() -> recorded.pull(untagged, PullListener.IGNORE))
                    .isInstanceOf(EngineException.class);

            assertThat(recording.calls("pull")).singleElement()
                    .satisfies(call -> assertThat(call.arguments().get(0))
                            .isEqualTo(missingImage().repository().withTag("latest")));
        }

        @Test
        void ofAReferenceTheRegistryLacksFailsAndAddsNothing() {
            Set<ImageId> before = ids(list(new ListImagesQuery(Optional.empty(), true, List.of())));

            assertThatThrownBy(() -> images.pull(missingImage().familiar(), PullListener.IGNORE))
                    .isInstanceOf(EngineException.class);

            assertThat(ids(list(new ListImagesQuery(Optional.empty(), true, List.of())))).isEqualTo(before);
            assertThat(engine.findImage(missingImage().familiar())).isEmpty();
        }
    }

    /** The only tests that remove a shared image: the derived one, pulled back at once. */
    @Nested
    @DisplayName("re-pull of the derived image")
    class RepullOfTheDerivedImage {

        private void removeDerived() {
            RemovalReport report = rmi(false, false, false, derivedImage().familiar());
            assertThat(report.exitCode()).as("removal of %s: %s", derivedImage(), report).isZero();
            assertThat(engine.findImage(derivedImage().familiar())).isEmpty();
            assertThat(local(baseId)).isPresent();
        }

        @Test
        void reportsTheSharedBaseLayerAsAlreadyExisting() {
            removeDerived();
            List<PullEvent> events = new ArrayList<>();

            PullResult result = images.pull(derivedImage().familiar(), events::add);

            assertThat(result.downloaded()).isTrue();
            assertThat(result.imageId()).isEqualTo(derivedId);
            assertThat(events).anyMatch(e -> e.status().equals("Already exists"));
            assertThat(summary(list(), derivedId)).isPresent();
        }

        @Test
        void runPullsTheMissingImageFirst() {
            removeDerived();
            List<PullEvent> events = new ArrayList<>();

            RunResult result = containers.run(new RunCommand(derivedImage().familiar(), Optional.of(containerName()),
                    false, quickCommand()), events::add);
            createdContainers.add(result.container().id());

            assertThat(result.pulled()).get().satisfies(p -> {
                assertThat(p.reference()).isEqualTo(derivedImage());
                assertThat(p.imageId()).isEqualTo(derivedId);
            });
            assertThat(events).isNotEmpty();
            assertThat(result.container().imageId()).isEqualTo(derivedId);
            assertThat(summary(list(), derivedId)).isPresent();
        }
    }

    // ---------------------------------------------------------------- images

    @Nested
    @DisplayName("images")
    class Images {

        @Test
        void showsTagsFullIdsSizesAndNewestFirst() {
            TestImage unique = uniqueImage();

            List<ImageSummary> all = list();

            assertThat(all).allSatisfy(s -> assertThat(s.image().id().toString()).matches("sha256:[0-9a-f]{64}"));
            for (ImageId id : List.of(baseId, derivedId, unique.id())) {
                assertThat(summary(all, id)).get().satisfies(s -> assertThat(s.image().size()).isPositive());
            }
            assertThat(summary(all, baseId).orElseThrow().image().tags()).contains(baseImage());
            assertThat(summary(all, unique.id()).orElseThrow().image().tags()).containsExactly(unique.tag());
            List<Instant> created = all.stream().map(s -> s.image().created()).toList();
            for (int i = 1; i < created.size(); i++) {
                assertThat(created.get(i)).as("created of entry %d", i).isBeforeOrEqualTo(created.get(i - 1));
            }
            assertThat(ids(all.subList(0, indexOf(all, baseId)))).contains(unique.id());
        }

        private int indexOf(List<ImageSummary> summaries, ImageId id) {
            for (int i = 0; i < summaries.size(); i++) {
                if (summaries.get(i).image().id().equals(id)) {
                    return i;
                }
            }
            throw new AssertionError("not listed: " + id);
        }

        @Test
        void givesOneEntryPerImageWithAllItsTags() {
            TestImage unique = uniqueImage();
            ImageReference second = testTag("second");
            images.tag(unique.tag().familiar(), second.familiar());

            List<ImageSummary> matching = list().stream().filter(s -> s.image().id().equals(unique.id())).toList();

            assertThat(matching).singleElement()
                    .satisfies(s -> assertThat(s.image().tags()).containsExactlyInAnyOrder(unique.tag(), second));
        }

        @Test
        void countsTheContainersOfEachImage() {
            TestImage unique = uniqueImage();
            runQuick(unique.tag());
            runQuick(unique.tag());

            assertThat(summary(list(), unique.id())).get().satisfies(s -> assertThat(s.containers()).isEqualTo(2));
        }

        @Test
        void filtersByRepositoryArgumentAndReference() {
            TestImage unique = uniqueImage();
            TestImage other = uniqueImage();

            List<ImageSummary> byArgument = list(new ListImagesQuery(Optional.of(unique.tag().familiarName()),
                    false, List.of()));
            List<ImageSummary> byFilter = list("reference=" + unique.tag().familiar());
            String repository = unique.tag().familiarName();
            String glob = repository.substring(0, repository.lastIndexOf('/') + 1).replace("imgctl-test", "imgctl?test")
                    + "*";
            List<ImageSummary> byGlob = list("reference=" + glob);

            assertThat(ids(byArgument)).containsExactly(unique.id());
            assertThat(ids(byFilter)).containsExactly(unique.id());
            assertThat(ids(byGlob)).containsExactlyInAnyOrder(unique.id(), other.id());
        }

        @Test
        void filtersDanglingImages() {
            TestImage dangling = uniqueImage();
            TestImage newer = uniqueImage();
            engine.tag(newer.id(), dangling.tag());

            assertThat(local(dangling.id())).get().satisfies(i -> assertThat(i.tags()).isEmpty());
            assertThat(list("dangling=true")).allSatisfy(s -> assertThat(s.image().tags()).isEmpty());
            assertThat(ids(list("dangling=true"))).contains(dangling.id()).doesNotContain(newer.id());
            assertThat(ids(list("dangling=false"))).contains(newer.id()).doesNotContain(dangling.id());
            assertThat(ids(list())).as("a dangling image without children is listed by default")
                    .contains(dangling.id(), newer.id());
        }

        @Test
        void hidesUntaggedParentsUnlessAll() {
            TestImage parent = uniqueImage();
            TestImage child = commitFrom(parent.tag(), "child");
            TestImage other = uniqueImage();
            engine.tag(other.id(), parent.tag());
            assertThat(local(parent.id())).get().satisfies(i -> assertThat(i.tags()).isEmpty());

            assertThat(ids(list())).contains(child.id()).doesNotContain(parent.id());
            assertThat(ids(list("dangling=true"))).doesNotContain(parent.id());
            assertThat(ids(list(new ListImagesQuery(Optional.empty(), true, List.of()))))
                    .contains(parent.id(), child.id());
        }

        @Test
        void filtersByCreationBeforeAndSinceAnImage() {
            TestImage unique = uniqueImage();

            assertThat(ids(list("since=" + baseImage().familiar()))).contains(unique.id()).doesNotContain(baseId);
            assertThat(ids(list("before=" + unique.id().shortId()))).contains(baseId).doesNotContain(unique.id());
        }

        @Test
        void rejectsUnknownFilterKeysAndBadValuesBeforeAskingTheEngine() {
            RecordingEngine recording = new RecordingEngine(engine);
            ImageService recorded = new ImageService(recording.engine());

            for (String bad : List.of("colour=red", "dangling=maybe", "reference", "reference=[")) {
                assertThatThrownBy(() -> recorded.listImages(new ListImagesQuery(Optional.empty(), false,
                        List.of(bad)))).as(bad).isInstanceOf(InvalidInputException.class);
            }
            assertThat(recording.calls()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- run and ps

    @Nested
    @DisplayName("run and ps")
    class RunAndPs {

        @Test
        void makesANewContainerEachTime() {
            Container first = runQuick(baseImage());
            Container second = runQuick(baseImage());

            assertThat(first.id()).isNotEqualTo(second.id()).matches("[0-9a-f]{64}");
            for (Container c : List.of(first, second)) {
                assertThat(c.state()).isEqualTo(ContainerState.EXITED);
                assertThat(c.exitCode()).isZero();
                assertThat(c.imageId()).isEqualTo(baseId);
            }
            assertThat(containers.listContainers(true)).extracting(Container::id).contains(first.id(), second.id());
        }

        @Test
        void returnsTheOutputAndPullsNothingWhenTheImageIsLocal() {
            List<PullEvent> events = new ArrayList<>();
            String name = containerName();

            RunResult result = containers.run(new RunCommand(baseImage().familiar(), Optional.of(name), false,
                    quickCommand()), events::add);

            assertThat(result.output()).contains(quickOutput());
            assertThat(result.pulled()).isEmpty();
            assertThat(events).isEmpty();
            assertThat(result.container().name()).isEqualTo(name);
        }

        @Test
        void generatesANameWhenNoneIsGiven() {
            RunResult result = containers.run(new RunCommand(baseImage().familiar(), Optional.empty(), false,
                    quickCommand()), PullListener.IGNORE);
            createdContainers.add(result.container().id());

            assertThat(result.container().name()).isNotBlank();
            assertThat(engine.findContainer(result.container().name())).get()
                    .extracting(Container::id).isEqualTo(result.container().id());
        }

        @Test
        void detachedLeavesTheContainerRunningAndPsShowsStoppedOnesOnlyWithAll() {
            Container exited = runQuick(baseImage());
            Container running = runLong(baseImage());

            assertThat(running.isRunning()).isTrue();
            assertThat(containers.listContainers(false)).extracting(Container::id)
                    .contains(running.id()).doesNotContain(exited.id());
            List<Container> all = containers.listContainers(true);
            assertThat(all).extracting(Container::id).contains(running.id(), exited.id());
            Container listedExited = all.stream().filter(c -> c.id().equals(exited.id())).findFirst().orElseThrow();
            assertThat(listedExited.state()).isEqualTo(ContainerState.EXITED);
            assertThat(listedExited.exitCode()).isZero();
            for (int i = 1; i < all.size(); i++) {
                assertThat(all.get(i).created()).isBeforeOrEqualTo(all.get(i - 1).created());
            }
        }

        @Test
        void rejectsAnInvalidContainerNameBeforeAskingTheEngine() {
            RecordingEngine recording = new RecordingEngine(engine);
            ContainerService recorded = new ContainerService(recording.engine());

            assertThatThrownBy(() -> recorded.run(new RunCommand(baseImage().familiar(), Optional.of("-bad name"),
                    false, quickCommand()), PullListener.IGNORE)).isInstanceOf(InvalidInputException.class);
            assertThat(recording.calls()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- rm

    @Nested
    @DisplayName("rm")
    class Rm {

        @Test
        void removesAStoppedContainer() {
            Container c = runQuick(baseImage());

            RemovalReport report = containers.removeContainers(List.of(c.name()), false);

            assertThat(report.exitCode()).isZero();
            assertThat(report.outcomes()).singleElement().isInstanceOf(Outcome.Done.class);
            assertThat(container(c)).isEmpty();
            assertThat(local(baseId)).isPresent();
        }

        @Test
        void removesByIdPrefix() {
            Container c = runQuick(baseImage());

            RemovalReport report = containers.removeContainers(List.of(c.shortId()), false);

            assertThat(report.exitCode()).isZero();
            assertThat(container(c)).isEmpty();
        }

        @Test
        void refusesARunningContainerWithoutForce() {
            Container c = runLong(baseImage());

            RemovalReport report = containers.removeContainers(List.of(c.name()), false);

            assertThat(report.exitCode()).isEqualTo(1);
            assertThat(container(c)).get().satisfies(found -> assertThat(found.isRunning()).isTrue());
        }

        @Test
        void withForceRemovesARunningContainer() {
            Container c = runLong(baseImage());

            RemovalReport report = containers.removeContainers(List.of(c.name()), true);

            assertThat(report.exitCode()).isZero();
            assertThat(container(c)).isEmpty();
        }

        @Test
        void refusesAnUnknownContainer() {
            RemovalReport report = containers.removeContainers(List.of(prefix() + "-nothing"), false);

            assertThat(report.exitCode()).isEqualTo(1);
            assertThat(report.plan().refusals()).singleElement()
                    .satisfies(r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.NOT_FOUND));
            assertThat(report.outcomes()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- rmi (SPEC 4)

    @Nested
    @DisplayName("rmi")
    class Rmi {

        @Test
        void aPlanFromTheRemovalSnapshotIsThePlanFromTheFullSnapshot() {
            TestImage unique = uniqueImage();
            TestImage child = commitFrom(derivedImage(), "child");
            Container user = runQuick(child.tag());

            StoreSnapshot full = engine.snapshot();
            StoreSnapshot light = engine.removalSnapshot();

            Function<Image, List<Object>> names = i -> List.of(i.id(), i.tags(), i.digests(), i.parent(), i.size());
            assertThat(light.images()).extracting(names).containsExactlyInAnyOrderElementsOf(
                    full.images().stream().map(names).toList());
            assertThat(light.containers()).extracting(Container::id).containsExactlyInAnyOrderElementsOf(
                    full.containers().stream().map(Container::id).toList());
            assertThat(light.containers()).extracting(Container::id).contains(user.id());
            RemovalPlanner planner = new RemovalPlanner(engine.info().behaviour());
            StoreIndex fullIndex = full.index();
            StoreIndex lightIndex = light.index();
            List<String> targets = new ArrayList<>(List.of(unique.tag().familiar(), child.tag().familiar(),
                    baseImage().familiar(), derivedImage().familiar()));
            full.images().forEach(i -> targets.add(i.id().toString()));
            for (String target : targets) {
                for (boolean force : new boolean[] {false, true}) {
                    RemovalRequest request = new RemovalRequest(List.of(target), force, !force);
                    assertThat(planner.planImages(lightIndex, request)).as("rmi %s %s", force ? "-f" : "--with-containers", target)
                            .isEqualTo(planner.planImages(fullIndex, request));
                }
            }
            RemovalRequest all = new RemovalRequest(List.of(unique.tag().familiar(), child.tag().familiar()), true, false);
            RemovalPlan plan = planner.planImages(lightIndex, all);
            assertThat(plan).isEqualTo(planner.planImages(fullIndex, all));
            assertThat(plan.actions()).extracting(RemovalAction::target).contains(child.tag().familiar(), unique.tag().familiar());
        }

        @Test
        void findImageNamesGivesTheNamesFindImageGives() {
            TestImage unique = uniqueImage();
            for (String name : List.of(unique.tag().familiar(), unique.id().toString(), unique.id().shortId(),
                    baseImage().familiar(), derivedImage().familiar())) {
                Image full = engine.findImage(name).orElseThrow();
                assertThat(engine.findImageNames(name)).as(name).get().satisfies(found -> {
                    assertThat(found.id()).isEqualTo(full.id());
                    assertThat(found.tags()).containsExactlyInAnyOrderElementsOf(full.tags());
                    assertThat(found.digests()).containsExactlyInAnyOrderElementsOf(full.digests());
                    assertThat(found.parent()).isEqualTo(full.parent());
                });
            }
            assertThat(engine.findImageNames(testTag("absent").familiar())).isEmpty();
            assertThat(engine.findImageNames("sha256:" + "0".repeat(64))).isEmpty();
        }

        @Test
        void imagesNamedMatchesTagsAndDigestsExactlyAsTheListingDoes() {
            TestImage unique = uniqueImage();
            TestImage other = uniqueImage();
            ImageReference moved = testTag("moved");
            engine.tag(unique.id(), moved);
            engine.tag(other.id(), moved);
            Image base = engine.findImage(baseImage().familiar()).orElseThrow();
            // A pulled image has a repository digest on every engine but the application's in-memory double.
            Optional<ImageReference> baseDigest = base.digests().stream().findFirst()
                    .map(d -> d.repository().withDigest(d.digest().orElseThrow()));
            ImageReference absent = testTag("absent");
            ImageReference otherTagOfUnique = new ImageReference(unique.tag().domain(), unique.tag().path(),
                    Optional.of("not-" + unique.tag().tag().orElseThrow()), Optional.empty());
            Set<ImageReference> asked = new HashSet<>(Set.of(unique.tag(), moved, baseImage().withDefaultTag(), absent,
                    otherTagOfUnique));
            baseDigest.ifPresent(asked::add);

            Map<ImageReference, ImageId> named = engine.imagesNamed(Set.copyOf(asked));

            Map<ImageReference, ImageId> expected = new HashMap<>(Map.of(unique.tag(), unique.id(), moved, other.id(),
                    baseImage().withDefaultTag(), baseId));
            baseDigest.ifPresent(d -> expected.put(d, baseId));
            assertThat(named).isEqualTo(expected);
            Map<ImageReference, ImageId> fromTheListing = new HashMap<>();
            for (Image image : engine.listImages()) {
                image.exactNames().stream().filter(asked::contains).forEach(name -> fromTheListing.put(name, image.id()));
            }
            assertThat(named).isEqualTo(fromTheListing);
            assertThat(engine.imagesNamed(Set.of())).isEmpty();
        }

        @Test
        void removesAnUnusedImageByTag() {
            TestImage unique = uniqueImage();

            RemovalReport report = rmi(false, false, false, unique.tag().familiar());

            assertThat(report.exitCode()).isZero();
            assertThat(details(report)).contains("Untagged: " + unique.tag().familiar())
                    .contains("Deleted: " + unique.id());
            assertThat(local(unique.id())).isEmpty();
            assertThat(ids(list(new ListImagesQuery(Optional.empty(), true, List.of())))).doesNotContain(unique.id());
        }

        @Test
        void removesByIdPrefix() {
            TestImage unique = uniqueImage();

            RemovalReport report = rmi(false, false, false, unique.id().shortId());

            assertThat(report.exitCode()).isZero();
            assertThat(details(report)).contains("Deleted: " + unique.id());
            assertThat(local(unique.id())).isEmpty();
        }

        @Test
        void isRefusedWhileAStoppedContainerUsesTheImage() {
            TestImage unique = uniqueImage();
            Container user = runQuick(unique.tag());

            RemovalReport report = rmi(false, false, false, unique.tag().familiar());

            assertThat(report.exitCode()).isEqualTo(1);
            assertThat(report.plan().refusals()).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(Refusal.Kind.CONFLICT);
                assertThat(r.message()).containsAnyOf(user.name(), user.shortId());
            });
            assertThat(report.outcomes()).isEmpty();
            assertThat(local(unique.id())).get().satisfies(i -> assertThat(i.tags()).contains(unique.tag()));
            assertThat(container(user)).isPresent();
        }

        @Test
        void isRefusedWhileARunningContainerUsesTheImage() {
            TestImage unique = uniqueImage();
            Container user = runLong(unique.tag());

            RemovalReport report = rmi(false, false, false, unique.tag().familiar());

            assertThat(report.exitCode()).isEqualTo(1);
            assertThat(report.plan().refusals()).singleElement()
                    .satisfies(r -> assertThat(r.message()).containsAnyOf(user.name(), user.shortId()));
            assertThat(local(unique.id())).get().satisfies(i -> assertThat(i.tags()).contains(unique.tag()));
            assertThat(container(user)).get().satisfies(c -> assertThat(c.isRunning()).isTrue());
        }

        @Test
        void onlyUntagsWhenTheImageHasOtherTags() {
            TestImage unique = uniqueImage();
            ImageReference second = testTag("second");
            images.tag(unique.id().toString(), second.familiar());
            Container user = runQuick(unique.tag());

            RemovalReport report = rmi(false, false, false, unique.tag().familiar());

            assertThat(report.exitCode()).isZero();
            assertThat(actions(report.plan(), RemovalAction.DeleteImage.class)).isEmpty();
            assertThat(details(report)).contains("Untagged: " + unique.tag().familiar()).doesNotContain("Deleted:");
            assertThat(local(unique.id())).get().satisfies(i -> assertThat(i.tags()).containsExactly(second));
            assertThat(container(user)).isPresent();
        }

        @Test
        void withForceNeverRemovesTheContainer() {
            TestImage unique = uniqueImage();
            Container user = runQuick(unique.tag());

            RemovalReport report = rmi(true, false, false, unique.tag().familiar());

            assertThat(report.exitCode()).isZero();
            assertThat(actions(report.plan(), RemovalAction.RemoveContainer.class)).isEmpty();
            assertThat(container(user)).get().satisfies(c -> assertThat(c.imageId()).isEqualTo(unique.id()));
            assertThat(engine.findImage(unique.tag().familiar())).isEmpty();
            if (engine.info().behaviour().canOrphanContainers()) {
                assertThat(local(unique.id())).as("the data is deleted; the container is orphaned").isEmpty();
                assertThat(ids(list(new ListImagesQuery(Optional.empty(), true, List.of()))))
                        .doesNotContain(unique.id());
            } else {
                assertThat(local(unique.id())).as("untagged, the data kept for the container").get()
                        .satisfies(i -> assertThat(i.tags()).isEmpty());
                assertThat(report.plan().kept()).isNotEmpty();
            }
        }

        @Test
        void withContainersRemovesThemThenTheImage() {
            TestImage unique = uniqueImage();
            Container user = runQuick(unique.tag());

            RemovalReport report = rmi(false, true, false, unique.tag().familiar());

            assertThat(report.exitCode()).isZero();
            List<String> kinds = report.outcomes().stream().map(o -> o.action().kind()).toList();
            assertThat(kinds).contains("removeContainer", "deleteImage");
            assertThat(kinds.indexOf("removeContainer")).isLessThan(kinds.indexOf("deleteImage"));
            assertThat(container(user)).isEmpty();
            assertThat(local(unique.id())).isEmpty();
        }

        @Test
        void withContainersLeavesARunningOneWithoutForce() {
            TestImage unique = uniqueImage();
            Container user = runLong(unique.tag());

            RemovalReport report = rmi(false, true, false, unique.tag().familiar());

            assertThat(report.exitCode()).isEqualTo(1);
            assertThat(container(user)).get().satisfies(c -> assertThat(c.isRunning()).isTrue());
            assertThat(local(unique.id())).get().satisfies(i -> assertThat(i.tags()).contains(unique.tag()));
        }

        @Test
        void withContainersAndForceRemovesARunningOne() {
            TestImage unique = uniqueImage();
            Container user = runLong(unique.tag());

            RemovalReport report = rmi(true, true, false, unique.tag().familiar());

            assertThat(report.exitCode()).isZero();
            assertThat(container(user)).isEmpty();
            assertThat(local(unique.id())).isEmpty();
        }

        @Test
        void dryRunChangesNothing() {
            TestImage unique = uniqueImage();
            Container user = runQuick(unique.tag());
            // Only what this plan would touch is compared: a real engine may be shared with others.
            List<ImageSummary> imagesBefore = touchedBy(unique);
            Optional<Container> userBefore = container(user);

            RemovalReport report = rmi(true, true, true, unique.tag().familiar());

            assertThat(report.dryRun()).isTrue();
            assertThat(report.outcomes()).isEmpty();
            assertThat(report.plan().actions()).isNotEmpty();
            assertThat(touchedBy(unique)).isNotEmpty().isEqualTo(imagesBefore);
            assertThat(container(user)).isPresent().isEqualTo(userBefore);
        }

        private List<ImageSummary> touchedBy(TestImage unique) {
            return list(new ListImagesQuery(Optional.empty(), true, List.of())).stream()
                    .filter(s -> s.image().id().equals(unique.id()) || s.image().tags().contains(unique.tag()))
                    .toList();
        }

        @Test
        void refusesAnUnknownImage() {
            ImageReference nothing = testTag("nothing");

            RemovalReport report = rmi(false, false, false, nothing.familiar());

            assertThat(report.exitCode()).isEqualTo(1);
            assertThat(report.plan().refusals()).singleElement()
                    .satisfies(r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.NOT_FOUND));
            assertThat(report.outcomes()).isEmpty();
        }

        @Test
        void reclaimsExactlyTheDropInDiskUsage() {
            TestImage unique = uniqueImage();
            DiskUsage before = diskUsage.diskUsage();
            long uniqueBytes = before.images().stream().filter(u -> u.id().equals(unique.id())).findFirst()
                    .orElseThrow().uniqueSize();

            RemovalReport report = rmi(false, false, false, unique.tag().familiar());

            DiskUsage after = diskUsage.diskUsage();
            assertThat(report.exitCode()).isZero();
            assertThat(report.plan().reclaimedBytes()).isEqualTo(before.totalSize() - after.totalSize())
                    .isEqualTo(uniqueBytes);
        }

        @Test
        void skipsADeletionWhenAContainerStartedUsingTheImageAfterThePlan() {
            TestImage unique = uniqueImage();
            RemovalPlan plan = rmi(false, false, true, unique.tag().familiar()).plan();
            assertThat(actions(plan, RemovalAction.DeleteImage.class)).isNotEmpty();
            Container user = runQuick(unique.tag());

            RemovalReport report = removal.execute(plan);

            assertThat(report.outcomes()).anySatisfy(o -> {
                assertThat(o).isInstanceOf(Outcome.Skipped.class);
                assertThat(o.action()).isInstanceOf(RemovalAction.DeleteImage.class);
            });
            assertThat(report.outcomes()).noneMatch(o -> o instanceof Outcome.Failed);
            assertThat(report.exitCode()).isNotZero();
            assertThat(local(unique.id())).isPresent();
            assertThat(container(user)).isPresent();
        }

        @Test
        void skipsAnUntagWhenTheTagWasMovedAfterThePlan() {
            TestImage unique = uniqueImage();
            ImageReference second = testTag("second");
            images.tag(unique.id().toString(), second.familiar());
            RemovalPlan plan = rmi(false, false, true, unique.tag().familiar()).plan();
            assertThat(actions(plan, RemovalAction.Untag.class)).isNotEmpty();
            TestImage other = uniqueImage();
            engine.tag(other.id(), unique.tag());

            RemovalReport report = removal.execute(plan);

            assertThat(report.outcomes()).isNotEmpty().allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Skipped.class));
            assertThat(engine.findImage(unique.tag().familiar())).get().extracting(Image::id).isEqualTo(other.id());
            assertThat(local(unique.id())).get().satisfies(i -> assertThat(i.tags()).containsExactly(second));
        }
    }

    // ---------------------------------------------------------------- inspect, history, tag, commit, df

    @Nested
    @DisplayName("inspect and history")
    class InspectAndHistory {

        @Test
        void inspectShowsIdTagsLayersAndCreated() {
            Image image = images.inspect(baseImage().familiar());

            assertThat(image.id()).isEqualTo(baseId);
            assertThat(image.tags()).contains(baseImage());
            assertThat(image.layers()).isNotEmpty()
                    .allSatisfy(l -> assertThat(l.diffId().algorithm()).isEqualTo("sha256"));
            assertThat(image.size()).isPositive();
            assertThat(image.created()).isBefore(Instant.now().plus(1, ChronoUnit.DAYS));
            assertThat(images.inspect(baseId.shortId()).id()).isEqualTo(baseId);
            assertThat(images.inspect(baseId.toString()).id()).isEqualTo(baseId);
        }

        @Test
        void historyListsTheLayersNewestFirstWithTheImagesSharingThem() {
            Image base = images.inspect(baseImage().familiar());
            Image derived = images.inspect(derivedImage().familiar());
            Set<Digest> baseLayers = base.layers().stream().map(Layer::diffId).collect(Collectors.toSet());

            List<LayerView> derivedHistory = images.history(derivedImage().familiar());
            List<LayerView> baseHistory = images.history(baseImage().familiar());

            List<Digest> expected = new ArrayList<>(derived.layers().stream().map(Layer::diffId).toList());
            Collections.reverse(expected);
            assertThat(derivedHistory).extracting(v -> v.layer().diffId()).containsExactlyElementsOf(expected);
            assertThat(derivedHistory.get(0).sharedWith()).doesNotContain(displayName(base));
            assertThat(derivedHistory).filteredOn(v -> baseLayers.contains(v.layer().diffId())).isNotEmpty()
                    .allSatisfy(v -> assertThat(v.sharedWith()).contains(displayName(base)));
            assertThat(baseHistory.get(baseHistory.size() - 1).sharedWith()).contains(displayName(derived));
        }

        @Test
        void unknownImagesAreNotFound() {
            String nothing = testTag("nothing").familiar();

            assertThatThrownBy(() -> images.inspect(nothing)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining(nothing);
            assertThatThrownBy(() -> images.history(nothing)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> images.tag(nothing, testTag("x").familiar()))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    @DisplayName("tag and commit")
    class TagAndCommit {

        @Test
        void tagAddsANameToTheImage() {
            TestImage unique = uniqueImage();
            ImageReference second = testTag("second");

            images.tag(unique.id().shortId(), second.familiar());

            assertThat(engine.findImage(second.familiar())).get().extracting(Image::id).isEqualTo(unique.id());
            assertThat(local(unique.id())).get()
                    .satisfies(i -> assertThat(i.tags()).containsExactlyInAnyOrder(unique.tag(), second));
        }

        @Test
        void commitMakesANewImageFromAContainer() {
            Container source = runQuick(baseImage());
            ImageReference tag = testTag("committed");

            ImageId id = images.commit(source.name(), tag.familiar());
            createdImages.add(id);

            assertThat(id).isNotEqualTo(baseId);
            assertThat(engine.findImage(tag.familiar())).get().extracting(Image::id).isEqualTo(id);
            assertThat(summary(list(), id)).get().satisfies(s -> assertThat(s.image().tags()).containsExactly(tag));
        }

        @Test
        void commitAppliesChangesToTheNewImagesConfig() {
            Container source = runQuick(baseImage());
            ImageReference tag = testTag("changed");

            ImageId id = images.commit(source.name(), tag.familiar(), Optional.of("a message"),
                    Optional.of("Tester <tester@example.com>"),
                    List.of("CMD [\"cat\", \"/greeting\"]", "LABEL org.imgctl.test=yes other=\"two words\"",
                            "ENV GREETING=hi", "WORKDIR /srv", "EXPOSE 8080"));
            createdImages.add(id);

            Image committed = engine.findImage(tag.familiar()).orElseThrow();
            assertThat(committed.id()).isEqualTo(id);
            assertThat(committed.config().cmd()).containsExactly("cat", "/greeting");
            assertThat(committed.config().labels())
                    .containsEntry("org.imgctl.test", "yes").containsEntry("other", "two words");
            assertThat(committed.config().env()).contains("GREETING=hi");
            assertThat(committed.config().workingDir()).isEqualTo("/srv");
        }

        @Test
        @DisplayName("commit with author and message shows them in inspect and history")
        void commitWithAuthorAndMessageShowsThemInInspectAndHistory() {
            Container source = runWriting(baseImage());
            ImageReference tag = testTag("authored");
            List<LayerView> baseHistory = images.history(baseImage().familiar());
            Set<Digest> baseLayers = baseHistory.stream().map(v -> v.layer().diffId()).collect(Collectors.toSet());

            ImageId id = images.commit(source.name(), tag.familiar(), Optional.of("add a file"),
                    Optional.of("Tester <tester@example.com>"), List.of());
            createdImages.add(id);

            Image committed = images.inspect(tag.familiar());
            assertThat(committed.id()).isEqualTo(id);
            assertThat(committed.author()).isEqualTo("Tester <tester@example.com>");
            assertThat(committed.comment()).isEqualTo("add a file");
            List<LayerView> history = images.history(tag.familiar());
            assertThat(history).hasSize(baseHistory.size() + 1);
            LayerView newest = history.get(0);
            assertThat(baseLayers).doesNotContain(newest.layer().diffId());
            assertThat(newest.layer().comment()).isEqualTo(commitHistoryComment("add a file", baseImage()));
            assertThat(history.subList(1, history.size())).extracting(v -> v.layer().comment())
                    .containsExactlyElementsOf(baseHistory.stream().map(v -> v.layer().comment()).toList());
        }

        @Test
        void anUnsupportedChangeIsBadInputBeforeTheEngineIsAsked() {
            Container source = runQuick(baseImage());
            ImageReference tag = testTag("refused");

            assertThatThrownBy(() -> images.commit(source.name(), tag.familiar(), Optional.empty(), Optional.empty(),
                    List.of("RUN rm -rf /")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("unsupported change");
            assertThat(engine.findImage(tag.familiar())).isEmpty();
        }
    }

    @Nested
    @DisplayName("df")
    class Df {

        @Test
        void countsEachLayerOnce() {
            DiskUsage usage = diskUsage.diskUsage();
            Function<ImageId, DiskUsage.ImageUsage> of = id -> usage.images().stream()
                    .filter(u -> u.id().equals(id)).findFirst().orElseThrow();

            assertThat(of.apply(derivedId).sharedSize()).isPositive();
            assertThat(of.apply(baseId).sharedSize()).isPositive();
            assertThat(usage.layers()).isPositive();
            long sumOfSizes = usage.images().stream().mapToLong(DiskUsage.ImageUsage::size).sum();
            assertThat(usage.totalSize()).isPositive().isLessThan(sumOfSizes);
        }
    }

    // ---------------------------------------------------------------- change log

    @Test
    void aChangeLogShowsEveryChangeFinishedBeforeItIsReadAndNothingWhenNothingChanged() throws InterruptedException {
        Optional<ChangeLog> offered = engine.changeLog();
        assertThat(offered.isPresent()).as("whether the engine offers a change log").isEqualTo(keepsAChangeLog());
        if (offered.isEmpty()) {
            return;
        }
        try (ChangeLog log = offered.get()) {
            changesAreLogged(log);
        }
    }

    private void changesAreLogged(ChangeLog log) throws InterruptedException {
        assertThat(log.store()).isEqualTo(engine.changeLog().orElseThrow().store());
        // Quiet: the earlier test's clean-up may lie within a watch's margin; nothing else changes the engine.
        boolean quiet = false;
        for (int attempt = 0; attempt < 3 && !quiet; attempt++) {
            Thread.sleep(1100);
            quiet = log.unchangedSince(log.watchFrom().orElseThrow());
        }
        assertThat(quiet).as("a quiet engine's log shows no change").isTrue();

        Instant beforeTag = log.watchFrom().orElseThrow();
        ImageReference tag = testTag("logged");
        engine.tag(baseId, tag);
        assertThat(log.unchangedSince(beforeTag)).as("a tag made just before the read").isFalse();
        assertThat(log.changesSince(beforeTag).images()).as("the images a tag just made changed")
                .hasValueSatisfying(ids -> assertThat(ids).contains(baseId));

        Thread.sleep(1100);
        Instant beforeUntag = log.watchFrom().orElseThrow();
        assertThat(beforeUntag).isAfter(beforeTag);
        engine.untag(tag);
        assertThat(log.unchangedSince(beforeUntag)).as("an untag made just before the read").isFalse();
        assertThat(log.changesSince(beforeUntag).images()).as("the images an untag just made changed")
                .hasValueSatisfying(ids -> assertThat(ids).contains(baseId));
    }

    // ---------------------------------------------------------------- references

    @Test
    void invalidReferencesNeverReachTheEngine() {
        RecordingEngine recording = new RecordingEngine(engine);
        ImageService recordedImages = new ImageService(recording.engine());
        ContainerService recordedContainers = new ContainerService(recording.engine());
        RemovalService recordedRemoval = new RemovalService(recording.engine());

        assertThatThrownBy(() -> recordedImages.pull("Upper/Case:1", PullListener.IGNORE))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("must be lowercase");
        assertThatThrownBy(() -> recordedImages.pull("alpine:bad tag", PullListener.IGNORE))
                .isInstanceOf(InvalidReferenceException.class);
        assertThatThrownBy(() -> recordedImages.inspect("Upper:1")).isInstanceOf(InvalidReferenceException.class);
        assertThatThrownBy(() -> recordedImages.history("a//b")).isInstanceOf(InvalidReferenceException.class);
        assertThatThrownBy(() -> recordedImages.tag(baseImage().familiar(), "Bad/Target"))
                .isInstanceOf(InvalidReferenceException.class);
        assertThatThrownBy(() -> recordedImages.commit("any", "bad:tag:again"))
                .isInstanceOf(InvalidReferenceException.class);
        assertThatThrownBy(() -> recordedContainers.run(new RunCommand("Upper:1", Optional.empty(), false,
                List.of()), PullListener.IGNORE)).isInstanceOf(InvalidReferenceException.class);
        assertThatThrownBy(() -> recordedRemoval.removeImages(new RemovalRequest(List.of(
                baseImage().familiar(), "Upper:1"), false, false), false))
                .isInstanceOf(InvalidReferenceException.class);

        assertThat(recording.calls()).isEmpty();
    }

    // ---------------------------------------------------------------- prune

    @Nested
    @DisplayName("prune")
    class Prune {

        private io.imgctl.application.service.PruneService prune;

        @BeforeEach
        void wirePrune() {
            prune = new io.imgctl.application.service.PruneService(engine, new InMemoryLedger(),
                    io.imgctl.application.port.out.PruneLock.inProcess(), java.time.Clock.systemUTC());
        }

        /** Only this test's tags: {@code <familiar name of the test repository>/*}. */
        private String scope() {
            String probe = new ImageReference(baseImage().domain(), prefix() + "/x", Optional.empty(), Optional.empty())
                    .familiarName();
            return "reference=" + probe.substring(0, probe.length() - 1) + "*";
        }

        private io.imgctl.domain.removal.policy.PrunePolicy unused() {
            return io.imgctl.domain.removal.policy.PrunePolicy.defaults().withUnused().withFilters(scope());
        }

        private List<io.imgctl.domain.removal.Kept> keptOf(RemovalPlan plan, ImageId id) {
            return plan.kept().stream().filter(k -> k.target().equals(id.toString())).toList();
        }

        @Test
        void aDryRunPlansExactlyWhatTheRealRunExecutes() {
            TestImage a = uniqueImage();
            TestImage b = uniqueImage();
            Container user = runQuick(b.tag());

            RemovalPlan dry = prune.prune(unused(), true).plan();
            RemovalReport real = prune.prune(unused(), false);

            assertThat(real.plan().actions()).isEqualTo(dry.actions());
            assertThat(real.plan().reclaimedBytes()).isEqualTo(dry.reclaimedBytes());
            assertThat(keptOf(real.plan(), b.id())).isEqualTo(keptOf(dry, b.id())).singleElement()
                    .satisfies(k -> assertThat(k.reason()).contains("in use by container"));
            assertThat(actions(dry, RemovalAction.DeleteImage.class)).extracting(RemovalAction.DeleteImage::imageId)
                    .containsExactly(a.id());
            assertThat(real.outcomes()).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Done.class));
            assertThat(local(a.id())).isEmpty();
            assertThat(local(b.id())).isPresent();
            assertThat(container(user)).isPresent();
        }

        @Test
        void theReclaimedBytesEqualTheMeasuredDropInDf() {
            TestImage a = uniqueImage();
            TestImage b = commitFrom(a.tag(), "child");
            DiskUsage before = diskUsage.diskUsage();

            RemovalReport report = prune.prune(unused(), false);

            DiskUsage after = diskUsage.diskUsage();
            assertThat(report.exitCode()).isZero();
            assertThat(actions(report.plan(), RemovalAction.DeleteImage.class)).extracting(RemovalAction.DeleteImage::imageId)
                    .containsExactlyInAnyOrder(a.id(), b.id());
            assertThat(report.plan().reclaimedBytes()).isEqualTo(before.totalSize() - after.totalSize());
            assertThat(report.plan().actions().stream().mapToLong(RemovalAction::bytes).sum())
                    .isEqualTo(report.plan().reclaimedBytes());
        }

        @Test
        void aContainerCreatedBetweenPlanAndExecutionMakesTheRemovalSkippedAndLeavesTheImageWhole() {
            TestImage a = uniqueImage();
            RemovalPlan plan = prune.prune(unused(), true).plan();
            assertThat(actions(plan, RemovalAction.DeleteImage.class)).isNotEmpty();
            Container newcomer = runQuick(a.tag());

            RemovalReport report = prune.execute(plan);

            assertThat(report.outcomes()).isNotEmpty().allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Skipped.class));
            assertThat(report.outcomes()).anySatisfy(o -> assertThat(o.detail()).contains("now use"));
            assertThat(local(a.id())).get().satisfies(i -> assertThat(i.tags()).containsExactly(a.tag()));
            assertThat(container(newcomer)).isPresent();
        }

        @Test
        void aDryRunChangesNothingAndItsPlanExecutedLaterDoesWhatItSaid() {
            TestImage a = uniqueImage();
            TestImage b = commitFrom(a.tag(), "child");
            DiskUsage before = diskUsage.diskUsage();

            RemovalReport dry = prune.prune(unused(), true);

            assertThat(dry.dryRun()).isTrue();
            assertThat(dry.outcomes()).isEmpty();
            assertThat(local(a.id())).get().satisfies(i -> assertThat(i.tags()).containsExactly(a.tag()));
            assertThat(local(b.id())).get().satisfies(i -> assertThat(i.tags()).containsExactly(b.tag()));
            assertThat(diskUsage.diskUsage().totalSize()).isEqualTo(before.totalSize());

            RemovalReport executed = prune.execute(dry.plan());

            assertThat(executed.plan()).isEqualTo(dry.plan());
            assertThat(executed.outcomes()).extracting(Outcome::action).containsExactlyElementsOf(dry.plan().actions());
            assertThat(executed.outcomes()).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Done.class));
            assertThat(actions(dry.plan(), RemovalAction.DeleteImage.class)).extracting(RemovalAction.DeleteImage::imageId)
                    .containsExactlyInAnyOrder(a.id(), b.id());
            assertThat(local(a.id())).isEmpty();
            assertThat(local(b.id())).isEmpty();
            assertThat(before.totalSize() - diskUsage.diskUsage().totalSize()).isEqualTo(dry.plan().reclaimedBytes());
        }

        @Test
        void aContainerOnlyCreatedBetweenPlanAndExecutionMakesTheRemovalSkippedWithoutForce() {
            TestImage a = uniqueImage();
            RemovalPlan plan = prune.prune(unused(), true).plan();
            assertThat(actions(plan, RemovalAction.DeleteImage.class)).extracting(RemovalAction.DeleteImage::imageId)
                    .containsExactly(a.id());
            assertThat(plan.actions()).noneMatch(x -> x instanceof RemovalAction.DeleteImage d && d.force());
            Container created = engine.createContainer(new ContainerSpec(a.tag(), Optional.of(containerName()),
                    quickCommand())); // never started: docker create

            RemovalReport report = prune.execute(plan);

            assertThat(report.outcomes()).isNotEmpty().allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Skipped.class));
            assertThat(local(a.id())).get().satisfies(i -> assertThat(i.tags()).containsExactly(a.tag()));
            assertThat(container(created)).get().satisfies(c -> assertThat(c.imageId()).isEqualTo(a.id()));
        }

        @Test
        void aUseRecordedByRunOutlivesItsContainerAndKeepsTheImageFromAnAgePrune() {
            java.time.Instant monthAgo = java.time.Instant.now().minus(java.time.Duration.ofDays(30));
            TestImage used = uniqueImage();
            TestImage idle = uniqueImage();
            InMemoryLedger ledger = new InMemoryLedger();
            ledger.save(java.util.Map.of(used.id(), io.imgctl.domain.removal.policy.UsageRecord.firstSeen(monthAgo),
                    idle.id(), io.imgctl.domain.removal.policy.UsageRecord.firstSeen(monthAgo)));
            ContainerService recording = new ContainerService(engine, ledger, java.time.Clock.systemUTC());
            RunResult run = recording.run(new RunCommand(used.tag().familiar(), Optional.of(containerName()), false,
                    quickCommand()), PullListener.IGNORE);
            engine.removeContainer(run.container().id(), false);
            io.imgctl.application.service.PruneService withLedger = new io.imgctl.application.service.PruneService(engine,
                    ledger, io.imgctl.application.port.out.PruneLock.inProcess(), java.time.Clock.systemUTC());

            RemovalPlan plan = withLedger.prune(unused().withOlderThan(java.time.Duration.ofDays(7)), true).plan();

            assertThat(ledger.load().get(used.id()).lastUsed()).get()
                    .satisfies(t -> assertThat(t).isAfter(monthAgo.plus(java.time.Duration.ofDays(29))));
            assertThat(actions(plan, RemovalAction.DeleteImage.class)).extracting(RemovalAction.DeleteImage::imageId)
                    .containsExactly(idle.id());
            assertThat(keptOf(plan, used.id())).singleElement()
                    .satisfies(k -> assertThat(k.reason()).contains("younger than --older-than"));
        }

        @Test
        void anImageWithTwoTagsUsedByAStoppedContainerIsLeftWhole() {
            TestImage a = uniqueImage();
            ImageReference second = testTag("second");
            images.tag(a.id().toString(), second.familiar());
            Container stopped = runQuick(second);
            assertThat(container(stopped)).get().extracting(Container::isRunning).isEqualTo(false);

            RemovalReport report = prune.prune(unused(), false);

            assertThat(report.plan().actions()).noneMatch(x -> x.target().equals(a.tag().familiar())
                    || x.target().equals(second.familiar()) || x.target().equals(a.id().toString()));
            assertThat(keptOf(report.plan(), a.id())).singleElement()
                    .satisfies(k -> assertThat(k.reason()).contains("in use by container"));
            assertThat(local(a.id())).get().satisfies(i -> assertThat(i.tags()).containsExactlyInAnyOrder(a.tag(), second));
        }

        @Test
        void exitedContainersOlderThanTheLimitGoFirstAndThenTheirImage() {
            TestImage a = uniqueImage();
            Container stopped = runQuick(a.tag());

            RemovalReport report = prune.prune(unused().withContainersExitedFor(java.time.Duration.ZERO), false);

            assertThat(report.plan().actions().get(0)).isInstanceOf(RemovalAction.RemoveContainer.class);
            assertThat(report.plan().actions()).noneMatch(x -> x instanceof RemovalAction.DeleteImage d && d.force());
            assertThat(report.exitCode()).isZero();
            assertThat(container(stopped)).isEmpty();
            assertThat(local(a.id())).isEmpty();
        }
    }

    /** A usage ledger in memory, for the prune tests. */
    static final class InMemoryLedger implements io.imgctl.application.port.out.UsageLedger {
        private java.util.Map<ImageId, io.imgctl.domain.removal.policy.UsageRecord> records = java.util.Map.of();

        @Override
        public java.util.Map<ImageId, io.imgctl.domain.removal.policy.UsageRecord> load() {
            return records;
        }

        @Override
        public void save(java.util.Map<ImageId, io.imgctl.domain.removal.policy.UsageRecord> saved) {
            records = java.util.Map.copyOf(saved);
        }
    }
}
