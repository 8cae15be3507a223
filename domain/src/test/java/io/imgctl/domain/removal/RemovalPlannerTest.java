package io.imgctl.domain.removal;

import static io.imgctl.domain.store.TestStore.child;
import static io.imgctl.domain.store.TestStore.container;
import static io.imgctl.domain.store.TestStore.image;
import static io.imgctl.domain.store.TestStore.layer;
import static io.imgctl.domain.store.TestStore.opaqueImage;
import static io.imgctl.domain.store.TestStore.ref;
import static io.imgctl.domain.store.TestStore.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.removal.RemovalAction.DeleteImage;
import io.imgctl.domain.removal.RemovalAction.RemoveContainer;
import io.imgctl.domain.removal.RemovalAction.Untag;
import io.imgctl.domain.store.StoreSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RemovalPlannerTest {

    private static final long MB = 1_000_000;

    private final RemovalPlanner docker = new RemovalPlanner(EngineBehaviour.DOCKER);
    private final RemovalPlanner podman = new RemovalPlanner(EngineBehaviour.PODMAN);

    private final Layer base = layer("base", 100 * MB);
    private final Layer own = layer("own", 10 * MB);
    private final Image app = image("app", List.of("app:1"), base, own);

    private static RemovalRequest rmi(String... targets) {
        return new RemovalRequest(List.of(targets), false, false);
    }

    private static RemovalRequest rmiForce(String... targets) {
        return new RemovalRequest(List.of(targets), true, false);
    }

    private static RemovalRequest rmiWithContainers(boolean force, String... targets) {
        return new RemovalRequest(List.of(targets), force, true);
    }

    /** Compares actions by what they do, ignoring the free-text reason. */
    private static List<String> shape(RemovalPlan plan) {
        return plan.actions().stream().map(RemovalPlannerTest::shape).toList();
    }

    private static String shape(RemovalAction action) {
        if (action instanceof DeleteImage d) {
            return "deleteImage " + d.imageId().shortId() + (d.force() ? " force" : "") + " bytes=" + d.bytes();
        }
        if (action instanceof RemoveContainer c) {
            return "removeContainer " + c.name() + (c.force() ? " force" : "") + " bytes=" + c.bytes();
        }
        return action.kind() + " " + action.target();
    }

    private static String delete(Image image, long bytes) {
        return "deleteImage " + image.id().shortId() + " bytes=" + bytes;
    }

    @Nested
    class Targets {

        @Test
        void anUnknownTargetIsRefusedWithDockersTextAndTheOthersStillPlanned() {
            RemovalPlan plan = docker.planImages(snapshot(app), rmi("nope:1", "app:1"));

            assertThat(plan.refusals()).containsExactly(
                    new Refusal("nope:1", Refusal.Kind.NOT_FOUND, "Error: No such image: nope:1"));
            assertThat(shape(plan)).containsExactly("untag app:1", delete(app, 110 * MB));
            assertThat(plan.reclaimedBytes()).isEqualTo(110 * MB);
        }

        @Test
        void onPodmanAShortNameFindsTheImagePodmanNamedLocalhostSlashName() {
            Image local = image("local", List.of("localhost/t/run:1"), base, own);

            RemovalPlan onPodman = podman.planImages(snapshot(local), rmi("t/run:1"));
            RemovalPlan onDocker = docker.planImages(snapshot(local), rmi("t/run:1"));

            assertThat(onPodman.refusals()).isEmpty();
            assertThat(shape(onPodman)).containsExactly("untag localhost/t/run:1", delete(local, 110 * MB));
            assertThat(onDocker.refusals()).extracting(Refusal::kind).containsExactly(Refusal.Kind.NOT_FOUND);
            assertThat(onDocker.actions()).isEmpty();
        }

        @Test
        void anAmbiguousIdPrefixIsRefused() {
            Map<Character, List<Image>> byFirst = new HashMap<>();
            List<Image> images = new ArrayList<>();
            for (int i = 0; i < 17; i++) {
                Image img = image("amb" + i, List.of(), layer("amb" + i, 1));
                images.add(img);
                byFirst.computeIfAbsent(img.id().hex().charAt(0), k -> new ArrayList<>()).add(img);
            }
            String prefix = byFirst.entrySet().stream().filter(e -> e.getValue().size() > 1)
                    .map(e -> String.valueOf(e.getKey())).findFirst().orElseThrow();

            RemovalPlan plan = docker.planImages(snapshot(images, List.of()), rmi(prefix));

            assertThat(plan.refusals()).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(Refusal.Kind.AMBIGUOUS);
                assertThat(r.target()).isEqualTo(prefix);
                assertThat(r.message()).contains(prefix).contains("ambiguous");
            });
            assertThat(plan.actions()).isEmpty();
        }

        @Test
        void twoTagsOfOneImageUntagTheFirstAndRemoveTheImageOnTheSecond() {
            Image multi = image("multi", List.of("a:1", "a:2"), base, own);

            RemovalPlan plan = docker.planImages(snapshot(multi), rmi("a:1", "a:2"));

            assertThat(shape(plan)).containsExactly("untag a:1", "untag a:2", delete(multi, 110 * MB));
            assertThat(plan.refusals()).isEmpty();
        }

        @Test
        void aTargetAlreadyRemovedByAnEarlierTargetIsNotAnError() {
            RemovalPlan plan = docker.planImages(snapshot(app), rmi("app:1", app.id().shortId(), "app:1"));

            assertThat(shape(plan)).containsExactly("untag app:1", delete(app, 110 * MB));
            assertThat(plan.refusals()).isEmpty();
            assertThat(plan.kept()).isEmpty();
        }

        @Test
        void aBareNameMeansItsLatestTag() {
            Image latest = image("latest", List.of("web"), own);

            RemovalPlan plan = docker.planImages(snapshot(latest), rmi("web"));

            assertThat(shape(plan)).containsExactly("untag web:latest", delete(latest, 10 * MB));
        }
    }

    @Nested
    class UntagOnly {

        @Test
        void aTagOfAnImageWithOtherTagsIsOnlyUntaggedEvenWhileContainersUseIt() {
            Image multi = image("multi", List.of("a:1", "b:1"), base);
            StoreSnapshot snap = snapshot(List.of(multi), List.of(container("web", multi, ContainerState.RUNNING)));

            for (RemovalRequest request : List.of(rmi("a:1"), rmiForce("a:1"), rmiWithContainers(true, "a:1"))) {
                RemovalPlan plan = podman.planImages(snap, request);
                assertThat(plan.actions()).as(request.toString()).singleElement().satisfies(a -> {
                    assertThat(a).isInstanceOf(Untag.class);
                    assertThat(((Untag) a).reference()).isEqualTo(ref("a:1"));
                    assertThat(((Untag) a).imageId()).isEqualTo(multi.id());
                    assertThat(a.reason()).contains("b:1");
                });
                assertThat(plan.refusals()).isEmpty();
                assertThat(plan.reclaimedBytes()).isZero();
            }
        }
    }

    @Nested
    class ById {

        @Test
        void anImageTaggedInSeveralRepositoriesIsRefusedWithoutForce() {
            Image multi = image("multi", List.of("a:1", "b:1"), base);

            RemovalPlan plan = docker.planImages(snapshot(multi), rmi(multi.id().shortId()));

            assertThat(plan.refusals()).containsExactly(new Refusal(multi.id().shortId(), Refusal.Kind.CONFLICT,
                    "conflict: unable to delete " + multi.id().shortId()
                            + " (must be forced) - image is referenced in multiple repositories"));
            assertThat(plan.actions()).isEmpty();
        }

        @Test
        void twoTagsInOneRepositoryAreRefusedToo_asDockersIsSingleReferenceDoes() {
            Image multi = image("multi", List.of("a:1", "a:2"), base);

            RemovalPlan plan = docker.planImages(snapshot(multi), rmi(multi.id().toString()));

            assertThat(plan.refusals()).singleElement().extracting(Refusal::kind).isEqualTo(Refusal.Kind.CONFLICT);
            assertThat(plan.actions()).isEmpty();
        }

        @Test
        void withForceEveryTagIsRemovedAndThenTheImage() {
            Image multi = image("multi", List.of("a:1", "b:1"), base);

            RemovalPlan plan = docker.planImages(snapshot(multi), rmiForce(multi.id().shortId()));

            assertThat(shape(plan)).containsExactly("untag a:1", "untag b:1", delete(multi, 100 * MB));
        }

        @Test
        void anImageWithOneTagIsUntaggedAndDeleted() {
            RemovalPlan plan = docker.planImages(snapshot(app), rmi(app.id().hex()));

            assertThat(shape(plan)).containsExactly("untag app:1", delete(app, 110 * MB));
        }

        @Test
        void aDanglingImageIsDeleted() {
            Image dangling = image("dangling", List.of(), own);

            RemovalPlan plan = docker.planImages(snapshot(dangling), rmi(dangling.id().shortId()));

            assertThat(shape(plan)).containsExactly(delete(dangling, 10 * MB));
        }
    }

    @Nested
    class InUse {

        private final Container stopped = container("eager_turing", app, ContainerState.EXITED, 5);
        private final Container running = container("busy_bee", app, ContainerState.RUNNING, 7);

        @Test
        void byLastTagTheRefusalNamesTheContainerLikeDocker() {
            RemovalPlan plan = docker.planImages(snapshot(List.of(app), List.of(stopped)), rmi("app:1"));

            assertThat(plan.refusals()).containsExactly(new Refusal("app:1", Refusal.Kind.CONFLICT,
                    "conflict: unable to remove repository reference \"app:1\" (must force) - container "
                            + stopped.shortId() + " (eager_turing, exited) is using its referenced image "
                            + app.id().shortId()));
            assertThat(plan.actions()).isEmpty();
        }

        @Test
        void theRefusalNamesEveryContainerInAnyState() {
            Container created = container("fresh", app, ContainerState.CREATED);
            RemovalPlan plan = podman.planImages(snapshot(List.of(app), List.of(stopped, running, created)),
                    rmi(app.id().shortId()));

            assertThat(plan.refusals()).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(Refusal.Kind.CONFLICT);
                assertThat(r.message()).startsWith("conflict: unable to delete " + app.id().shortId() + " (must be forced)")
                        .contains(stopped.shortId() + " (eager_turing, exited)")
                        .contains(running.shortId() + " (busy_bee, running)")
                        .contains(created.shortId() + " (fresh, created)");
            });
            assertThat(plan.actions()).isEmpty();
        }

        @Test
        void withContainersRemovesThemFirstThenUntagsThenDeletes() {
            RemovalPlan plan = docker.planImages(snapshot(List.of(app), List.of(stopped)),
                    rmiWithContainers(false, "app:1"));

            assertThat(shape(plan)).containsExactly(
                    "removeContainer eager_turing bytes=5", "untag app:1", delete(app, 110 * MB));
            assertThat(plan.reclaimedBytes()).isEqualTo(110 * MB + 5);
            DeleteImage delete = (DeleteImage) plan.actions().get(2);
            assertThat(delete.expectedTags()).isEmpty();
            assertThat(delete.expectedContainerIds()).isEmpty();
        }

        @Test
        void withContainersIsTheSamePlanOnDockerAndPodman() {
            StoreSnapshot snap = snapshot(List.of(app), List.of(stopped, running));
            RemovalRequest request = rmiWithContainers(true, "app:1");

            assertThat(podman.planImages(snap, request)).isEqualTo(docker.planImages(snap, request));
        }

        @Test
        void withContainersRefusesARunningContainerWithoutForceAndTouchesNothing() {
            RemovalPlan plan = docker.planImages(snapshot(List.of(app), List.of(stopped, running)),
                    rmiWithContainers(false, "app:1"));

            assertThat(plan.actions()).isEmpty();
            assertThat(plan.refusals()).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(Refusal.Kind.CONFLICT);
                assertThat(r.message()).contains(running.shortId() + " (busy_bee, running)")
                        .doesNotContain("eager_turing").contains("-f");
            });
        }

        @Test
        void withContainersAndForceStopsAndRemovesRunningOnes() {
            RemovalPlan plan = docker.planImages(snapshot(List.of(app), List.of(stopped, running)),
                    rmiWithContainers(true, "app:1"));

            // The containers in the listing order: created in the same second, so by name.
            assertThat(shape(plan)).containsExactly("removeContainer busy_bee force bytes=7",
                    "removeContainer eager_turing force bytes=5", "untag app:1", delete(app, 110 * MB));
            assertThat(plan.reclaimedBytes()).isEqualTo(110 * MB + 12);
        }

        @Test
        void forceOnDockerDeletesTheImageAndLeavesStoppedContainersOrphaned() {
            RemovalPlan plan = docker.planImages(snapshot(List.of(app), List.of(stopped)), rmiForce("app:1"));

            assertThat(shape(plan)).containsExactly("untag app:1", "deleteImage " + app.id().shortId() + " force bytes=" + 110 * MB);
            DeleteImage delete = (DeleteImage) plan.actions().get(1);
            assertThat(delete.expectedContainerIds()).containsExactly(stopped.id());
            assertThat(delete.expectedTags()).isEmpty();
            assertThat(delete.reason()).contains("eager_turing");
            assertThat(plan.kept()).isEmpty();
        }

        @Test
        void forceOnPodmanUntagsButKeepsTheDataAndSaysSo() {
            RemovalPlan plan = podman.planImages(snapshot(List.of(app), List.of(stopped)), rmiForce("app:1"));

            assertThat(shape(plan)).containsExactly("untag app:1");
            assertThat(plan.kept()).singleElement().satisfies(k -> {
                assertThat(k.target()).isEqualTo(app.id().toString());
                assertThat(k.reason()).contains("eager_turing").contains("kept");
            });
            assertThat(plan.reclaimedBytes()).isZero();
            assertThat(plan.refusals()).isEmpty();
        }

        @Test
        void forceWithARunningContainerUntagsOnlyOnEveryEngine() {
            StoreSnapshot snap = snapshot(List.of(app), List.of(stopped, running));
            for (RemovalPlanner planner : List.of(docker, podman)) {
                RemovalPlan plan = planner.planImages(snap, rmiForce(app.id().shortId()));

                assertThat(shape(plan)).containsExactly("untag app:1");
                assertThat(plan.kept()).singleElement().satisfies(k -> {
                    assertThat(k.target()).isEqualTo(app.id().toString());
                    assertThat(k.reason()).contains("busy_bee").contains("running").contains("kept");
                });
            }
        }

        @Test
        void forceNeverRemovesAContainer() {
            StoreSnapshot snap = snapshot(List.of(app), List.of(stopped, running));
            for (RemovalPlanner planner : List.of(docker, podman)) {
                for (String target : List.of("app:1", app.id().shortId())) {
                    assertThat(planner.planImages(snap, rmiForce(target)).actions())
                            .noneMatch(a -> a instanceof RemoveContainer);
                }
            }
        }
    }

    @Nested
    class ParentsAndChildren {

        private final Image parent = image("parent", List.of("p:1"), base);
        private final Image kid = child("kid", parent, List.of("kid:1"), base, own);

        @Test
        void byIdAnImageWithChildrenIsRefusedEvenWhenForced() {
            for (RemovalRequest request : List.of(rmi(parent.id().shortId()), rmiForce(parent.id().shortId()))) {
                RemovalPlan plan = docker.planImages(snapshot(parent, kid), request);

                assertThat(plan.refusals()).containsExactly(new Refusal(parent.id().shortId(), Refusal.Kind.CONFLICT,
                        "conflict: unable to delete " + parent.id().shortId()
                                + " (cannot be forced) - image has dependent child images"));
                assertThat(plan.actions()).isEmpty();
            }
        }

        @Test
        void byLastTagAnImageWithChildrenIsOnlyUntaggedAndKept() {
            RemovalPlan plan = docker.planImages(snapshot(parent, kid), rmi("p:1"));

            assertThat(shape(plan)).containsExactly("untag p:1");
            assertThat(plan.kept()).singleElement().satisfies(k -> {
                assertThat(k.target()).isEqualTo(parent.id().toString());
                assertThat(k.reason()).contains("has dependent child images");
            });
        }

        @Test
        void childAndParentTogetherAreDeletedChildFirst() {
            RemovalPlan plan = docker.planImages(snapshot(parent, kid), rmi("p:1", "kid:1"));

            assertThat(shape(plan)).containsExactly("untag p:1", "untag kid:1",
                    delete(kid, 10 * MB), delete(parent, 100 * MB));
            assertThat(plan.kept()).isEmpty();
            assertThat(plan.reclaimedBytes()).isEqualTo(110 * MB);
        }

        @Test
        void deletingAChildPrunesItsUntaggedParentChain() {
            Image grand = image("grand", List.of(), layer("g", 1));
            Image mid = child("mid", grand, List.of(), layer("g", 1), layer("m", 2));
            Image leaf = child("leaf", mid, List.of("leaf:1"), layer("g", 1), layer("m", 2), layer("l", 4));

            RemovalPlan plan = docker.planImages(snapshot(grand, mid, leaf), rmi("leaf:1"));

            assertThat(shape(plan)).containsExactly("untag leaf:1", delete(leaf, 4), delete(mid, 2), delete(grand, 1));
            assertThat(plan.actions().get(2).reason()).contains("parent").contains(leaf.id().shortId());
            assertThat(plan.reclaimedBytes()).isEqualTo(7);
        }

        @Test
        void pruningStopsAtATaggedParentAParentWithOtherChildrenOrAParentInUse() {
            Image grand = image("grand", List.of(), layer("g", 1));
            Image tagged = child("tagged", grand, List.of("t:1"), layer("g", 1));
            Image leaf = child("leaf", tagged, List.of("leaf:1"), layer("g", 1), layer("l", 4));
            assertThat(shape(docker.planImages(snapshot(grand, tagged, leaf), rmi("leaf:1"))))
                    .containsExactly("untag leaf:1", delete(leaf, 4));

            Image mid = child("mid", grand, List.of(), layer("g", 1));
            Image leaf2 = child("leaf2", mid, List.of("leaf2:1"), layer("l2", 4));
            Image sibling = child("sibling", mid, List.of("sib:1"), layer("s", 8));
            assertThat(shape(docker.planImages(snapshot(grand, mid, leaf2, sibling), rmi("leaf2:1"))))
                    .containsExactly("untag leaf2:1", delete(leaf2, 4));

            StoreSnapshot used = snapshot(List.of(grand, mid, leaf2), List.of(container("c", mid, ContainerState.EXITED)));
            assertThat(shape(docker.planImages(used, rmi("leaf2:1"))))
                    .containsExactly("untag leaf2:1", delete(leaf2, 4));
        }

        @Test
        void aParentKeepsItsOwnContainersWhenOnlyTheChildsAreRemoved() {
            Image mid = image("mid", List.of(), layer("m", 2));
            Image leaf = child("leaf", mid, List.of("leaf:1"), layer("l", 4));
            Container onMid = container("onmid", mid, ContainerState.EXITED, 3);
            Container onLeaf = container("onleaf", leaf, ContainerState.EXITED, 1);

            // Only leaf's containers are removed; mid keeps its own container, so it is not pruned.
            RemovalPlan plan = docker.planImages(snapshot(List.of(mid, leaf), List.of(onMid, onLeaf)),
                    rmiWithContainers(false, "leaf:1"));

            assertThat(shape(plan)).containsExactly("removeContainer onleaf bytes=1", "untag leaf:1", delete(leaf, 4));
        }
    }

    @Nested
    class Bytes {

        private final Layer l1 = layer("L1", 100 * MB);
        private final Layer l2 = layer("L2", 10 * MB);
        private final Layer l3 = layer("L3", 20 * MB);
        private final Image b = image("B", List.of("b:1"), l1);
        private final Image c1 = image("C1", List.of("c1:1"), l1, l2);
        private final Image c2 = image("C2", List.of("c2:1"), l1, l3);
        private final Container onB = container("onb", b, ContainerState.RUNNING, 1);

        @Test
        void aSharedLayerIsNotFreedWhileAnotherImageHoldsIt() {
            RemovalPlan plan = docker.planImages(snapshot(List.of(b, c1, c2), List.of(onB)), rmi("c1:1", "c2:1"));

            assertThat(shape(plan)).containsExactly("untag c1:1", "untag c2:1", delete(c1, 10 * MB), delete(c2, 20 * MB));
            assertThat(plan.reclaimedBytes()).isEqualTo(30 * MB);
        }

        @Test
        void aSharedLayerIsFreedOnceByTheLastImageHoldingIt() {
            RemovalPlan plan = docker.planImages(snapshot(List.of(b, c1, c2), List.of(onB)),
                    rmiWithContainers(true, "c1:1", "b:1", "c2:1"));

            assertThat(shape(plan)).containsExactly("removeContainer onb force bytes=1",
                    "untag c1:1", "untag b:1", "untag c2:1",
                    delete(c1, 10 * MB), delete(b, 0), delete(c2, 120 * MB));
            assertThat(plan.reclaimedBytes()).isEqualTo(130 * MB + 1);
        }

        @Test
        void anImageWithoutLayerDetailFreesItsWholeSize() {
            Image opaque = opaqueImage("opaque", List.of("o:1"), 42);

            RemovalPlan plan = docker.planImages(snapshot(opaque), rmi("o:1"));

            assertThat(shape(plan)).containsExactly("untag o:1", delete(opaque, 42));
            assertThat(plan.reclaimedBytes()).isEqualTo(42);
        }
    }

    @Test
    void actionsRunContainersThenUntagsThenDeletions() {
        Image x = image("x", List.of("x:1"), layer("x", 1));
        Image y = image("y", List.of("y:1", "y:2"), layer("y", 2));
        Image z = image("z", List.of("z:1"), layer("z", 4));
        StoreSnapshot snap = snapshot(List.of(x, y, z),
                List.of(container("cx", x, ContainerState.EXITED), container("cz", z, ContainerState.CREATED)));

        RemovalPlan plan = docker.planImages(snap, rmiWithContainers(false, "x:1", "y:2", "z:1"));

        assertThat(plan.actions()).extracting(RemovalAction::kind).containsExactly(
                "removeContainer", "removeContainer", "untag", "untag", "untag", "deleteImage", "deleteImage");
        assertThat(plan.actions()).extracting(RemovalAction::target).containsExactly(
                "cx", "cz", "x:1", "y:2", "z:1", x.id().toString(), z.id().toString());
    }

    @Test
    void everyActionCarriesAReason() {
        Image multi = image("multi", List.of("m:1", "m:2"), base);
        StoreSnapshot snap = snapshot(List.of(app, multi), List.of(container("c", app, ContainerState.EXITED)));

        RemovalPlan plan = docker.planImages(snap, rmiWithContainers(false, "app:1", "m:1"));

        assertThat(plan.actions()).hasSize(4).allSatisfy(a -> assertThat(a.reason()).isNotBlank());
        assertThat(plan.actions()).filteredOn(a -> a instanceof DeleteImage)
                .extracting(a -> ((DeleteImage) a).expectedTags()).containsOnly(Set.of());
    }
}
