package io.imgctl.domain.removal.policy;

import static io.imgctl.domain.removal.policy.PruneFixtures.ago;
import static io.imgctl.domain.removal.policy.PruneFixtures.ctr;
import static io.imgctl.domain.removal.policy.PruneFixtures.img;
import static io.imgctl.domain.removal.policy.PruneFixtures.plan;
import static io.imgctl.domain.removal.policy.PruneFixtures.pulledLongAgo;
import static io.imgctl.domain.removal.policy.PruneFixtures.store;
import static io.imgctl.domain.store.TestStore.layer;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: a prune plan (its actions and its kept entries) is the same whatever order the engine listed
 * images and containers of the same second in: ties of the plan's own order go by name, then by ID.
 */
class PrunePlanOrderTest {

    private static final Instant SAME_SECOND = ago(Duration.ofDays(400));

    // The IDs (sha256 of the keys) sort B < C < A; the names apple < banana < cherry.
    private final Image apple = img("A", SAME_SECOND, List.of("apple:1"), Optional.empty(), layer("a", 1));
    private final Image banana = img("B", SAME_SECOND, List.of("banana:1"), Optional.empty(), layer("b", 2));
    private final Image cherry = img("C", SAME_SECOND, List.of("cherry:1"), Optional.empty(), layer("c", 3));
    // In use, so kept; the same trick with IDs: F sorts before D.
    private final Image dill = img("D", SAME_SECOND, List.of("dill:1"), Optional.empty(), layer("d", 4));
    private final Image fennel = img("F", SAME_SECOND, List.of("fennel:1"), Optional.empty(), layer("f", 5));
    // Exited long ago, created in the same second; alpha's ID sorts after beta's.
    private final Container alpha = exitedAt("alpha", dill);
    private final Container beta = exitedAt("beta", fennel);

    private static Container exitedAt(String name, Image image) {
        return ctr(name, image, ContainerState.EXITED, SAME_SECOND, Optional.of(SAME_SECOND),
                Optional.of(SAME_SECOND.plusSeconds(1)));
    }

    @Test
    void actionsAndKeptEntriesDoNotDependOnTheListingOrder() {
        List<Image> images = List.of(apple, banana, cherry, dill, fennel);
        PrunePolicy unused = PrunePolicy.defaults().withUnused();
        RemovalPlan first = plan(store(images, List.of(alpha, beta)), unused, pulledLongAgo(images));

        assertThat(first.actions()).filteredOn(a -> a instanceof RemovalAction.DeleteImage)
                .extracting(a -> ((RemovalAction.DeleteImage) a).imageId())
                .containsExactly(apple.id(), banana.id(), cherry.id());
        assertThat(first.kept()).extracting(k -> k.target()).containsExactly(dill.id().toString(), fennel.id().toString());
        for (long seed = 0; seed < 10; seed++) {
            List<Image> shuffled = new ArrayList<>(images);
            Collections.shuffle(shuffled, new Random(seed));
            List<Container> containers = seed % 2 == 0 ? List.of(beta, alpha) : List.of(alpha, beta);

            assertThat(plan(store(shuffled, containers), unused, pulledLongAgo(images))).as("seed %d", seed)
                    .isEqualTo(first);
        }
    }

    @Test
    void containersOfTheSameSecondAreRemovedByNameWhateverTheListingOrder() {
        List<Image> images = List.of(dill, fennel);
        PrunePolicy exited = PrunePolicy.defaults().withContainersExitedFor(Duration.ofDays(1));
        for (List<Container> listed : List.of(List.of(alpha, beta), List.of(beta, alpha))) {
            RemovalPlan plan = plan(store(images, listed), exited, pulledLongAgo(images));

            assertThat(plan.actions()).filteredOn(a -> a instanceof RemovalAction.RemoveContainer)
                    .extracting(a -> ((RemovalAction.RemoveContainer) a).containerId())
                    .containsExactly(alpha.id(), beta.id());
        }
    }

    @Test
    void keepLastRanksImagesOfTheSameSecondByNameThenId() {
        // Two tags of one repository on images created and pulled in the same second: --keep-last 1 keeps
        // the one that lists first (apps:1 before apps:2), whatever the listing order.
        Image one = img("A", SAME_SECOND, List.of("apps:1"), Optional.empty(), layer("a", 1));
        Image two = img("B", SAME_SECOND, List.of("apps:2"), Optional.empty(), layer("b", 2));
        PrunePolicy keepLast = PrunePolicy.defaults().withKeepLast(1);
        for (List<Image> listed : List.of(List.of(one, two), List.of(two, one))) {
            RemovalPlan plan = plan(store(listed, List.of()), keepLast, pulledLongAgo(listed));

            assertThat(plan.actions()).filteredOn(a -> a instanceof RemovalAction.DeleteImage)
                    .extracting(a -> ((RemovalAction.DeleteImage) a).imageId()).containsExactly(two.id());
        }
    }
}
