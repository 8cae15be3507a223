package io.imgctl.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.testdouble.InMemoryEngine;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.removal.EngineBehaviour;
import io.imgctl.domain.removal.Outcome;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.RemovalPlanner;
import io.imgctl.domain.removal.RemovalReport;
import io.imgctl.domain.removal.RemovalRequest;
import io.imgctl.domain.store.StoreSnapshot;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The executor running a plan's actions in parallel: the order constraints hold (containers before
 * their image, an image's untags before its deletion, children before parents), outcomes come in
 * plan order, and failures are reported per action. The engine double records when each changing
 * call starts and ends, and holds the first few until that many are in flight at once, which proves
 * they overlapped (a serial executor would never get past that gate).
 */
class PlanExecutorParallelTest {

    private static final int THREADS = 4;

    private InMemoryEngine store;
    private Probe probe;

    @BeforeEach
    void setUp() {
        store = new InMemoryEngine(EngineBehaviour.DOCKER);
    }

    private ImageId pulled(String reference) {
        store.publish(reference, Map.of(reference + "-layer", 100L), Map.of());
        return store.pull(ImageReference.parse(reference), PullListener.IGNORE).imageId();
    }

    /** A child image of {@code parentRef}: committed from a container made for it (then removed). */
    private ImageId child(String parentRef, String reference) {
        Container c = store.createContainer(new ContainerSpec(ImageReference.parse(parentRef), Optional.empty(), List.of("echo")));
        ImageId id = store.commit(c.id(), ImageReference.parse(reference));
        store.removeContainer(c.id(), true);
        return id;
    }

    private RemovalPlan plan(boolean withContainers, String... targets) {
        return new RemovalPlanner(EngineBehaviour.DOCKER)
                .planImages(store.snapshot(), new RemovalRequest(List.of(targets), false, withContainers));
    }

    @ParameterizedTest(name = "parents from the snapshot: {0}")
    @ValueSource(booleans = {false, true, false, true, false, true})
    void independentActionsOverlapWhileEveryOrderConstraintOfThePlanHolds(boolean viaSnapshot) {
        // A chain of untagged parents: p <- c1 <- g, and p <- c2; g and c2 tagged.
        ImageId p = pulled("registry.test/p:1");
        ImageId c1 = child("registry.test/p:1", "registry.test/c1:1");
        ImageId c2 = child("registry.test/p:1", "registry.test/c2:1");
        ImageId g = child("registry.test/c1:1", "registry.test/g:1");
        store.untag(ImageReference.parse("registry.test/p:1"));
        store.untag(ImageReference.parse("registry.test/c1:1"));
        // An image with a stopped container, removed with it; an image with two tags.
        ImageId q = pulled("registry.test/q:1");
        Container onQ = store.createContainer(new ContainerSpec(ImageReference.parse("registry.test/q:1"),
                Optional.of("on-q"), List.of("echo")));
        store.startContainer(onQ.id());
        ImageId m = pulled("registry.test/m:1");
        store.tag(m, ImageReference.parse("registry.test/m:2"));
        List<String> targets = new ArrayList<>(List.of("registry.test/g:1", "registry.test/c2:1", "registry.test/q:1",
                "registry.test/m:1", "registry.test/m:2"));
        for (int i = 0; i < 8; i++) {
            pulled("registry.test/i" + i + ":1");
            targets.add("registry.test/i" + i + ":1");
        }
        StoreSnapshot snapshot = store.snapshot();
        RemovalPlan plan = new RemovalPlanner(EngineBehaviour.DOCKER)
                .planImages(snapshot, new RemovalRequest(targets, false, true));
        assertThat(plan.refusals()).isEmpty();
        probe = new Probe(store, THREADS);

        RemovalReport report = viaSnapshot
                ? new PlanExecutor(probe.engine(), THREADS).execute(plan, snapshot)
                : new PlanExecutor(probe.engine(), THREADS).execute(plan);

        assertThat(probe.gateOpened()).as("%d changing calls in flight at once", THREADS).isTrue();
        assertThat(probe.maxInFlight()).isGreaterThanOrEqualTo(THREADS);
        assertThat(report.outcomes()).extracting(Outcome::action).containsExactlyElementsOf(plan.actions());
        assertThat(report.outcomes()).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Done.class));
        assertThat(report.exitCode()).isZero();
        // Children before parents: g, then c1; c1 and c2, then p.
        assertThat(probe.start(deleting(g.toString()))).isPositive();
        assertThat(probe.start(deleting(c1.toString()))).isGreaterThan(probe.end(deleting(g.toString())));
        assertThat(probe.start(deleting(p.toString())))
                .isGreaterThan(probe.end(deleting(c1.toString())))
                .isGreaterThan(probe.end(deleting(c2.toString())));
        // The container before its image.
        assertThat(probe.start(deleting(q.toString()))).isGreaterThan(probe.end(call("removeContainer", onQ.id())));
        // An image's untag before its deletion (its last tag goes with the deletion itself).
        assertThat(probe.start(deleting(m.toString()))).isGreaterThan(probe.end(call("untag", "registry.test/m:1")));
        assertThat(report.outcomes()).filteredOn(o -> o.action() instanceof RemovalAction.Untag)
                .extracting(Outcome::detail)
                .containsExactlyInAnyOrder("Untagged: registry.test/g:1", "Untagged: registry.test/c2:1",
                        "Untagged: registry.test/q:1", "Untagged: registry.test/m:1", "Untagged: registry.test/m:2",
                        "Untagged: registry.test/i0:1", "Untagged: registry.test/i1:1", "Untagged: registry.test/i2:1",
                        "Untagged: registry.test/i3:1", "Untagged: registry.test/i4:1", "Untagged: registry.test/i5:1",
                        "Untagged: registry.test/i6:1", "Untagged: registry.test/i7:1");
        assertThat(store.listImages()).isEmpty();
        assertThat(store.findContainer(onQ.id())).isEmpty();
    }

    @Test
    void withoutAFixedParallelismTheEngineSaysHowManyAtOnce() {
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pulled("registry.test/n" + i + ":1");
            targets.add("registry.test/n" + i + ":1");
        }
        RemovalPlan plan = plan(false, targets.toArray(String[]::new));
        probe = new Probe(store, 3);
        ContainerEngine threeAtOnce = (ContainerEngine) Proxy.newProxyInstance(ContainerEngine.class.getClassLoader(),
                new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> method.getName().equals("concurrentRemovals")
                        ? 3 : Probe.invoke(probe.engine(), method, args));

        RemovalReport report = new PlanExecutor(threeAtOnce).execute(plan);

        assertThat(probe.gateOpened()).as("3 in flight at once").isTrue();
        assertThat(report.exitCode()).isZero();
        assertThat(store.concurrentRemovals()).as("the in-memory double's own answer").isEqualTo(1);
    }

    @Test
    void withoutTheOrderConstraintsTheEngineWouldRefuse() {
        // The double really enforces children before parents: deleting p first fails.
        ImageId p = pulled("registry.test/p:1");
        child("registry.test/p:1", "registry.test/c:1");

        assertThatThrownBy(() -> store.deleteImage(p, false)).hasMessageContaining("dependent child images");
    }

    @Test
    void failuresAreReportedPerActionAndTheOthersStillRun() {
        List<ImageId> ids = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(pulled("registry.test/f" + i + ":1"));
            targets.add("registry.test/f" + i + ":1");
        }
        RemovalPlan plan = plan(false, targets.toArray(String[]::new));
        Set<String> failing = Set.of(ids.get(2).toString(), ids.get(7).toString());
        probe = new Probe(store, THREADS, c -> c.startsWith("deleteImage ") && failing.contains(c.substring(12)));

        RemovalReport report = new PlanExecutor(probe.engine(), THREADS).execute(plan);

        assertThat(probe.gateOpened()).isTrue();
        assertThat(report.outcomes()).extracting(Outcome::action).containsExactlyElementsOf(plan.actions());
        for (Outcome o : report.outcomes()) {
            boolean doomed = o.action() instanceof RemovalAction.DeleteImage d && failing.contains(d.imageId().toString());
            if (doomed) {
                assertThat(o).isInstanceOf(Outcome.Failed.class);
                assertThat(o.detail()).isEqualTo("Tried to delete " + o.action().target() + " but failed because the test said so");
            } else {
                assertThat(o).as(o.action().target()).isInstanceOf(Outcome.Done.class);
            }
        }
        // The fused deletion failed, so its untag was carried out on its own, as without the fusion.
        assertThat(store.listImages()).extracting(i -> i.id().toString()).containsExactlyInAnyOrderElementsOf(failing);
        assertThat(store.listImages()).allSatisfy(i -> assertThat(i.tags()).isEmpty());
        assertThat(report.exitCode()).isEqualTo(4);
    }

    @Test
    void aContainerCreatedSincePlanningSkipsTheUntagAndTheDeletionOfItsImageOnly() {
        pulled("registry.test/a:1");
        ImageId b = pulled("registry.test/b:1");
        RemovalPlan plan = plan(false, "registry.test/a:1", "registry.test/b:1");
        Container late = store.createContainer(new ContainerSpec(ImageReference.parse("registry.test/b:1"),
                Optional.of("late"), List.of("echo")));
        probe = new Probe(store, 1);

        RemovalReport report = new PlanExecutor(probe.engine(), THREADS).execute(plan);

        assertThat(report.outcomes()).extracting(Outcome::action).containsExactlyElementsOf(plan.actions());
        assertThat(report.outcomes()).filteredOn(o -> o.action().target().contains("b:1") || o.action().target().equals(b.toString()))
                .hasSize(2)
                .allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Skipped.class))
                .first().satisfies(untag -> assertThat(untag.detail()).contains("(late, created) now uses image"));
        assertThat(store.findImage("registry.test/b:1")).map(i -> i.id()).contains(b);
        assertThat(store.findImage("registry.test/a:1")).isEmpty();
        // The unforced deletion was asked for and refused by the engine (it checks the containers itself,
        // see PlanExecutor.usersUnlessTheEngineChecks); the untag was never carried out on its own.
        assertThat(probe.calls()).filteredOn(c -> c.contains(b.toString()) || c.contains("b:1"))
                .containsExactly("deleteImage " + b);
        assertThat(store.findImage(b.toString())).get().satisfies(i -> assertThat(i.tags())
                .containsExactly(ImageReference.parse("registry.test/b:1")));
        assertThat(late.imageId()).isEqualTo(b);
    }

    @Test
    void theLastUntagOfAnImageIsCarriedOutByItsDeletionAndEarlierOnesByUntagCalls() {
        ImageId m = pulled("registry.test/m:1");
        store.tag(m, ImageReference.parse("registry.test/m:2"));
        RemovalPlan plan = plan(false, "registry.test/m:1", "registry.test/m:2");
        probe = new Probe(store, 1);

        RemovalReport report = new PlanExecutor(probe.engine(), 1).execute(plan);

        assertThat(probe.calls()).containsExactly("untag registry.test/m:1", "deleteImage " + m);
        assertThat(report.outcomes()).extracting(Outcome::detail)
                .containsExactly("Untagged: registry.test/m:1", "Untagged: registry.test/m:2", "Deleted: " + m);
    }

    @Test
    void anUnexpectedExceptionStopsTheRunAndReachesTheCaller() {
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pulled("registry.test/x" + i + ":1");
            targets.add("registry.test/x" + i + ":1");
        }
        RemovalPlan plan = plan(false, targets.toArray(String[]::new));
        ContainerEngine broken = (ContainerEngine) Proxy.newProxyInstance(ContainerEngine.class.getClassLoader(),
                new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> {
                    if (method.getName().equals("deleteImage")) {
                        throw new IllegalStateException("a bug, not an engine failure");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        assertThatThrownBy(() -> new PlanExecutor(broken, THREADS).execute(plan))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a bug, not an engine failure");
    }

    private static String deleting(String imageId) {
        return "deleteImage " + imageId;
    }

    private static String call(String method, String argument) {
        return method + " " + argument;
    }

    /**
     * The in-memory engine behind a proxy that numbers the start and end of every changing call
     * (untag, deleteImage, removeContainer), counts how many are in flight, holds the first
     * {@code gate} of them until that many are in flight together (for at most 10 s each), and makes
     * the calls {@code failing} names throw an engine failure.
     */
    private static final class Probe {

        private final ContainerEngine engine;
        private final AtomicInteger clock = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();
        private final CountDownLatch gate;
        private volatile boolean gateOpened = true;
        private final Map<String, Integer> starts = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<String, Integer> ends = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());

        Probe(ContainerEngine delegate, int gate) {
            this(delegate, gate, c -> false);
        }

        Probe(ContainerEngine delegate, int gate, Predicate<String> failing) {
            this.gate = new CountDownLatch(gate);
            Set<String> changing = new HashSet<>(List.of("untag", "deleteImage", "removeContainer"));
            this.engine = (ContainerEngine) Proxy.newProxyInstance(ContainerEngine.class.getClassLoader(),
                    new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> {
                        if (!changing.contains(method.getName())) {
                            return invoke(delegate, method, args);
                        }
                        String call = method.getName() + " " + (args[0] instanceof ImageReference r ? r.familiar() : args[0]);
                        calls.add(call);
                        starts.put(call, clock.incrementAndGet());
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        try {
                            if (this.gate.getCount() > 0) {
                                this.gate.countDown();
                                if (!this.gate.await(10, TimeUnit.SECONDS)) {
                                    gateOpened = false;
                                }
                            }
                            Thread.yield();
                            if (failing.test(call)) {
                                throw new EngineFailureException("Tried to delete " + args[0] + " but failed because the test said so");
                            }
                            return invoke(delegate, method, args);
                        } finally {
                            inFlight.decrementAndGet();
                            ends.put(call, clock.incrementAndGet());
                        }
                    });
        }

        private static Object invoke(ContainerEngine delegate, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        ContainerEngine engine() {
            return engine;
        }

        boolean gateOpened() {
            return gateOpened && gate.getCount() == 0;
        }

        int maxInFlight() {
            return maxInFlight.get();
        }

        int start(String call) {
            assertThat(starts).as("calls made").containsKey(call);
            return starts.get(call);
        }

        int end(String call) {
            assertThat(ends).as("calls made").containsKey(call);
            return ends.get(call);
        }

        List<String> calls() {
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }
    }
}
