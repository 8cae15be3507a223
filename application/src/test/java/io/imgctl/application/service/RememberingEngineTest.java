package io.imgctl.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.application.port.out.ChangeLog;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ImageChanges;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.testdouble.InMemoryEngine;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.removal.Outcome;
import io.imgctl.domain.removal.RemovalReport;
import io.imgctl.domain.removal.RemovalRequest;
import io.imgctl.domain.store.StoreSnapshot;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resident server's engine: work in K (what is asked), not N (what the store holds). */
class RememberingEngineTest {

    private static final int N = 60;
    private static final int K = 5;

    /** A log the test scripts: what it says changed since any instant. */
    private static final class ScriptedLog implements ChangeLog {
        ImageChanges changes = ImageChanges.none();
        Instant now = Instant.parse("2026-12-07T10:00:00Z");

        @Override
        public String store() {
            return "docker unix:///test.sock";
        }

        @Override
        public Optional<Instant> watchFrom() {
            now = now.plusSeconds(1);
            return Optional.of(now);
        }

        @Override
        public boolean unchangedSince(Instant since) {
            return changes.isNone();
        }

        @Override
        public ImageChanges changesSince(Instant since) {
            return changes;
        }
    }

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final ScriptedLog log = new ScriptedLog();
    private InMemoryEngine store;
    private ContainerEngine counted;
    private ListingMemory memory;

    @BeforeEach
    void setUp() {
        store = new InMemoryEngine();
        IntStream.rangeClosed(1, N).forEach(i -> add("registry.test/team/app:" + i));
        memory = new ListingMemory(Duration.ZERO);
        counted = (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> {
                    if (method.getName().equals("changeLog")) {
                        return Optional.of(log);
                    }
                    calls.computeIfAbsent(method.getName(), m -> new AtomicInteger()).incrementAndGet();
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private Image add(String reference) {
        store.publish(reference, Map.of(reference + "/own", 1000L, "shared-base", 5000L), Map.of());
        store.pull(ImageReference.parse(reference), PullListener.IGNORE);
        return store.findImage(reference).orElseThrow();
    }

    private int count(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    @Test
    void aWarmSnapshotReadsInFullOnlyTheImagesItHasNotSeen() {
        ContainerEngine engine = memory.remembering(counted);
        StoreSnapshot cold = engine.snapshot();
        assertThat(count("findImage")).isEqualTo(N);
        assertThat(cold.images()).containsExactlyInAnyOrderElementsOf(store.snapshot().images());

        calls.clear();
        log.changes = ImageChanges.unknown();
        Image added = add("registry.test/team/new:1");
        StoreSnapshot warm = memory.remembering(counted).snapshot();

        assertThat(count("findImage")).isEqualTo(1);
        assertThat(count("listImages")).isEqualTo(1);
        assertThat(warm.images()).containsExactlyInAnyOrderElementsOf(store.snapshot().images()).contains(added);
    }

    @Test
    void rmiOfKImagesInAStoreOfNCostsCallsInKOnceWarm() {
        memory.remembering(counted).snapshot();
        List<String> targets = IntStream.rangeClosed(1, K).mapToObj(i -> "registry.test/team/rmi:" + i).toList();
        Set<ImageId> loaded = new HashSet<>();
        targets.forEach(t -> loaded.add(add(t).id()));
        log.changes = ImageChanges.of(loaded);
        calls.clear();

        RemovalReport report = new RemovalService(memory.remembering(counted))
                .removeImages(new RemovalRequest(targets, false, false), false);

        assertThat(report.outcomes()).as("an untag and a deletion each").hasSize(2 * K).allMatch(o -> o instanceof Outcome.Done);
        assertThat(store.listImages()).hasSize(N);
        int calledInTotal = calls.values().stream().mapToInt(AtomicInteger::get).sum();
        assertThat(count("listImages")).as("the kept listing is mended, not read again").isZero();
        assertThat(count("findImage")).as("full reads: the K new images").isEqualTo(K);
        assertThat(count("deleteImage")).isEqualTo(K);
        assertThat(calledInTotal).as("every engine call: %s", calls).isLessThanOrEqualTo(8 * K + 4);
    }

    @Test
    void aMendedListingTakesAMovedTagOffItsOldImageAndShowsWhatChanged() {
        memory.remembering(counted).listImages();
        Image first = store.findImage("registry.test/team/app:1").orElseThrow();
        Image second = store.findImage("registry.test/team/app:2").orElseThrow();
        Image third = store.findImage("registry.test/team/app:3").orElseThrow();
        store.tag(second.id(), ImageReference.parse("registry.test/team/app:1"));
        store.untag(ImageReference.parse("registry.test/team/app:3"));
        Image added = add("registry.test/team/new:1");
        log.changes = ImageChanges.of(Set.of(second.id(), third.id(), added.id()));
        calls.clear();

        List<Image> listed = memory.remembering(counted).listImages();

        assertThat(count("listImages")).isZero();
        assertThat(count("findImageNames")).isEqualTo(3);
        assertThat(listed).extracting(Image::id, Image::tags).containsExactlyInAnyOrderElementsOf(
                store.listImages().stream().map(i -> org.assertj.core.groups.Tuple.tuple(i.id(), i.tags())).toList());
        assertThat(listed).filteredOn(i -> i.id().equals(first.id())).singleElement()
                .satisfies(i -> assertThat(i.tags()).isEmpty());
    }

    @Test
    void anUnknownChangeReadsTheListingAgainAndAnEngineWithoutMemoryIsItself() {
        ContainerEngine engine = memory.remembering(counted);
        engine.listImages();
        log.changes = ImageChanges.unknown();
        engine.listImages();
        assertThat(count("listImages")).isEqualTo(2);
        log.changes = ImageChanges.none();
        engine.listImages();
        assertThat(count("listImages")).isEqualTo(2);

        assertThat(ListingMemory.none().remembering(counted)).isSameAs(counted);
        assertThat(memory.remembering(engine)).isSameAs(engine);
    }
}
