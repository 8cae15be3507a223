package io.imgctl.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.testdouble.InMemoryEngine;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.removal.Outcome;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.RemovalReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlanExecutorTest {

    private static final ImageReference A = ImageReference.parse("registry.test/a:1");
    private static final ImageReference B = ImageReference.parse("registry.test/b:1");

    private InMemoryEngine engine;
    private Image a;
    private Image b;

    @BeforeEach
    void setUp() {
        engine = new InMemoryEngine();
        engine.publish(A.familiar(), Map.of("a", 10L), Map.of());
        engine.publish(B.familiar(), Map.of("b", 20L), Map.of());
        a = engine.findImage(engine.pull(A, PullListener.IGNORE).imageId().toString()).orElseThrow();
        b = engine.findImage(engine.pull(B, PullListener.IGNORE).imageId().toString()).orElseThrow();
    }

    private static RemovalPlan plan(RemovalAction... actions) {
        return new RemovalPlan(List.of(actions), List.of(), List.of(), 0);
    }

    @Test
    void anEngineFailureIsReportedAndTheRestOfThePlanStillRuns() {
        Container source = engine.createContainer(new ContainerSpec(A, Optional.empty(), List.of("echo")));
        engine.startContainer(source.id());
        engine.commit(source.id(), ImageReference.parse("registry.test/child:1"));
        RemovalAction doomed = new RemovalAction.DeleteImage(a.id(), Set.of(A), Set.of(source.id()), true, "r", 10);
        RemovalAction fine = new RemovalAction.DeleteImage(b.id(), Set.of(B), Set.of(), false, "r", 20);

        RemovalReport report = new PlanExecutor(engine).execute(plan(doomed, fine));

        assertThat(report.outcomes()).hasSize(2);
        assertThat(report.outcomes().get(0)).isInstanceOf(Outcome.Failed.class);
        assertThat(report.outcomes().get(0).detail()).contains("dependent child images");
        assertThat(report.outcomes().get(1)).isInstanceOf(Outcome.Done.class);
        assertThat(report.outcomes().get(1).detail()).isEqualTo("Untagged: registry.test/b:1\nDeleted: " + b.id());
        assertThat(report.exitCode()).isEqualTo(4);
        assertThat(engine.findImage(b.id().toString())).isEmpty();
    }

    @Test
    void actionsRunInPlanOrderAndEachSeesWhatTheOnesBeforeDid() {
        Container stopped = engine.createContainer(new ContainerSpec(A, Optional.of("old"), List.of("echo")));
        engine.startContainer(stopped.id());
        RemovalPlan plan = plan(
                new RemovalAction.RemoveContainer(stopped.id(), "old", a.id(), false, "r", 0),
                new RemovalAction.Untag(A, a.id(), "r"),
                new RemovalAction.DeleteImage(a.id(), Set.of(A), Set.of(stopped.id()), false, "r", 10));

        RemovalReport report = new PlanExecutor(engine).execute(plan);

        assertThat(report.outcomes()).allMatch(o -> o instanceof Outcome.Done);
        assertThat(report.outcomes()).extracting(Outcome::detail)
                .containsExactly("old", "Untagged: registry.test/a:1", "Deleted: " + a.id());
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void aGoneContainerOrImageIsSkippedNotFailed() {
        Container c = engine.createContainer(new ContainerSpec(A, Optional.of("gone"), List.of("echo")));
        engine.removeContainer(c.id(), true);
        engine.deleteImage(b.id(), true);

        RemovalReport report = new PlanExecutor(engine).execute(plan(
                new RemovalAction.RemoveContainer(c.id(), "gone", a.id(), false, "r", 0),
                new RemovalAction.Untag(B, b.id(), "r"),
                new RemovalAction.DeleteImage(b.id(), Set.of(B), Set.of(), false, "r", 20)));

        assertThat(report.outcomes()).allMatch(o -> o instanceof Outcome.Skipped);
        assertThat(report.outcomes()).extracting(Outcome::detail).allMatch(d -> d.contains("no longer exists"));
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void aContainerStartedSincePlanningIsNotRemovedWithoutForce() {
        Container c = engine.createContainer(new ContainerSpec(A, Optional.of("late"), List.of("sleep", "9")));
        RemovalPlan plan = plan(new RemovalAction.RemoveContainer(c.id(), "late", a.id(), false, "r", 0));
        engine.startContainer(c.id());

        RemovalReport report = new PlanExecutor(engine).execute(plan);

        assertThat(report.outcomes()).singleElement().isInstanceOf(Outcome.Skipped.class);
        assertThat(engine.findContainer(c.id())).isPresent();
    }
}
