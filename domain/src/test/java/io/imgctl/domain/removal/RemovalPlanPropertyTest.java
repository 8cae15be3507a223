package io.imgctl.domain.removal;

import static io.imgctl.domain.store.TestStore.container;
import static io.imgctl.domain.store.TestStore.image;
import static io.imgctl.domain.store.TestStore.imageId;
import static io.imgctl.domain.store.TestStore.layer;
import static io.imgctl.domain.store.TestStore.opaqueImage;
import static io.imgctl.domain.store.TestStore.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.removal.RemovalAction.DeleteImage;
import io.imgctl.domain.removal.RemovalAction.RemoveContainer;
import io.imgctl.domain.removal.RemovalAction.Untag;
import io.imgctl.domain.store.DiskUsage;
import io.imgctl.domain.store.StoreSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Plans removals over many random stores, then applies each plan step by step to a model of the store
 * and checks what must hold for every plan: each action's preconditions hold when it runs, nothing is
 * deleted that Docker would refuse to delete, -f never removes a container, the order is containers,
 * untags, deletions, and the reclaimed bytes equal the drop in {@code df}.
 */
class RemovalPlanPropertyTest {

    private static final int RUNS = 3000;
    private static final List<String> REPOS = List.of("a", "b", "localhost:5000/c");
    private static final ContainerState[] STATES = ContainerState.values();

    @Test
    void everyPlanIsExecutableInOrderAndReclaimsExactlyTheDropInDiskUsage() {
        int deletions = 0;
        int orphaning = 0;
        for (int seed = 0; seed < RUNS; seed++) {
            Random rnd = new Random(seed);
            StoreSnapshot snap = randomStore(rnd);
            RemovalRequest request = new RemovalRequest(randomTargets(rnd, snap), rnd.nextBoolean(), rnd.nextBoolean());
            EngineBehaviour behaviour = rnd.nextBoolean() ? EngineBehaviour.DOCKER : EngineBehaviour.PODMAN;
            String context = "seed " + seed + " " + request + " " + behaviour;

            RemovalPlan plan = new RemovalPlanner(behaviour).planImages(snap, request);
            StoreSnapshot after = apply(snap, plan, behaviour, context);

            DiskUsage before = DiskUsage.of(snap);
            DiskUsage now = DiskUsage.of(after);
            long drop = before.totalSize() + before.containersSize() - now.totalSize() - now.containersSize();
            assertThat(plan.reclaimedBytes()).as(context).isEqualTo(drop);
            assertThat(plan.actions().stream().mapToLong(RemovalAction::bytes).sum()).as(context)
                    .isEqualTo(plan.reclaimedBytes());
            assertOrdered(plan, context);
            if (!request.withContainers()) {
                assertThat(plan.actions()).as(context).noneMatch(a -> a instanceof RemoveContainer);
            } else {
                assertThat(new RemovalPlanner(flip(behaviour)).planImages(snap, request)).as(context).isEqualTo(plan);
            }
            Set<ImageId> remaining = new HashSet<>();
            after.images().forEach(i -> remaining.add(i.id()));
            for (Kept kept : plan.kept()) {
                assertThat(remaining).as(context).contains(ImageId.parse(kept.target()));
            }
            deletions += (int) plan.actions().stream().filter(a -> a instanceof DeleteImage).count();
            orphaning += (int) plan.actions().stream()
                    .filter(a -> a instanceof DeleteImage d && !d.expectedContainerIds().isEmpty()).count();
        }
        // The generator must exercise the interesting paths, or the checks above prove little.
        assertThat(deletions).isGreaterThan(RUNS / 2);
        assertThat(orphaning).isGreaterThan(RUNS / 50);
    }

    private static EngineBehaviour flip(EngineBehaviour b) {
        return b.canOrphanContainers() ? EngineBehaviour.PODMAN : EngineBehaviour.DOCKER;
    }

    private static void assertOrdered(RemovalPlan plan, String context) {
        int last = 0;
        for (RemovalAction a : plan.actions()) {
            int rank = a instanceof RemoveContainer ? 0 : a instanceof Untag ? 1 : 2;
            assertThat(rank).as(context + " order").isGreaterThanOrEqualTo(last);
            last = rank;
        }
    }

    /** Executes the plan against a model, checking each precondition and Docker's rules as it goes. */
    private static StoreSnapshot apply(StoreSnapshot snap, RemovalPlan plan, EngineBehaviour behaviour, String context) {
        Map<ImageId, Image> images = new LinkedHashMap<>();
        snap.images().forEach(i -> images.put(i.id(), i));
        Map<String, Container> containers = new LinkedHashMap<>();
        snap.containers().forEach(c -> containers.put(c.id(), c));

        for (RemovalAction action : plan.actions()) {
            String at = context + " at " + action;
            if (action instanceof RemoveContainer rc) {
                Optional<Container> current = Optional.ofNullable(containers.get(rc.containerId()));
                assertThat(rc.violation(current)).as(at).isEmpty();
                assertThat(rc.bytes()).as(at).isEqualTo(current.orElseThrow().sizeRw());
                containers.remove(rc.containerId());
            } else if (action instanceof Untag u) {
                Optional<ImageId> target = images.values().stream()
                        .filter(i -> i.tags().contains(u.reference())).map(Image::id).findFirst();
                assertThat(u.violation(target)).as(at).isEmpty();
                Image img = images.get(u.imageId());
                List<ImageReference> tags = new ArrayList<>(img.tags());
                tags.remove(u.reference());
                images.put(img.id(), img.withTags(tags));
            } else if (action instanceof DeleteImage d) {
                Optional<Image> current = Optional.ofNullable(images.get(d.imageId()));
                List<Container> users = containers.values().stream().filter(c -> c.imageId().equals(d.imageId())).toList();
                assertThat(d.violation(current, users)).as(at).isEmpty();
                assertThat(images.values()).as(at + ": no child may remain")
                        .noneMatch(i -> i.parent().equals(Optional.of(d.imageId())));
                if (!users.isEmpty()) {
                    assertThat(d.force() && behaviour.canOrphanContainers()).as(at + ": orphaning").isTrue();
                    assertThat(users).as(at).noneMatch(Container::isRunning);
                }
                images.remove(d.imageId());
            }
        }
        return new StoreSnapshot(List.copyOf(images.values()), List.copyOf(containers.values()), snap.takenAt());
    }

    private static StoreSnapshot randomStore(Random rnd) {
        List<Layer> pool = new ArrayList<>();
        int poolSize = 1 + rnd.nextInt(12);
        for (int i = 0; i < poolSize; i++) {
            pool.add(layer("p" + i, rnd.nextInt(1000)));
        }
        Set<String> usedTags = new HashSet<>();
        List<Image> images = new ArrayList<>();
        int count = 1 + rnd.nextInt(10);
        for (int i = 0; i < count; i++) {
            String key = "r" + rnd.nextInt(1 << 20) + "-" + i;
            List<String> tags = new ArrayList<>();
            int tagCount = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(3) + (rnd.nextInt(3) == 0 ? 1 : 0);
            for (int t = 0; t < tagCount; t++) {
                String tag = REPOS.get(rnd.nextInt(REPOS.size())) + ":" + (1 + rnd.nextInt(3));
                if (usedTags.add(tag)) {
                    tags.add(tag);
                }
            }
            if (rnd.nextInt(8) == 0) {
                images.add(opaqueImage(key, tags, rnd.nextInt(500)));
                continue;
            }
            Optional<ImageId> parent = Optional.empty();
            List<Layer> layers = new ArrayList<>();
            if (!images.isEmpty() && rnd.nextInt(3) == 0) {
                Image p = images.get(rnd.nextInt(images.size()));
                parent = Optional.of(p.id());
                layers.addAll(p.layers());
            }
            int extra = rnd.nextInt(4);
            for (int l = 0; l < extra; l++) {
                layers.add(pool.get(rnd.nextInt(pool.size())));
            }
            if (layers.isEmpty()) {
                layers.add(layer("own-" + key, rnd.nextInt(300)));
            }
            images.add(image(key, tags, parent, layers.toArray(Layer[]::new)));
        }
        List<Container> containers = new ArrayList<>();
        int containerCount = rnd.nextInt(6);
        for (int c = 0; c < containerCount; c++) {
            ContainerState state = STATES[rnd.nextInt(STATES.length)];
            ImageId on = rnd.nextInt(10) == 0 ? imageId("gone") : images.get(rnd.nextInt(images.size())).id();
            containers.add(container("c" + c, on, state, rnd.nextInt(50)));
        }
        return snapshot(images, containers);
    }

    private static List<String> randomTargets(Random rnd, StoreSnapshot snap) {
        List<String> targets = new ArrayList<>();
        int count = 1 + rnd.nextInt(4);
        for (int t = 0; t < count; t++) {
            Image img = snap.images().get(rnd.nextInt(snap.images().size()));
            switch (rnd.nextInt(6)) {
                case 0, 1, 2 -> targets.add(img.tags().isEmpty() ? img.id().shortId()
                        : img.tags().get(rnd.nextInt(img.tags().size())).familiar());
                case 3 -> targets.add(img.id().shortId());
                case 4 -> targets.add(img.id().hex().substring(0, 1));
                default -> targets.add("missing:" + t);
            }
        }
        return targets;
    }
}
