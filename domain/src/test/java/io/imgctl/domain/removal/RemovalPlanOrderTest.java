package io.imgctl.domain.removal;

import static io.imgctl.domain.store.TestStore.container;
import static io.imgctl.domain.store.TestStore.image;
import static io.imgctl.domain.store.TestStore.layer;
import static io.imgctl.domain.store.TestStore.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: an {@code rmi} plan's actions, and the containers its refusals name, come in the same order
 * whatever order the engine listed same-second containers in (newest first, then by name, then by ID).
 */
class RemovalPlanOrderTest {

    private final Image app = image("A", List.of("app:1"), layer("L", 10));
    // Created in the same second (TestStore.T0); alpha's ID sorts after beta's.
    private final Container alpha = container("alpha", app, ContainerState.EXITED);
    private final Container beta = container("beta", app, ContainerState.EXITED);
    private final List<List<Container>> listings = List.of(List.of(alpha, beta), List.of(beta, alpha));

    @Test
    void withContainersRemovesTheContainersInTheListingOrderWhateverTheEnginesOrder() {
        for (List<Container> listed : listings) {
            RemovalPlan plan = new RemovalPlanner(EngineBehaviour.DOCKER)
                    .planImages(snapshot(List.of(app), listed), new RemovalRequest(List.of("app:1"), false, true));

            assertThat(plan.actions()).as("listed as %s", listed.stream().map(Container::name).toList())
                    .filteredOn(a -> a instanceof RemovalAction.RemoveContainer)
                    .extracting(a -> ((RemovalAction.RemoveContainer) a).containerId())
                    .containsExactly(alpha.id(), beta.id());
        }
    }

    @Test
    void aRefusalNamesTheContainersInTheListingOrderWhateverTheEnginesOrder() {
        List<String> messages = listings.stream().map(listed -> new RemovalPlanner(EngineBehaviour.DOCKER)
                .planImages(snapshot(List.of(app), listed), new RemovalRequest(List.of("app:1"), false, false))
                .refusals().get(0).message()).toList();

        assertThat(messages.get(0)).isEqualTo(messages.get(1));
        assertThat(messages.get(0).indexOf(alpha.shortId())).isLessThan(messages.get(0).indexOf(beta.shortId()));
    }
}
