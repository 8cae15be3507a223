package io.imgctl.domain.removal;

import static io.imgctl.domain.store.TestStore.container;
import static io.imgctl.domain.store.TestStore.image;
import static io.imgctl.domain.store.TestStore.layer;
import static io.imgctl.domain.store.TestStore.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.removal.RemovalAction.RemoveContainer;
import io.imgctl.domain.store.StoreSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerRemovalPlannerTest {

    private final RemovalPlanner planner = new RemovalPlanner(EngineBehaviour.DOCKER);
    private final Image app = image("app", List.of("app:1"), layer("app", 10));
    private final Container web = container("web", app, ContainerState.RUNNING, 7);
    private final Container job = container("job", app, ContainerState.EXITED, 3);
    private final StoreSnapshot snap = snapshot(List.of(app), List.of(web, job));

    @Test
    void removesAStoppedContainerByNameIdOrPrefix() {
        for (String arg : List.of("job", job.id(), job.shortId(), job.id().substring(0, 5))) {
            RemovalPlan plan = planner.planContainers(snap, List.of(arg), false);

            assertThat(plan.actions()).as(arg).singleElement().satisfies(a -> {
                RemoveContainer rc = (RemoveContainer) a;
                assertThat(rc.containerId()).isEqualTo(job.id());
                assertThat(rc.name()).isEqualTo("job");
                assertThat(rc.imageId()).isEqualTo(app.id());
                assertThat(rc.force()).isFalse();
                assertThat(rc.bytes()).isEqualTo(3);
                assertThat(rc.reason()).isNotBlank();
            });
            assertThat(plan.reclaimedBytes()).isEqualTo(3);
            assertThat(plan.refusals()).isEmpty();
        }
    }

    @Test
    void refusesARunningContainerWithoutForceInDockersWords() {
        RemovalPlan plan = planner.planContainers(snap, List.of("web", "job"), false);

        assertThat(plan.refusals()).containsExactly(new Refusal("web", Refusal.Kind.CONFLICT,
                "Error: You cannot remove a running container " + web.id()
                        + ". Stop the container before attempting removal or force remove"));
        assertThat(plan.actions()).extracting(RemovalAction::target).containsExactly("job");
    }

    @Test
    void aPausedContainerMustBeUnpausedFirst() {
        Container paused = container("nap", app, ContainerState.PAUSED, 0);

        RemovalPlan plan = planner.planContainers(snapshot(List.of(app), List.of(paused)), List.of("nap"), false);

        assertThat(plan.refusals()).singleElement().extracting(Refusal::message).isEqualTo(
                "Error: You cannot remove a paused container " + paused.id()
                        + ". Unpause and then stop the container before attempting removal or force remove");
    }

    @Test
    void forceRemovesARunningContainer() {
        RemovalPlan plan = planner.planContainers(snap, List.of("web"), true);

        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(((RemoveContainer) a).force()).isTrue();
            assertThat(a.target()).isEqualTo("web");
        });
        assertThat(plan.refusals()).isEmpty();
    }

    @Test
    void anUnknownContainerIsNotFoundAndARepeatIsNotAnError() {
        RemovalPlan plan = planner.planContainers(snap, List.of("nope", "job", job.shortId()), false);

        assertThat(plan.refusals()).containsExactly(
                new Refusal("nope", Refusal.Kind.NOT_FOUND, "Error: No such container: nope"));
        assertThat(plan.actions()).hasSize(1);
    }

    @Test
    void anAmbiguousPrefixIsRefused() {
        Map<Character, List<Container>> byFirst = new HashMap<>();
        List<Container> containers = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            Container c = container("c" + i, app, ContainerState.EXITED, 0);
            containers.add(c);
            byFirst.computeIfAbsent(c.id().charAt(0), k -> new ArrayList<>()).add(c);
        }
        String prefix = byFirst.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> String.valueOf(e.getKey())).findFirst().orElseThrow();

        RemovalPlan plan = planner.planContainers(snapshot(List.of(app), containers), List.of(prefix), true);

        assertThat(plan.refusals()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(Refusal.Kind.AMBIGUOUS);
            assertThat(r.message()).isEqualTo("Error: multiple IDs found with provided prefix: " + prefix);
        });
        assertThat(plan.actions()).isEmpty();
    }
}
