package io.imgctl.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.in.ImageSummary;
import io.imgctl.application.port.in.ListImagesQuery;
import io.imgctl.application.port.out.ChangeLog;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.UsageLedger;
import io.imgctl.application.testdouble.InMemoryEngine;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListingMemoryTest {

    private static final Duration WORTH = Duration.ofMillis(500);
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    /** A log the test scripts: what it answers, and what it was asked. */
    private static final class ScriptedLog implements ChangeLog {
        final String store;
        Optional<Instant> from = Optional.of(T0);
        boolean unchanged = true;
        boolean containersUnchanged = true;
        boolean quick;
        final List<Instant> asked = new ArrayList<>();
        final List<Instant> askedForContainers = new ArrayList<>();

        ScriptedLog(String store) {
            this.store = store;
        }

        @Override
        public String store() {
            return store;
        }

        @Override
        public Optional<Instant> watchFrom() {
            return from;
        }

        @Override
        public boolean unchangedSince(Instant since) {
            asked.add(since);
            return unchanged;
        }

        @Override
        public boolean containersUnchangedSince(Instant since) {
            askedForContainers.add(since);
            return containersUnchanged;
        }

        @Override
        public boolean quickToRead() {
            return quick;
        }
    }

    private final AtomicLong nanos = new AtomicLong();
    private InMemoryEngine store;
    private ListingMemory memory;

    @BeforeEach
    void setUp() {
        store = new InMemoryEngine();
        store.publish("registry.test/team/web:1", Map.of("os", 100L), Map.of());
        store.pull(ImageReference.parse("registry.test/team/web:1"), PullListener.IGNORE);
        memory = new ListingMemory(Optional.of(WORTH), nanos::get);
    }

    /** The store behind a change log; each listing counts and takes {@code listing} on the test's clock. */
    private ContainerEngine engine(Optional<ChangeLog> log, Duration listing, AtomicInteger listings) {
        return (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> {
                    if (method.getName().equals("changeLog")) {
                        return log;
                    }
                    if (method.getName().equals("listImages") || method.getName().equals("listContainers")) {
                        listings.incrementAndGet();
                        nanos.addAndGet(listing.toNanos());
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private List<String> tags(ContainerEngine engine) {
        return new ImageService(engine, UsageLedger.NONE, Clock.systemUTC(), memory)
                .listImages(new ListImagesQuery(Optional.empty(), false, List.of())).stream()
                .map(ImageSummary::image).flatMap(i -> i.tags().stream()).map(ImageReference::familiar).sorted().toList();
    }

    @Test
    void aSlowListingIsAnsweredAgainWhileTheLogShowsNoChangeSinceJustBeforeItWasRead() {
        ScriptedLog log = new ScriptedLog("podman unix:///run/podman/podman.sock");
        AtomicInteger listings = new AtomicInteger();
        ContainerEngine engine = engine(Optional.of(log), Duration.ofSeconds(2), listings);

        List<String> first = tags(engine);
        List<String> second = tags(engine);

        assertThat(second).isEqualTo(first).containsExactly("registry.test/team/web:1");
        assertThat(listings).hasValue(1);
        assertThat(log.asked).containsExactly(T0);
        assertThat(memory.reused()).isEqualTo(1);

        Instant later = T0.plusSeconds(30);
        log.from = Optional.of(later);
        tags(engine);
        tags(engine);
        assertThat(log.asked).as("a check that shows no change vouches up to its own start").containsExactly(T0, T0, later);
        assertThat(listings).hasValue(1);
    }

    @Test
    void aChangeInTheLogMakesItReadTheEngineAgainAndKeepTheNewAnswer() {
        ScriptedLog log = new ScriptedLog("podman unix:///run/podman/podman.sock");
        AtomicInteger listings = new AtomicInteger();
        ContainerEngine engine = engine(Optional.of(log), Duration.ofSeconds(2), listings);
        tags(engine);

        store.tag(store.listImages().get(0).id(), ImageReference.parse("registry.test/team/web:2"));
        log.unchanged = false;
        Instant later = T0.plusSeconds(30);
        log.from = Optional.of(later);

        assertThat(tags(engine)).containsExactly("registry.test/team/web:1", "registry.test/team/web:2");
        assertThat(listings).hasValue(2);
        log.unchanged = true;
        assertThat(tags(engine)).containsExactly("registry.test/team/web:1", "registry.test/team/web:2");
        assertThat(listings).hasValue(2);
        assertThat(log.asked).containsExactly(T0, later);
    }

    @Test
    void aQuickListingIsNeverKeptAndTheLogIsNotAsked() {
        ScriptedLog log = new ScriptedLog("docker unix:///var/run/docker.sock");
        AtomicInteger listings = new AtomicInteger();
        ContainerEngine engine = engine(Optional.of(log), Duration.ofMillis(499), listings);

        tags(engine);
        tags(engine);
        tags(engine);

        assertThat(listings).hasValue(3);
        assertThat(log.asked).isEmpty();
        assertThat(memory.reused()).isZero();
    }

    @Test
    void aQuickListingIsKeptWhenItsLogIsQuickToRead() {
        ScriptedLog log = new ScriptedLog("docker unix:///var/run/docker.sock");
        log.quick = true;
        AtomicInteger listings = new AtomicInteger();
        ContainerEngine engine = engine(Optional.of(log), Duration.ZERO, listings);

        assertThat(memory.keptListing(engine, Optional.of(log))).as("nothing kept yet").isEmpty();
        tags(engine);
        tags(engine);
        assertThat(memory.keptListing(engine, Optional.of(log))).hasValueSatisfying(images -> assertThat(images).hasSize(1));

        assertThat(listings).hasValue(1);
        assertThat(memory.reused()).isEqualTo(2);
    }

    @Test
    void aKeptListingIsNotOfferedForAFewNamesWhenTheLogIsSlowToRead() {
        ScriptedLog log = new ScriptedLog("podman unix:///run/podman/podman.sock");
        AtomicInteger listings = new AtomicInteger();
        ContainerEngine engine = engine(Optional.of(log), Duration.ofSeconds(2), listings);
        tags(engine);

        assertThat(memory.keptListing(engine, Optional.of(log))).isEmpty();
        assertThat(log.asked).isEmpty();
    }

    @Test
    void anEngineWithoutALogOrALogThatCannotWatchIsAlwaysAsked() {
        AtomicInteger listings = new AtomicInteger();
        ContainerEngine noLog = engine(Optional.empty(), Duration.ofSeconds(2), listings);
        tags(noLog);
        tags(noLog);
        assertThat(listings).hasValue(2);

        ScriptedLog blind = new ScriptedLog("podman unix:///run/podman/podman.sock");
        blind.from = Optional.empty();
        ContainerEngine engine = engine(Optional.of(blind), Duration.ofSeconds(2), listings);
        tags(engine);
        tags(engine);
        assertThat(listings).hasValue(4);
        assertThat(blind.asked).isEmpty();
    }

    @Test
    void eachStoreHasItsOwnListing() {
        ScriptedLog docker = new ScriptedLog("docker unix:///var/run/docker.sock");
        ScriptedLog podman = new ScriptedLog("podman unix:///run/podman/podman.sock");
        AtomicInteger listings = new AtomicInteger();
        tags(engine(Optional.of(docker), Duration.ofSeconds(1), listings));
        tags(engine(Optional.of(podman), Duration.ofSeconds(1), listings));
        assertThat(listings).hasValue(2);

        tags(engine(Optional.of(podman), Duration.ofSeconds(1), listings));
        tags(engine(Optional.of(docker), Duration.ofSeconds(1), listings));

        assertThat(listings).hasValue(2);
        assertThat(docker.asked).hasSize(1);
        assertThat(podman.asked).hasSize(1);
    }

    @Test
    void noMemoryReadsTheEngineEveryTimeAndNeverAsksTheLog() {
        memory = ListingMemory.none();
        ScriptedLog log = new ScriptedLog("podman unix:///run/podman/podman.sock");
        AtomicInteger listings = new AtomicInteger();
        ContainerEngine engine = engine(Optional.of(log), Duration.ofSeconds(2), listings);

        tags(engine);
        tags(engine);

        assertThat(listings).hasValue(2);
        assertThat(log.asked).isEmpty();
        assertThat(memory.worthKeeping()).isEmpty();
    }

    @Test
    void theKeptListingCannotBeChangedByWhoReceivesIt() {
        ScriptedLog log = new ScriptedLog("podman unix:///run/podman/podman.sock");
        ContainerEngine engine = engine(Optional.of(log), Duration.ofSeconds(2), new AtomicInteger());
        List<Image> first = memory.listImages(engine);

        assertThatThrownBy(() -> first.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(memory.listImages(engine)).hasSize(1);
    }

    private List<String> containerNames(ContainerEngine engine) {
        return memory.remembering(engine).listContainers().stream().map(Container::name).sorted().toList();
    }

    @Test
    void theContainerListingIsKeptWhileTheLogShowsNoContainerChangeAndReadAgainAfterOne() {
        ScriptedLog log = new ScriptedLog("docker unix:///var/run/docker.sock");
        log.quick = true;
        AtomicInteger listings = new AtomicInteger();
        ContainerEngine engine = engine(Optional.of(log), Duration.ZERO, listings);
        ImageReference web = ImageReference.parse("registry.test/team/web:1");
        store.createContainer(new ContainerSpec(web, Optional.of("first"), List.of()));

        assertThat(containerNames(engine)).containsExactly("first");
        assertThat(containerNames(engine)).containsExactly("first");
        assertThat(listings).hasValue(1);
        assertThat(log.askedForContainers).containsExactly(T0);
        assertThat(log.asked).as("an image change does not matter to containers").isEmpty();

        store.createContainer(new ContainerSpec(web, Optional.of("second"), List.of()));
        log.containersUnchanged = false;
        Instant later = T0.plusSeconds(30);
        log.from = Optional.of(later);
        assertThat(containerNames(engine)).containsExactly("first", "second");
        assertThat(listings).hasValue(2);

        log.containersUnchanged = true;
        assertThat(containerNames(engine)).containsExactly("first", "second");
        assertThat(listings).hasValue(2);
        assertThat(log.askedForContainers).containsExactly(T0, T0, later);

        Instant evenLater = later.plusSeconds(30);
        log.from = Optional.of(evenLater);
        containerNames(engine);
        containerNames(engine);
        assertThat(log.askedForContainers).as("a check that shows no change vouches up to its own start")
                .containsExactly(T0, T0, later, later, evenLater);
        assertThat(listings).hasValue(2);
    }

    @Test
    void aQuickContainerListingBehindASlowLogIsNeverKeptAndTheLogIsNotAsked() {
        ScriptedLog log = new ScriptedLog("podman unix:///run/podman/podman.sock");
        AtomicInteger listings = new AtomicInteger();
        ContainerEngine engine = engine(Optional.of(log), Duration.ofMillis(100), listings);

        containerNames(engine);
        containerNames(engine);

        assertThat(listings).hasValue(2);
        assertThat(log.askedForContainers).isEmpty();
    }

    @Test
    void aNegativeThresholdIsRefused() {
        assertThatThrownBy(() -> new ListingMemory(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
