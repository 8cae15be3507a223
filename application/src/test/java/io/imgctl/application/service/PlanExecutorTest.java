package io.imgctl.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.imgctl.application.port.in.RemovalInterruptedException;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.testdouble.InMemoryEngine;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.removal.Outcome;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.RemovalReport;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * The engine, stopping (every call, ping included, fails as unreachable) right after {@code removals}
     * removal calls went through; with {@code midCall} it stops in the middle of the next removal call
     * instead (it carries the call out, but its answer never comes). {@code pingAnswers} keeps the ping
     * answering: a single broken call, not a stopped engine.
     */
    private ContainerEngine stoppingAfter(int removals, boolean midCall, boolean pingAnswers) {
        AtomicInteger left = new AtomicInteger(removals);
        AtomicBoolean stopped = new AtomicBoolean(false);
        return (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ContainerEngine.class},
                (proxy, method, args) -> {
                    boolean removal = Set.of("untag", "deleteImage", "removeContainer").contains(method.getName());
                    if (stopped.get() && !(pingAnswers && method.getName().equals("ping"))) {
                        throw new EngineUnavailableException("Tried to " + method.getName() + " on test but it did not answer"
                                + " (connection refused). Start it with: test");
                    }
                    Object result;
                    try {
                        result = method.invoke(engine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (removal && midCall && left.getAndDecrement() <= 0) {
                        stopped.set(true);
                        throw new EngineUnavailableException("Tried to " + method.getName() + " on test but the"
                                + " connection closed in the middle of the answer");
                    }
                    if (removal && !midCall && left.decrementAndGet() <= 0) {
                        stopped.set(true);
                    }
                    return result;
                });
    }

    private RemovalPlan removeBothImages() {
        return plan(new RemovalAction.Untag(A, a.id(), "r"),
                new RemovalAction.DeleteImage(a.id(), Set.of(A), Set.of(), false, "r", 10),
                new RemovalAction.Untag(B, b.id(), "r"),
                new RemovalAction.DeleteImage(b.id(), Set.of(B), Set.of(), false, "r", 20));
    }

    @Test
    void anEngineThatStopsEndsThePlanWithWhatWasDoneAndWhatWasNot() {
        // One removal call: the untag of a and its deletion are one deletion call (a's only tag).
        RemovalInterruptedException stopped = catchThrowableOfType(
                () -> new PlanExecutor(stoppingAfter(1, false, false)).execute(removeBothImages()),
                RemovalInterruptedException.class);

        RemovalReport report = stopped.report();
        assertThat(report.outcomes()).extracting(Outcome::result).containsExactly("done", "done", "failed", "failed");
        assertThat(report.outcomes().subList(2, 4)).extracting(Outcome::detail).allMatch(d -> d.startsWith(PlanExecutor.NOT_DONE));
        assertThat(report.outcomes().subList(2, 4)).extracting(o -> ((Outcome.Failed) o).failure())
                .containsOnly(Outcome.Failure.NOT_DONE);
        assertThat(stopped.getMessage()).doesNotContain("\n")
                .startsWith("Tried to carry out 4 removal actions but the engine stopped answering (2 done; not done: untag "
                        + B + ", deleteImage " + b.id() + "): Tried to findImageNames on test but it did not answer")
                .endsWith("Start it with: test");
        assertThat(stopped.getCause()).isInstanceOf(EngineUnavailableException.class);
        assertThat(engine.findImage(a.id().toString())).isEmpty();
        assertThat(engine.findImage(B.familiar())).isPresent();
    }

    @Test
    void theActionTheEngineStoppedInTheMiddleOfIsNotConfirmed() {
        // The first removal call, the deletion of a that carries out its untag too, is cut: neither is confirmed.
        RemovalInterruptedException stopped = catchThrowableOfType(
                () -> new PlanExecutor(stoppingAfter(0, true, false)).execute(removeBothImages()),
                RemovalInterruptedException.class);

        List<Outcome> outcomes = stopped.report().outcomes();
        assertThat(outcomes.subList(0, 2)).extracting(Outcome::detail).allMatch(d -> d.startsWith(PlanExecutor.NOT_CONFIRMED));
        assertThat(outcomes.subList(2, 4)).extracting(Outcome::detail).allMatch(d -> d.startsWith(PlanExecutor.NOT_DONE));
        assertThat(outcomes).extracting(o -> ((Outcome.Failed) o).failure()).containsExactly(Outcome.Failure.NOT_CONFIRMED,
                Outcome.Failure.NOT_CONFIRMED, Outcome.Failure.NOT_DONE, Outcome.Failure.NOT_DONE);
        assertThat(stopped.getMessage()).contains("(0 done; not confirmed: untag " + A + ", deleteImage " + a.id()
                + "; not done: untag " + B + ", deleteImage " + b.id() + ")");
        assertThat(engine.findImage(a.id().toString())).as("the engine did carry out the cut call").isEmpty();
    }

    @Test
    void inParallelTooNothingStartsOnceTheEngineStoppedAndEveryActionIsAccountedFor() {
        List<RemovalAction> actions = new java.util.ArrayList<>();
        List<Image> images = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ImageReference ref = ImageReference.parse("registry.test/p" + i + ":1");
            engine.publish(ref.familiar(), Map.of("p" + i, 5L + i), Map.of());
            Image image = engine.findImage(engine.pull(ref, PullListener.IGNORE).imageId().toString()).orElseThrow();
            images.add(image);
            actions.add(new RemovalAction.Untag(ref, image.id(), "r"));
            actions.add(new RemovalAction.DeleteImage(image.id(), Set.of(ref), Set.of(), false, "r", 5L + i));
        }

        RemovalInterruptedException stopped = catchThrowableOfType(
                () -> new PlanExecutor(stoppingAfter(3, false, false), 4).execute(plan(actions.toArray(RemovalAction[]::new))),
                RemovalInterruptedException.class);

        List<Outcome> outcomes = stopped.report().outcomes();
        assertThat(outcomes).hasSize(24);
        assertThat(outcomes).allMatch(o -> o instanceof Outcome.Done || RemovalInterruptedException.cutShort(o));
        assertThat(outcomes).filteredOn(o -> o.detail().startsWith(PlanExecutor.NOT_DONE)).isNotEmpty();
        for (int i = 0; i < 12; i++) {
            boolean deleted = outcomes.get(2 * i + 1) instanceof Outcome.Done;
            assertThat(engine.findImage(images.get(i).id().toString()).isEmpty()).as("image %d deleted", i).isEqualTo(deleted);
        }
        // 3 deletions went through before the stop; with 4 in flight at most, at most 3 more were under way.
        assertThat(outcomes).filteredOn(o -> o instanceof Outcome.Done).hasSizeBetween(6, 12);
    }

    @Test
    void aCallThatFailsAsUnreachableWhileTheEngineStillAnswersAPingFailsOnlyThatAction() {
        RemovalReport report = new PlanExecutor(stoppingAfter(1, true, true)).execute(
                plan(new RemovalAction.Untag(A, a.id(), "r"), new RemovalAction.Untag(B, b.id(), "r")));

        assertThat(report.outcomes()).extracting(Outcome::result).containsExactly("done", "failed");
        assertThat(report.outcomes().get(1).detail()).startsWith("Tried to untag on test but the connection closed");
    }

    @Test
    void aContainerCreatedBetweenTheCheckAndTheDeletionSkipsTheDeletionItIsNeverForced() {
        ContainerEngine racing = (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> {
                    if (method.getName().equals("deleteImage")) {
                        // a run that raced the removal: its container appears after the check, before the delete
                        engine.createContainer(new ContainerSpec(B, Optional.of("racer"), List.of("echo")));
                    }
                    try {
                        return method.invoke(engine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        RemovalReport report = new PlanExecutor(racing).execute(plan(
                new RemovalAction.DeleteImage(b.id(), Set.of(B), Set.of(), false, "r", 20)));

        assertThat(report.outcomes()).singleElement().isInstanceOf(Outcome.Skipped.class);
        assertThat(report.outcomes().get(0).detail()).as("the refusal explained as the check says it")
                .contains("racer").contains("now uses image " + b.id().shortId());
        assertThat(engine.findImage(b.id().toString())).as("the image stays with the container that uses it").isPresent();
        assertThat(engine.findContainer("racer")).get().satisfies(c -> assertThat(c.imageId()).isEqualTo(b.id()));
    }

    @Test
    void aConflictThatTheCheckCannotExplainIsSkippedWithTheEnginesWords() {
        ContainerEngine refusing = intercepting("deleteImage", () -> {
            throw new io.imgctl.application.port.out.ConflictException("conflict: unable to delete (must be forced) - no reason given");
        });

        RemovalReport report = new PlanExecutor(refusing).execute(plan(
                new RemovalAction.DeleteImage(b.id(), Set.of(B), Set.of(), false, "r", 20)));

        assertThat(report.outcomes()).singleElement().isInstanceOf(Outcome.Skipped.class);
        assertThat(report.outcomes().get(0).detail()).isEqualTo(PlanExecutor.RACED
                + "conflict: unable to delete (must be forced) - no reason given");
        assertThat(engine.findImage(b.id().toString())).isPresent();
    }

    @Test
    void anUnforcedDeletionLeavesTheContainerCheckToTheEngineAForcedOneReadsTheContainers() {
        AtomicInteger reads = new AtomicInteger();
        ContainerEngine counting = intercepting("containersUsing", reads::incrementAndGet);
        Container user = engine.createContainer(new ContainerSpec(A, Optional.of("user"), List.of("echo")));

        RemovalReport unforced = new PlanExecutor(counting).execute(plan(
                new RemovalAction.Untag(B, b.id(), "r"),
                new RemovalAction.DeleteImage(b.id(), Set.of(B), Set.of(), false, "r", 20)));

        assertThat(unforced.outcomes()).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Done.class));
        assertThat(reads).as("containers read for an unforced deletion").hasValue(0);

        RemovalReport forced = new PlanExecutor(counting).execute(plan(
                new RemovalAction.DeleteImage(a.id(), Set.of(A), Set.of(user.id()), true, "r", 10)));

        assertThat(forced.outcomes()).singleElement().isInstanceOf(Outcome.Done.class);
        assertThat(reads).as("containers read for a forced deletion").hasValue(1);
    }

    @Test
    void anInterruptedCommandStartsNoFurtherAction() {
        AtomicInteger deletions = new AtomicInteger();
        ContainerEngine interrupting = intercepting("deleteImage", () -> {
            if (deletions.incrementAndGet() == 1) {
                Thread.currentThread().interrupt(); // the resident server's client went away during the first
            }
        });
        RemovalPlan plan = plan(
                new RemovalAction.DeleteImage(a.id(), Set.of(A), Set.of(), false, "r", 10),
                new RemovalAction.DeleteImage(b.id(), Set.of(B), Set.of(), false, "r", 20));
        try {
            assertThatThrownBy(() -> new PlanExecutor(interrupting, 1).execute(plan))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("interrupted");
            assertThat(deletions).hasValue(1);
            assertThat(engine.findImage(b.id().toString())).as("the second deletion never started").isPresent();

            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> new PlanExecutor(engine, 4).execute(plan(
                    new RemovalAction.DeleteImage(b.id(), Set.of(B), Set.of(), false, "r", 20))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("interrupted");
            assertThat(engine.findImage(b.id().toString())).as("nothing starts once interrupted").isPresent();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anInterruptWhileActionsRunInParallelEndsThemWithoutStartingMore() throws Exception {
        List<RemovalAction> deletions = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ImageReference ref = ImageReference.parse("registry.test/many:" + i);
            engine.publish(ref.familiar(), Map.of("many" + i, 1L), Map.of());
            deletions.add(new RemovalAction.DeleteImage(engine.pull(ref, PullListener.IGNORE).imageId(), Set.of(ref),
                    Set.of(), false, "r", 1));
        }
        Thread command = Thread.currentThread();
        AtomicInteger started = new AtomicInteger();
        ContainerEngine interrupting = intercepting("deleteImage", () -> {
            if (started.incrementAndGet() == 3) {
                command.interrupt(); // the resident server's client went away
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutdownNow cut it; the deletion still goes to the engine
            }
        });
        List<Throwable> uncaught = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            assertThatThrownBy(() -> new PlanExecutor(interrupting, 4).execute(plan(deletions.toArray(RemovalAction[]::new))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("interrupted");
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            Thread.sleep(150); // the units in flight (submitted before the interrupt) end
            int afterTheInterrupt = started.get();
            Thread.sleep(300);
            assertThat(started.get()).as("no action started after those in flight").isEqualTo(afterTheInterrupt)
                    .isLessThanOrEqualTo(3 + 4);
            assertThat(uncaught).as("the units in flight end quietly").isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
            Thread.interrupted();
        }
    }

    /** The engine, with {@code before} run before every call of the method named {@code name}. */
    private ContainerEngine intercepting(String name, Runnable before) {
        return (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> {
                    if (method.getName().equals(name)) {
                        before.run();
                    }
                    try {
                        return method.invoke(engine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
