package io.imgctl.domain.removal.policy;

import static io.imgctl.domain.removal.policy.PruneFixtures.MB;
import static io.imgctl.domain.removal.policy.PruneFixtures.NOW;
import static io.imgctl.domain.removal.policy.PruneFixtures.ago;
import static io.imgctl.domain.removal.policy.PruneFixtures.bytesOf;
import static io.imgctl.domain.removal.policy.PruneFixtures.ctr;
import static io.imgctl.domain.removal.policy.PruneFixtures.deleted;
import static io.imgctl.domain.removal.policy.PruneFixtures.exited;
import static io.imgctl.domain.removal.policy.PruneFixtures.img;
import static io.imgctl.domain.removal.policy.PruneFixtures.keptReason;
import static io.imgctl.domain.removal.policy.PruneFixtures.plan;
import static io.imgctl.domain.removal.policy.PruneFixtures.pulledLongAgo;
import static io.imgctl.domain.removal.policy.PruneFixtures.removedContainers;
import static io.imgctl.domain.removal.policy.PruneFixtures.running;
import static io.imgctl.domain.removal.policy.PruneFixtures.store;
import static io.imgctl.domain.removal.policy.PruneFixtures.untagged;
import static io.imgctl.domain.store.TestStore.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.removal.EngineBehaviour;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.RemovalPlanner;
import io.imgctl.domain.removal.RemovalRequest;
import io.imgctl.domain.store.DiskUsage;
import io.imgctl.domain.store.StoreSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The twelve scenarios of research/removal-policies.md section 6, as pure-domain tests. */
class PruneScenariosTest {

    private static final Duration HOUR = Duration.ofHours(1);

    /** The snapshot after a plan has run: its deleted images and removed containers gone. */
    private static StoreSnapshot after(StoreSnapshot s, RemovalPlan plan) {
        Set<ImageId> gone = Set.copyOf(deleted(plan));
        Set<String> removed = plan.actions().stream().filter(a -> a instanceof RemovalAction.RemoveContainer)
                .map(a -> ((RemovalAction.RemoveContainer) a).containerId()).collect(Collectors.toSet());
        return new StoreSnapshot(s.images().stream().filter(i -> !gone.contains(i.id())).toList(),
                s.containers().stream().filter(c -> !removed.contains(c.id())).toList(), s.takenAt());
    }

    private static long dfDrop(StoreSnapshot s, RemovalPlan plan) {
        return DiskUsage.of(s).totalSize() - DiskUsage.of(after(s, plan)).totalSize();
    }

    @Test
    @DisplayName("1. A multi-tag image used by a stopped container is untouched")
    void multiTagImageUsedByAStoppedContainerIsUntouched() {
        Image x = img("x", List.of("a:1", "b:1"), layer("x", 10 * MB));
        Container stopped = exited("s", x, ago(Duration.ofDays(30)));
        StoreSnapshot s = store(List.of(x), List.of(stopped));

        RemovalPlan plan = plan(s, PrunePolicy.defaults().withUnused(), pulledLongAgo(s.images()));

        assertThat(plan.actions()).isEmpty();
        assertThat(keptReason(plan, x)).contains("a:1, b:1").contains("in use by container").contains("exited");
    }

    @Test
    @DisplayName("2. Shared-layer reclaim is attributed exactly once")
    void sharedLayerReclaimIsAttributedExactlyOnce() {
        Layer l1 = layer("L1", 100 * MB);
        Image b = img("B", List.of("base:1"), l1);
        Image c1 = img("C1", ago(Duration.ofDays(300)), List.of("c1:1"), Optional.of(b.id()), l1, layer("L2", 10 * MB));
        Image c2 = img("C2", ago(Duration.ofDays(300)), List.of("c2:1"), Optional.of(b.id()), l1, layer("L3", 20 * MB));
        Container onB = running("run-b", b, ago(Duration.ofDays(100)));
        StoreSnapshot s = store(List.of(b, c1, c2), List.of(onB));

        RemovalPlan unused = plan(s, PrunePolicy.defaults().withUnused(), pulledLongAgo(s.images()));
        assertThat(deleted(unused)).containsExactlyInAnyOrder(c1.id(), c2.id());
        assertThat(bytesOf(unused, c1)).isEqualTo(10 * MB);
        assertThat(bytesOf(unused, c2)).isEqualTo(20 * MB);
        assertThat(unused.reclaimedBytes()).isEqualTo(30 * MB).isEqualTo(dfDrop(s, unused));

        // B's container is removed first in the same plan (a stopped one, exited long ago): B goes too.
        Container stoppedOnB = exited("stopped-b", b, ago(Duration.ofDays(100)));
        StoreSnapshot s2 = store(List.of(b, c1, c2), List.of(stoppedOnB));
        RemovalPlan cascade = plan(s2, PrunePolicy.defaults().withUnused().withContainersExitedFor(Duration.ofDays(7)),
                pulledLongAgo(s2.images()));
        assertThat(removedContainers(cascade)).containsExactly("stopped-b");
        assertThat(cascade.actions().get(0)).isInstanceOf(RemovalAction.RemoveContainer.class);
        assertThat(deleted(cascade)).containsExactlyInAnyOrder(c1.id(), c2.id(), b.id()).last().isEqualTo(b.id()); // children first
        assertThat(cascade.reclaimedBytes()).isEqualTo(130 * MB).isEqualTo(dfDrop(s2, cascade));
        assertThat(cascade.actions().stream().mapToLong(RemovalAction::bytes).sum()).isEqualTo(130 * MB);
        assertThat(bytesOf(cascade, b)).isEqualTo(100 * MB); // L1 once, on the last holder
    }

    @Test
    @DisplayName("3. An old image pulled just now is not \"old\"")
    void anOldImagePulledJustNowIsNotOld() {
        Image y = img("y", ago(Duration.ofDays(730)), List.of("y:1"), Optional.empty(), layer("y", MB));
        StoreSnapshot s = store(List.of(y), List.of());
        Map<ImageId, UsageRecord> ledger = Map.of(y.id(), UsageRecord.firstSeen(ago(Duration.ofMinutes(1))));
        PrunePolicy unusedForAnHour = PrunePolicy.defaults().withOlderThan(HOUR).withMinAge(HOUR);

        RemovalPlan plan = plan(s, unusedForAnHour, ledger);
        assertThat(plan.actions()).isEmpty();
        assertThat(keptReason(plan, y)).contains("pulled or used 1m ago");

        RemovalPlan byCreation = plan(s, unusedForAnHour.withAgeBasis(AgeBasis.CREATED), ledger);
        assertThat(deleted(byCreation)).containsExactly(y.id());
        assertThat(byCreation.actions()).last().extracting(RemovalAction::reason).asString().contains("created 730d ago");
    }

    @Test
    @DisplayName("4. Never-started containers respect the grace period")
    void neverStartedContainersRespectTheGracePeriod() {
        Image i = img("i", List.of("app:1"), layer("i", MB));
        Container fresh = ctr("fresh", i, ContainerState.CREATED, ago(Duration.ofMinutes(5)), Optional.empty(), Optional.empty());
        StoreSnapshot s = store(List.of(i), List.of(fresh));
        PrunePolicy policy = PrunePolicy.defaults().withContainersExitedFor(HOUR).withUnused();

        RemovalPlan young = plan(s, policy, pulledLongAgo(s.images()));
        assertThat(young.actions()).isEmpty();
        assertThat(keptReason(young, i)).contains("in use by container").contains("fresh, created");

        Container old = ctr("old", i, ContainerState.CREATED, ago(Duration.ofHours(2)), Optional.empty(), Optional.empty());
        StoreSnapshot s2 = store(List.of(i), List.of(old));
        RemovalPlan aged = plan(s2, policy, pulledLongAgo(s2.images()));
        assertThat(removedContainers(aged)).containsExactly("old");
        assertThat(aged.actions().get(0).reason()).contains("never started");
    }

    @Test
    @DisplayName("5. Re-check before execution: a container created after the plan makes the deletion fail its precondition")
    void reCheckBeforeExecution() {
        Image z = img("z", List.of("z:1"), layer("z", MB));
        StoreSnapshot s = store(List.of(z), List.of());
        RemovalPlan plan = plan(s, PrunePolicy.defaults().withUnused(), pulledLongAgo(s.images()));
        RemovalAction.DeleteImage delete = (RemovalAction.DeleteImage) plan.actions().get(plan.actions().size() - 1);
        assertThat(delete.force()).isFalse();
        assertThat(plan.actions()).noneMatch(a -> a instanceof RemovalAction.RemoveContainer);

        Container newcomer = ctr("newcomer", z, ContainerState.CREATED, NOW, Optional.empty(), Optional.empty());
        assertThat(delete.violation(Optional.of(z.withTags(List.of())), List.of(newcomer)))
                .hasValueSatisfying(v -> assertThat(v).contains("newcomer").contains("now uses"));
    }

    @Test
    @DisplayName("6. Legacy parent/child images are removed leaf-first")
    void legacyParentChildImagesAreRemovedLeafFirst() {
        Image p = img("P", ago(Duration.ofDays(400)), List.of(), Optional.empty(), layer("p", 50 * MB));
        Image c1 = img("C1", ago(Duration.ofDays(400)), List.of(), Optional.of(p.id()), layer("p", 50 * MB), layer("c1", 5 * MB));
        Image c2 = img("C2", ago(Duration.ofDays(400)), List.of("leaf:1"), Optional.of(c1.id()),
                layer("p", 50 * MB), layer("c1", 5 * MB), layer("c2", 5 * MB));
        Map<ImageId, UsageRecord> ledger = new HashMap<>(pulledLongAgo(List.of(p, c1, c2)));
        ledger.put(c2.id(), ledger.get(c2.id()).usedAt(ago(Duration.ofMinutes(1))));
        StoreSnapshot s = store(List.of(p, c1, c2), List.of());

        // P's effective last use is its descendant's: 1 minute ago.
        assertThat(PrunePlanner.usages(s.index(), ledger, NOW).get(p.id()).lastUsed()).contains(ago(Duration.ofMinutes(1)));

        RemovalPlan budget = plan(s, PrunePolicy.defaults().withUntilSize(SizeTarget.parse("0")).withMinAge(HOUR), ledger);
        assertThat(budget.actions()).isEmpty(); // C2 kept: neither C1 nor P is proposed
        assertThat(keptReason(budget, c1)).contains("dependent child image");
        assertThat(keptReason(budget, p)).contains("dependent child image");

        RemovalPlan all = plan(s, PrunePolicy.defaults().withUntilSize(SizeTarget.parse("0")), ledger);
        assertThat(deleted(all)).containsExactly(c2.id(), c1.id(), p.id());
    }

    @Test
    @DisplayName("7. Exclusions fail closed")
    void exclusionsFailClosed() {
        Image r = img("R", List.of("redis:7", "cache/redis:7"), layer("r", MB));
        StoreSnapshot s = store(List.of(r), List.of());
        RemovalPlan plan = plan(s, PrunePolicy.defaults().withUnused().withKeep("redis:*"), pulledLongAgo(s.images()));
        assertThat(plan.actions()).isEmpty();
        assertThat(keptReason(plan, r)).contains("--keep redis:* matches redis:7");

        assertThatThrownBy(() -> plan(s, PrunePolicy.defaults().withUnused().withKeep("redis:[7"), pulledLongAgo(s.images())))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("syntax error in pattern");
        assertThatThrownBy(() -> plan(s, PrunePolicy.defaults().withUnused().withKeep("0123456789ab"), pulledLongAgo(s.images())))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("no image ID starts with it");
    }

    @Test
    @DisplayName("8. A force cascade is explicit and identical on Docker and Podman")
    void forceCascadeIsExplicitAndIdentical() {
        Image q = img("Q", List.of("q:1"), layer("q", MB));
        Container stopped = exited("s", q, ago(HOUR));
        StoreSnapshot s = store(List.of(q), List.of(stopped));
        List<List<String>> plans = new ArrayList<>();
        for (EngineBehaviour behaviour : List.of(EngineBehaviour.DOCKER, EngineBehaviour.PODMAN)) {
            RemovalPlanner planner = new RemovalPlanner(behaviour);
            RemovalPlan cascade = planner.planImages(s, new RemovalRequest(List.of("q:1"), false, true));
            plans.add(cascade.actions().stream().map(a -> a.kind() + " " + a.target()).toList());
            assertThat(cascade.actions()).noneMatch(a -> a instanceof RemovalAction.DeleteImage d && d.force());
            RemovalPlan without = planner.planImages(s, new RemovalRequest(List.of("q:1"), false, false));
            assertThat(without.actions()).isEmpty();
            assertThat(without.refusals()).singleElement().satisfies(ref -> assertThat(ref.message()).contains("s, exited"));
        }
        assertThat(plans.get(0)).containsExactly("removeContainer s", "untag q:1", "deleteImage " + q.id());
        assertThat(plans.get(1)).isEqualTo(plans.get(0));
        // prune itself never cascades without --containers-exited-for
        assertThat(plan(s, PrunePolicy.defaults().withUnused(), pulledLongAgo(s.images())).actions()).isEmpty();
    }

    @Test
    @DisplayName("9. Size target: nothing below it, least recently used first above it, re-measured per image")
    void sizeTargetWithReMeasurement() {
        Layer shared = layer("shared", 40 * MB);
        Image a = img("A", List.of("a:1"), shared, layer("a", 30 * MB));
        Image b = img("B", List.of("b:1"), shared, layer("b", 20 * MB));
        Image c = img("C", List.of("c:1"), layer("c", 10 * MB));
        StoreSnapshot s = store(List.of(a, b, c), List.of());
        Map<ImageId, UsageRecord> ledger = new HashMap<>(pulledLongAgo(s.images()));
        ledger.put(a.id(), ledger.get(a.id()).usedAt(ago(Duration.ofDays(30))));  // least recently used
        ledger.put(b.id(), ledger.get(b.id()).usedAt(ago(Duration.ofDays(20))));
        ledger.put(c.id(), ledger.get(c.id()).usedAt(ago(Duration.ofDays(10))));
        // store = 40 + 30 + 20 + 10 = 100 MB
        assertThat(plan(s, PrunePolicy.defaults().withUntilSize(SizeTarget.parse("100MB")), ledger).actions()).isEmpty();

        // 75 MB: deleting A frees 30 MB (the shared layer stays with B): 70 MB, done.
        RemovalPlan p75 = plan(s, PrunePolicy.defaults().withUntilSize(SizeTarget.parse("75MB")), ledger);
        assertThat(deleted(p75)).containsExactly(a.id());
        assertThat(p75.reclaimedBytes()).isEqualTo(30 * MB).isEqualTo(dfDrop(s, p75));
        assertThat(keptReason(p75, b)).contains("at most --until-size 75MB");

        // 50%: A (30 MB) gives 70 MB, still above 50 MB; B frees its own 20 MB and the shared 40 MB: 10 MB.
        RemovalPlan half = plan(s, PrunePolicy.defaults().withUntilSize(SizeTarget.parse("50%")), ledger);
        assertThat(deleted(half)).containsExactly(a.id(), b.id());
        assertThat(bytesOf(half, b)).isEqualTo(60 * MB);
        assertThat(half.reclaimedBytes()).isEqualTo(90 * MB).isEqualTo(dfDrop(s, half));

        // Every candidate protected: nothing removed, each kept with its reason.
        RemovalPlan pinned = plan(s, PrunePolicy.defaults().withUntilSize(SizeTarget.parse("0")).withKeep("*"), ledger);
        assertThat(pinned.actions()).isEmpty();
        assertThat(pinned.kept()).hasSize(3).allSatisfy(k -> assertThat(k.reason()).contains("--keep *"));
    }

    @Test
    @DisplayName("10. Pinned, infra and just-pulled images are never removed")
    void pinnedInfraAndJustPulledImagesAreNeverRemoved() {
        Image pause = img("pause", List.of("registry.k8s.io/pause:3.9"), layer("pause", MB));
        Image podmanPause = img("podman-pause", List.of("localhost/podman-pause:4.9.3-1700000000"), layer("pp", MB));
        Image pulling = img("pulling", List.of("new:1"), layer("new", MB));
        Image pinned = img("pinned", List.of("mine:1"), layer("mine", MB));
        Image other = img("other", List.of("other:1"), layer("other", MB));
        StoreSnapshot s = store(List.of(pause, podmanPause, pulling, pinned, other), List.of());
        Map<ImageId, UsageRecord> ledger = new HashMap<>(pulledLongAgo(s.images()));
        ledger.put(pulling.id(), UsageRecord.firstSeen(ago(Duration.ofSeconds(10))));

        RemovalPlan plan = plan(s, PrunePolicy.defaults().withUnused().withMinAge(Duration.ofMinutes(10)).withKeep("mine:*"), ledger);

        assertThat(deleted(plan)).containsExactly(other.id());
        assertThat(keptReason(plan, pause)).contains("pause image").contains("always kept");
        assertThat(keptReason(plan, podmanPause)).contains("pause image");
        assertThat(keptReason(plan, pulling)).contains("within --min-age 10m");
        assertThat(keptReason(plan, pinned)).contains("--keep mine:*");
    }

    @Test
    @DisplayName("11. Restart safety: after a lost ledger nothing is mass-deleted")
    void restartSafetyAfterALostLedger() {
        List<Image> images = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            images.add(img("old" + n, ago(Duration.ofDays(31 + n)), List.of("app" + n + ":1"), Optional.empty(),
                    layer("old" + n, MB)));
        }
        StoreSnapshot s = store(images, List.of());
        PrunePolicy maxAge = PrunePolicy.defaults().withOlderThan(Duration.ofDays(30));

        RemovalPlan firstStart = plan(s, maxAge, Map.of()); // no ledger: every image first seen now
        assertThat(firstStart.actions()).isEmpty();
        assertThat(firstStart.kept()).hasSize(200).allSatisfy(k -> assertThat(k.reason()).contains("pulled or used 0s ago"));

        // Thirty-one days later, with the ledger written on that first start, they do go.
        Map<ImageId, UsageRecord> ledger = new HashMap<>();
        images.forEach(i -> ledger.put(i.id(), UsageRecord.firstSeen(NOW)));
        RemovalPlan later = new PrunePlanner().plan(s, maxAge, ledger, NOW.plus(Duration.ofDays(31)));
        assertThat(deleted(later)).hasSize(200);
    }

    @Test
    @DisplayName("12. Keep N per repository with shared images")
    void keepNPerRepositoryWithSharedImages() {
        List<Image> versions = new ArrayList<>();
        Map<ImageId, UsageRecord> ledger = new HashMap<>();
        for (int v = 1; v <= 5; v++) {
            List<String> tags = v == 3 ? List.of("app:v3", "release:stable") : List.of("app:v" + v);
            Image image = img("v" + v, ago(Duration.ofDays(100 - v)), tags, Optional.empty(), layer("v" + v, MB));
            versions.add(image);
            ledger.put(image.id(), UsageRecord.firstSeen(ago(Duration.ofDays(100 - v))));
        }
        StoreSnapshot s = store(versions, List.of());

        RemovalPlan plan = plan(s, PrunePolicy.defaults().withKeepLast(2), ledger);

        assertThat(deleted(plan)).containsExactlyInAnyOrder(versions.get(0).id(), versions.get(1).id());
        assertThat(untagged(plan)).containsExactlyInAnyOrder("app:v1", "app:v2");
        assertThat(keptReason(plan, versions.get(2))).contains("newest of release");
        assertThat(keptReason(plan, versions.get(3))).contains("newest of app");
        assertThat(keptReason(plan, versions.get(4))).contains("newest of app");
    }
}
