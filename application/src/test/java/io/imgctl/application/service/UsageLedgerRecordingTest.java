package io.imgctl.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.application.port.in.RunCommand;
import io.imgctl.application.port.out.PruneLock;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.UsageLedger;
import io.imgctl.application.testdouble.InMemoryEngine;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.policy.AgeBasis;
import io.imgctl.domain.removal.policy.PrunePolicy;
import io.imgctl.domain.removal.policy.UsageRecord;
import io.imgctl.domain.store.StoreSnapshot;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The usage ledger as the services keep it: pulls, tags, commits and runs are recorded when imgctl
 * does them, prune reconciles it, and a lost ledger never makes images look old.
 */
class UsageLedgerRecordingTest {

    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    private InMemoryEngine engine;
    private MemoryLedger ledger;
    private MutableClock clock;
    private ImageService images;
    private ContainerService containers;

    @BeforeEach
    void setUp() {
        engine = new InMemoryEngine();
        engine.publish("registry.test/app:1", Map.of("os", 1_000L, "app", 100L), Map.of());
        engine.publish("registry.test/tool:1", Map.of("os", 1_000L, "tool", 50L), Map.of());
        ledger = new MemoryLedger();
        clock = new MutableClock(T0);
        images = new ImageService(engine, ledger, clock);
        containers = new ContainerService(engine, ledger, clock);
    }

    private PruneService prune() {
        return new PruneService(engine, ledger, PruneLock.inProcess(), clock);
    }

    private ImageId pull(String reference) {
        return images.pull(reference, PullListener.IGNORE).imageId();
    }

    private static List<ImageId> deleted(RemovalPlan plan) {
        return plan.actions().stream().filter(RemovalAction.DeleteImage.class::isInstance)
                .map(a -> ((RemovalAction.DeleteImage) a).imageId()).toList();
    }

    @Test
    void aPullRecordsTheImageAsPulledNowAndARepullMovesItLaterKeepingTheLastUse() {
        ImageId app = pull("registry.test/app:1");
        assertThat(ledger.records).containsExactly(Map.entry(app, UsageRecord.firstSeen(T0)));

        clock.advance(Duration.ofDays(3));
        containers.run(new RunCommand("registry.test/app:1", Optional.empty(), false, List.of("echo", "hi")),
                PullListener.IGNORE);
        clock.advance(Duration.ofDays(2));
        pull("registry.test/app:1");

        assertThat(ledger.records.get(app)).isEqualTo(new UsageRecord(T0.plus(Duration.ofDays(5)),
                Optional.of(T0.plus(Duration.ofDays(3)))));
    }

    @Test
    void runRecordsThePullItNeededAndTheUse() {
        Container c = containers.run(new RunCommand("registry.test/app:1", Optional.of("cc"), false, List.of("echo")),
                PullListener.IGNORE).container();

        assertThat(ledger.records).containsOnlyKeys(c.imageId());
        assertThat(ledger.records.get(c.imageId())).isEqualTo(new UsageRecord(T0, Optional.of(T0)));
    }

    @Test
    void runOfALocalImageTheLedgerDoesNotKnowRecordsItAsFirstSeenAndUsedNow() {
        ImageId app = engine.pull(io.imgctl.domain.image.ImageReference.parse("registry.test/app:1"), PullListener.IGNORE)
                .imageId(); // pulled by someone else: not recorded
        assertThat(ledger.records).isEmpty();
        clock.advance(Duration.ofHours(1));

        containers.run(new RunCommand("registry.test/app:1", Optional.empty(), true, List.of("sleep")), PullListener.IGNORE);

        Instant now = T0.plus(Duration.ofHours(1));
        assertThat(ledger.records).containsExactly(Map.entry(app, new UsageRecord(now, Optional.of(now))));
    }

    @Test
    void aTagOrACommitRecordsTheImageAsArrivedNow() {
        ImageId app = pull("registry.test/app:1");
        clock.advance(Duration.ofDays(1));
        images.tag("registry.test/app:1", "registry.test/app:release");
        assertThat(ledger.records.get(app).pulled()).isEqualTo(T0.plus(Duration.ofDays(1)));

        Container c = containers.run(new RunCommand("registry.test/app:1", Optional.of("work"), false,
                List.of("echo")), PullListener.IGNORE).container();
        clock.advance(Duration.ofDays(1));
        ImageId committed = images.commit(c.id(), "registry.test/app:2", Optional.empty(), Optional.empty(), List.of());

        assertThat(committed).isNotEqualTo(app);
        assertThat(ledger.records.get(committed)).isEqualTo(UsageRecord.firstSeen(T0.plus(Duration.ofDays(2))));
    }

    @Test
    void theLedgerRemembersAUseAfterItsContainerIsGoneSoAPruneByLastUseKeepsTheImage() {
        ImageId app = pull("registry.test/app:1");
        clock.advance(Duration.ofDays(10));
        Container c = containers.run(new RunCommand("registry.test/app:1", Optional.of("once"), false,
                List.of("echo")), PullListener.IGNORE).container();
        containers.removeContainers(List.of(c.id()), false);
        clock.advance(Duration.ofDays(10)); // pulled 20 days ago, last used 10 days ago, no container left

        PrunePolicy lastUsed = PrunePolicy.defaults().withOlderThan(Duration.ofDays(15)).withAgeBasis(AgeBasis.LAST_USED);
        RemovalPlan kept = prune().prune(lastUsed, true).plan();
        RemovalPlan byPull = prune().prune(lastUsed.withAgeBasis(AgeBasis.PULLED), true).plan();

        assertThat(deleted(kept)).isEmpty();
        assertThat(kept.kept()).singleElement().satisfies(k -> assertThat(k.reason()).contains("10d"));
        assertThat(deleted(byPull)).containsExactly(app);
        assertThat(ledger.records.get(app).lastUsed()).contains(T0.plus(Duration.ofDays(10)));
    }

    @Test
    void afterALostLedgerNothingIsMassDeleted() {
        ImageId app = pull("registry.test/app:1");
        ImageId tool = pull("registry.test/tool:1");
        clock.advance(Duration.ofDays(40));
        PrunePolicy old = PrunePolicy.defaults().withOlderThan(Duration.ofDays(30));
        assertThat(deleted(prune().prune(old, true).plan())).containsExactlyInAnyOrder(app, tool);

        ledger.records = Map.of(); // the state file is lost
        RemovalPlan afterLoss = prune().prune(old, false).plan();

        assertThat(afterLoss.actions()).isEmpty();
        assertThat(afterLoss.kept()).hasSize(2).allSatisfy(k -> assertThat(k.reason()).contains("0s ago"));
        assertThat(engine.listImages()).extracting(Image::id).containsExactlyInAnyOrder(app, tool);
        assertThat(ledger.records).containsOnlyKeys(app, tool)
                .allSatisfy((id, r) -> assertThat(r).isEqualTo(UsageRecord.firstSeen(T0.plus(Duration.ofDays(40)))));
    }

    @Test
    void pruneForgetsImagesThatAreGoneButNotOnesRecordedAfterItStarted() {
        ImageId app = pull("registry.test/app:1");
        ImageId gone = new ImageId(io.imgctl.domain.image.Digest.parse("sha256:" + "a".repeat(64)));
        ImageId racing = new ImageId(io.imgctl.domain.image.Digest.parse("sha256:" + "b".repeat(64)));
        Instant now = T0.plus(Duration.ofHours(1));
        StoreSnapshot snapshot = engine.snapshot();

        Map<ImageId, UsageRecord> reconciled = PruneService.reconcile(Map.of(
                app, UsageRecord.firstSeen(T0),
                gone, UsageRecord.firstSeen(T0),
                racing, UsageRecord.firstSeen(now.plusSeconds(1))), snapshot, now);

        assertThat(reconciled).containsOnlyKeys(app, racing);
        assertThat(reconciled.get(app)).isEqualTo(UsageRecord.firstSeen(T0));
    }

    @Test
    void aLedgerThatCannotBeWrittenDoesNotFailPullOrRun() {
        UsageLedger broken = new UsageLedger() {
            @Override
            public Map<ImageId, UsageRecord> load() {
                return Map.of();
            }

            @Override
            public void save(Map<ImageId, UsageRecord> records) {
                throw new UncheckedIOException(new java.io.IOException("read-only file system"));
            }
        };
        ImageService brokenImages = new ImageService(engine, broken, clock);
        ContainerService brokenContainers = new ContainerService(engine, broken, clock);

        ImageId app = brokenImages.pull("registry.test/app:1", PullListener.IGNORE).imageId();
        Container c = brokenContainers.run(new RunCommand("registry.test/tool:1", Optional.empty(), false,
                List.of("echo", "hi")), PullListener.IGNORE).container();

        assertThat(engine.findImage(app.toString())).isPresent();
        assertThat(engine.findContainer(c.id())).isPresent();
    }

    @Test
    void withoutALedgerTheServicesRecordNothing() {
        ImageService plain = new ImageService(engine);
        plain.pull("registry.test/app:1", PullListener.IGNORE);
        assertThat(ledger.records).isEmpty();
    }

    /** A ledger in memory; {@link UsageLedger#update} is the interface's own. */
    static final class MemoryLedger implements UsageLedger {
        Map<ImageId, UsageRecord> records = Map.of();
        int updates;

        @Override
        public Map<ImageId, UsageRecord> load() {
            return records;
        }

        @Override
        public void save(Map<ImageId, UsageRecord> saved) {
            records = Map.copyOf(new HashMap<>(saved));
        }

        @Override
        public Map<ImageId, UsageRecord> update(UnaryOperator<Map<ImageId, UsageRecord>> change) {
            updates++;
            return UsageLedger.super.update(change);
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
