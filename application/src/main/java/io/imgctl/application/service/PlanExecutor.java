package io.imgctl.application.service;

import io.imgctl.application.port.in.RemovalInterruptedException;
import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.InvalidReferenceException;
import io.imgctl.domain.removal.Outcome;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.RemovalReport;
import io.imgctl.domain.store.StoreSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Executes exactly a {@link RemovalPlan} (SPEC 4.1). Just before each action its preconditions are
 * read again with targeted engine calls; a changed precondition gives {@link Outcome.Skipped}, never a
 * forced action. An engine failure gives {@link Outcome.Failed} and the rest of the plan still runs.
 * The outcomes are reported in plan order. Shared by {@code rmi}, {@code rm} and {@code prune}.
 *
 * <p><b>In parallel where the engine allows it.</b> Actions whose order does not matter run at the
 * same time, up to {@link ContainerEngine#concurrentRemovals()} at once; those that must wait (see {@link PlanGraph}:
 * containers before the untags and deletion of their image, an image's untags one after the other and
 * before its deletion, children before parents) start only when what they wait for has finished,
 * whatever its outcome. Which deletion reports the chain ID of a layer that two deleted images shared
 * may then differ from run to run; what is deleted does not.
 *
 * <p><b>The last untag is carried out by the deletion.</b> When an untag is directly followed by the
 * deletion of the same image and, just before, that tag is the image's only tag (with at most digests
 * of the same repository), the engine is asked for the deletion alone: like {@code docker rmi TAG}, it
 * removes the tag with the image, and its {@code Untagged:} record for the tag is reported as the
 * untag's outcome. Both actions' preconditions are checked first, as for two actions. Docker has no
 * untag call (its adapter moves the tag to a throw-away image first, five calls), so this is what
 * keeps {@code rmi} of many images close to Docker's own. If that deletion fails, the untag and then
 * the deletion are carried out one by one, exactly as without the fusion.
 *
 * <p>When the engine refuses an unforced deletion or container removal as a conflict although its
 * check just passed (a {@code run} raced the removal and a container now uses the image), the
 * precondition changed between the check and the act: that action is {@link Outcome.Skipped} too.
 *
 * <p>An engine that stops answering ends the execution: when a call fails as unreachable and a ping
 * confirms the engine no longer answers, no further action is started; the actions at hand are
 * reported as not done (as not confirmed when their own call was cut, since the engine may have carried
 * it out; for a fused untag and deletion, both), every action not started as not done, and a
 * {@link RemovalInterruptedException} carries that report. Trying every remaining action against a
 * dead engine would only print the same failure once per action.
 */
final class PlanExecutor {

    static final String NOT_CONFIRMED = RemovalInterruptedException.NOT_CONFIRMED;
    static final String NOT_DONE = RemovalInterruptedException.NOT_DONE;
    /** How many targets the one-line message names for each kind of result before it only counts. */
    private static final int NAMED = 8;
    /** How a skip starts when the engine itself refused an action whose check had just passed. */
    static final String RACED = "the engine refused it, something changed since the check: ";

    private final ContainerEngine engine;
    private final Optional<Integer> parallelism;

    /** Up to {@link ContainerEngine#concurrentRemovals()} actions in flight. */
    PlanExecutor(ContainerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.parallelism = Optional.empty();
    }

    /** With a fixed number of actions in flight at most (tests); 1 runs the plan one unit at a time. */
    PlanExecutor(ContainerEngine engine, int parallelism) {
        this.engine = Objects.requireNonNull(engine, "engine");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.parallelism = Optional.of(parallelism);
    }

    /** The engine stopped answering during one unit: while checking it (not attempted) or while doing it. */
    private static final class EngineStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient EngineUnavailableException cause;
        private final boolean whileActing;

        EngineStopped(EngineUnavailableException cause, boolean whileActing) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
            this.whileActing = whileActing;
        }

        String why() {
            return String.valueOf(cause.getMessage());
        }
    }

    /**
     * Executes a plan made from {@code snapshot}, whose images' parents order the deletions (a parent
     * never changes, and every image the plan deletes is in the snapshot it was made from).
     */
    RemovalReport execute(RemovalPlan plan, StoreSnapshot snapshot) {
        Map<ImageId, Optional<ImageId>> parents = new HashMap<>();
        for (Image image : snapshot.images()) {
            parents.put(image.id(), image.parent());
        }
        return execute(plan, Optional.of(parents));
    }

    /** Executes a plan made earlier; the deletions' order comes from the engine's image list, read once if needed. */
    RemovalReport execute(RemovalPlan plan) {
        return execute(plan, Optional.empty());
    }

    private RemovalReport execute(RemovalPlan plan, Optional<Map<ImageId, Optional<ImageId>>> knownParents) {
        List<RemovalAction> actions = plan.actions();
        if (actions.isEmpty()) {
            return new RemovalReport(plan, List.of(), false);
        }
        if (Thread.currentThread().isInterrupted()) {
            // the command was interrupted (the resident server's client is gone): start nothing
            throw new IllegalStateException("interrupted before removing");
        }
        int threads = actions.size() < 2 ? 1 : Math.max(1, parallelism.orElseGet(engine::concurrentRemovals));
        Optional<Map<ImageId, Optional<ImageId>>> parents = threads == 1 ? Optional.empty()
                : knownParents.isPresent() ? knownParents : parents(actions);
        PlanGraph graph = PlanGraph.of(actions, parents, true);
        Map<ImageId, RemovalAction.DeleteImage> deletions = new HashMap<>();
        for (RemovalAction action : actions) {
            if (action instanceof RemovalAction.DeleteImage delete) {
                deletions.put(delete.imageId(), delete);
            }
        }
        Run run = new Run(actions, deletions);
        if (threads == 1) {
            for (PlanGraph.Unit unit : graph.units()) {
                if (run.stopped.get() != null) {
                    break;
                }
                if (Thread.currentThread().isInterrupted()) {
                    // as the scheduler below: no further action once the command was interrupted
                    throw new IllegalStateException("interrupted while removing");
                }
                run.execute(unit);
            }
        } else {
            new Scheduler(graph, run, threads).runAll();
        }
        EngineStopped stopped = run.stopped.get();
        List<Outcome> outcomes = new ArrayList<>(actions.size());
        for (int i = 0; i < actions.size(); i++) {
            Outcome outcome = run.outcomes.get(i);
            if (outcome == null && stopped != null) {
                outcome = new Outcome.Failed(actions.get(i), NOT_DONE + stopped.why(), Outcome.Failure.NOT_DONE);
            }
            outcomes.add(Objects.requireNonNull(outcome, "no outcome for action " + i));
        }
        RemovalReport report = new RemovalReport(plan, outcomes, false);
        if (stopped != null) {
            throw new RemovalInterruptedException(summary(report, stopped.why()), report, stopped.cause);
        }
        return report;
    }

    /**
     * One line: how far the plan got, what was not confirmed and not done, then the engine's failure
     * (which names the endpoint and how to start the engine).
     */
    static String summary(RemovalReport report, String why) {
        List<Outcome> outcomes = report.outcomes();
        long done = outcomes.stream().filter(o -> o instanceof Outcome.Done).count();
        StringBuilder line = new StringBuilder("Tried to carry out ").append(outcomes.size())
                .append(outcomes.size() == 1 ? " removal action" : " removal actions")
                .append(" but the engine stopped answering (").append(done).append(" done");
        appendTargets(line, "not confirmed", outcomes, Outcome.Failure.NOT_CONFIRMED);
        appendTargets(line, "not done", outcomes, Outcome.Failure.NOT_DONE);
        return line.append("): ").append(why.lines().findFirst().orElse("")).toString();
    }

    private static void appendTargets(StringBuilder line, String label, List<Outcome> outcomes, Outcome.Failure failure) {
        List<String> targets = outcomes.stream()
                .filter(o -> o instanceof Outcome.Failed failed && failed.failure() == failure)
                .map(o -> o.action().kind() + " " + o.action().target())
                .toList();
        if (targets.isEmpty()) {
            return;
        }
        line.append("; ").append(label).append(": ").append(String.join(", ", targets.subList(0, Math.min(NAMED, targets.size()))));
        if (targets.size() > NAMED) {
            line.append(" and ").append(targets.size() - NAMED).append(" more");
        }
    }

    /**
     * Every listed image with its parent, read once when the plan deletes more than one image (the
     * order of deletions depends on it); empty when it cannot be read, which orders every deletion
     * after the one before.
     */
    private Optional<Map<ImageId, Optional<ImageId>>> parents(List<RemovalAction> actions) {
        if (actions.stream().filter(a -> a instanceof RemovalAction.DeleteImage).count() < 2) {
            return Optional.of(Map.of());
        }
        try {
            Map<ImageId, Optional<ImageId>> parents = new HashMap<>();
            for (Image image : engine.listImages()) {
                parents.put(image.id(), image.parent());
            }
            return Optional.of(parents);
        } catch (EngineException e) {
            return Optional.empty();
        }
    }

    /** One execution of a plan: the actions, and their outcomes as they are decided. */
    private final class Run {

        private final List<RemovalAction> actions;
        private final Map<ImageId, RemovalAction.DeleteImage> deletions;
        private final AtomicReferenceArray<Outcome> outcomes;
        /** The first unit during which the engine stopped answering; no unit starts after it is set. */
        private final AtomicReference<EngineStopped> stopped = new AtomicReference<>();

        Run(List<RemovalAction> actions, Map<ImageId, RemovalAction.DeleteImage> deletions) {
            this.actions = actions;
            this.deletions = deletions;
            this.outcomes = new AtomicReferenceArray<>(actions.size());
        }

        void execute(PlanGraph.Unit unit) {
            try {
                if (unit.fused()) {
                    executeFused(unit.untag(), unit.action());
                } else {
                    executeAlone(unit.action());
                }
            } catch (EngineStopped e) {
                stopped.compareAndSet(null, e);
                Outcome.Failure failure = e.whileActing ? Outcome.Failure.NOT_CONFIRMED : Outcome.Failure.NOT_DONE;
                String detail = (e.whileActing ? NOT_CONFIRMED : NOT_DONE) + e.why();
                for (int index : unit.fused() ? new int[] {unit.untag(), unit.action()} : new int[] {unit.action()}) {
                    outcomes.compareAndSet(index, null, new Outcome.Failed(actions.get(index), detail, failure));
                }
            }
        }

        boolean isStopped() {
            return stopped.get() != null;
        }

        private void executeAlone(int index) {
            RemovalAction action = actions.get(index);
            outcomes.set(index, alreadyDeletedByTheEngine(index).orElseGet(() -> executeOne(action)));
        }

        /**
         * An untag and the deletion of its image that follows it: one deletion call when the tag is
         * the image's last name (see the class comment), else the two actions one after the other.
         */
        private void executeFused(int untagIndex, int deleteIndex) {
            RemovalAction.Untag untag = (RemovalAction.Untag) actions.get(untagIndex);
            RemovalAction.DeleteImage delete = (RemovalAction.DeleteImage) actions.get(deleteIndex);
            if (alreadyDeletedByTheEngine(deleteIndex).isEmpty()) {
                boolean acting = false;
                try {
                    Optional<Image> image = imageNow(delete.imageId());
                    if (image.isPresent() && isOnlyName(image.get(), untag.reference())) {
                        List<Container> users = usersUnlessTheEngineChecks(delete);
                        Optional<String> whole = delete.violation(
                                Optional.of(image.get().withTags(List.copyOf(delete.expectedTags()))), users);
                        if (whole.isPresent()) {
                            outcomes.set(untagIndex, new Outcome.Skipped(untag, whole.get()));
                            executeAlone(deleteIndex);
                            return;
                        }
                        // The deletion's own check, as it would run once the tag is gone.
                        Optional<String> own = delete.violation(Optional.of(image.get().withTags(List.of())), users);
                        if (own.isEmpty()) {
                            acting = true;
                            List<EngineRecord> records = engine.deleteImage(delete.imageId(), delete.force());
                            split(untag, untagIndex, delete, deleteIndex, records);
                            return;
                        }
                    }
                } catch (EngineUnavailableException e) {
                    // Stops here when the engine is gone (the cut deletion may have removed both); else
                    // only this call failed: carry out the two one by one, as without the fusion.
                    stopIfGone(e, acting);
                } catch (EngineException e) {
                    // Not deleted: carry out the untag and the deletion one by one, as without the fusion.
                }
            }
            executeAlone(untagIndex);
            executeAlone(deleteIndex);
        }

        /** The deletion's records: the untag gets those of its tag; the deletion the rest. */
        private void split(RemovalAction.Untag untag, int untagIndex, RemovalAction.DeleteImage delete, int deleteIndex,
                           List<EngineRecord> records) {
            List<EngineRecord> ofTag = new ArrayList<>();
            List<EngineRecord> rest = new ArrayList<>();
            for (EngineRecord r : records) {
                (r.kind() == EngineRecord.Kind.UNTAGGED && names(r.value(), untag.reference()) ? ofTag : rest).add(r);
            }
            if (ofTag.isEmpty()) {
                // The engine deleted the image with its tag but did not list the tag: say it as Docker does.
                ofTag.add(new EngineRecord(EngineRecord.Kind.UNTAGGED, untag.reference().familiar()));
            }
            outcomes.set(untagIndex, Outcome.Done.reported(untag, ofTag));
            outcomes.set(deleteIndex, Outcome.Done.reported(delete, rest));
        }

        /**
         * A planned deletion that an earlier action of this plan already carried out: Podman deletes an
         * untagged parent together with its last child and reports it as {@code Deleted:}. The plan asked
         * for exactly that, so it is done, not skipped; its record was printed with the earlier action.
         * The earlier actions that can have done it (deletions of its descendants) have finished: it
         * waits for them.
         */
        private Optional<Outcome> alreadyDeletedByTheEngine(int index) {
            if (!(actions.get(index) instanceof RemovalAction.DeleteImage delete)) {
                return Optional.empty();
            }
            for (int i = 0; i < index; i++) {
                if (outcomes.get(i) instanceof Outcome.Done done && done.reportsDeleted(delete.imageId())) {
                    return Optional.of(Outcome.Done.with(delete, done.action()));
                }
            }
            return Optional.empty();
        }

        private Outcome executeOne(RemovalAction action) {
            Optional<String> violation;
            try {
                violation = violation(action);
                if (violation.isEmpty() && action instanceof RemovalAction.Untag untag && deletions.containsKey(untag.imageId())) {
                    violation = wholeImageViolation(deletions.get(untag.imageId()));
                }
            } catch (EngineUnavailableException e) {
                return failedUnlessStopped(action, e, false);
            } catch (EngineException e) {
                return new Outcome.Failed(action, String.valueOf(e.getMessage()));
            }
            if (violation.isPresent()) {
                return new Outcome.Skipped(action, violation.get());
            }
            try {
                return perform(action);
            } catch (EngineUnavailableException e) {
                return failedUnlessStopped(action, e, true);
            } catch (ConflictException e) {
                if (!racedByUse(action)) {
                    return new Outcome.Failed(action, String.valueOf(e.getMessage()));
                }
                // The check just passed (or was the engine's own, see usersUnlessTheEngineChecks), so what the
                // engine refuses changed in between (a container started using the image, a new tag or
                // child): a changed precondition, reported as one, never forced.
                return new Outcome.Skipped(action, explainedConflict(action, e));
            } catch (EngineException e) {
                return new Outcome.Failed(action, String.valueOf(e.getMessage()));
            }
        }
    }

    /**
     * Whether a conflict on this action can only mean that its target came into use after its check: an
     * unforced deletion or container removal. (An untag's conflicts are an engine's limits, such as
     * Podman's on digest names, and stay failures.)
     */
    private static boolean racedByUse(RemovalAction action) {
        return (action instanceof RemovalAction.DeleteImage d && !d.force())
                || (action instanceof RemovalAction.RemoveContainer r && !r.force());
    }

    /**
     * A call failed as if the engine were unreachable: when a ping confirms it no longer answers, the
     * execution stops ({@link EngineStopped}); when it still answers, only this call failed.
     */
    private Outcome failedUnlessStopped(RemovalAction action, EngineUnavailableException e, boolean whileActing) {
        stopIfGone(e, whileActing);
        return new Outcome.Failed(action, String.valueOf(e.getMessage()));
    }

    /** Throws {@link EngineStopped} when a ping confirms that the engine no longer answers. */
    private void stopIfGone(EngineUnavailableException e, boolean whileActing) {
        try {
            engine.ping();
        } catch (EngineException gone) {
            throw new EngineStopped(e, whileActing);
        }
    }

    /** Whether {@code tag} is the image's only tag and its digests, if any, are of the same repository. */
    private static boolean isOnlyName(Image image, ImageReference tag) {
        return image.tags().size() == 1 && image.hasTag(tag)
                && image.digests().stream().allMatch(d -> d.name().equals(tag.name()));
    }

    /** Whether an engine's record value names {@code tag}. */
    private static boolean names(String value, ImageReference tag) {
        try {
            return ImageReference.parse(value).withDefaultTag().equals(tag.withDefaultTag());
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    private Outcome.Done perform(RemovalAction action) {
        if (action instanceof RemovalAction.Untag untag) {
            return Outcome.Done.reported(action, engine.untag(untag.reference()));
        }
        if (action instanceof RemovalAction.DeleteImage delete) {
            return Outcome.Done.reported(action, engine.deleteImage(delete.imageId(), delete.force()));
        }
        RemovalAction.RemoveContainer remove = (RemovalAction.RemoveContainer) action;
        engine.removeContainer(remove.containerId(), remove.force());
        return new Outcome.Done(action, remove.name());
    }

    /**
     * The containers that use the image now, read for the deletion's check; none read for an unforced
     * deletion that expects no container, because the engine makes that check itself at the moment it
     * deletes (Docker's and Podman's unforced deletion and the built-in engine's refuse, as a conflict,
     * an image that any container uses, running or not): the same precondition, checked atomically with
     * the act instead of a call earlier, and one call fewer per deletion (a list of every container,
     * which on Docker takes longer than the deletion itself). Such a refusal is explained by
     * {@link #explainedConflict}.
     */
    private List<Container> usersUnlessTheEngineChecks(RemovalAction.DeleteImage delete) {
        return engineChecksUsers(delete) ? List.of() : engine.containersUsing(delete.imageId());
    }

    private static boolean engineChecksUsers(RemovalAction.DeleteImage delete) {
        return !delete.force() && delete.expectedContainerIds().isEmpty();
    }

    /**
     * Why the engine refused an unforced action whose check had just passed: the changed precondition,
     * read now with the containers (so a container that started using the image is named as the
     * check names it), or else the engine's own words.
     */
    private String explainedConflict(RemovalAction action, ConflictException refusal) {
        if (action instanceof RemovalAction.DeleteImage delete) {
            try {
                Optional<String> changed = deletionViolation(delete, true);
                if (changed.isPresent()) {
                    return changed.get();
                }
            } catch (EngineException e) {
                // the engine's own words below
            }
        }
        return RACED + refusal.getMessage();
    }

    /** The image with this ID as the engine holds it now (its tags and digests), if it still does. */
    private Optional<Image> imageNow(ImageId id) {
        return engine.findImageNames(id.toString()).filter(i -> i.id().equals(id));
    }

    /** A deletion's check against the engine now; the containers that use the image are read only with {@code readUsers}. */
    private Optional<String> deletionViolation(RemovalAction.DeleteImage delete, boolean readUsers) {
        Optional<Image> image = imageNow(delete.imageId());
        List<Container> users = image.isPresent() && readUsers ? engine.containersUsing(delete.imageId()) : List.of();
        return delete.violation(image, users);
    }

    /**
     * An untag that is part of removing the whole image: skipped when the deletion that follows it
     * would be (a container uses the image now), so that an in-use image is never left half-untagged.
     */
    private Optional<String> wholeImageViolation(RemovalAction.DeleteImage delete) {
        Optional<Image> image = imageNow(delete.imageId());
        if (image.isEmpty()) {
            return Optional.empty(); // the untag's own check has passed; nothing more to protect
        }
        List<Container> users = engine.containersUsing(delete.imageId());
        return delete.violation(Optional.of(image.get().withTags(List.copyOf(delete.expectedTags()))), users);
    }

    /**
     * Reads the facts an action relies on from the engine now, with targeted calls, and asks the
     * action whether they still hold; the changed fact when one does not.
     */
    Optional<String> violation(RemovalAction action) {
        if (action instanceof RemovalAction.Untag untag) {
            Optional<ImageId> namedNow = engine.findImageNames(untag.reference().familiar())
                    .filter(i -> i.hasTag(untag.reference()) || i.digests().contains(untag.reference()))
                    .map(Image::id);
            return untag.violation(namedNow);
        }
        if (action instanceof RemovalAction.DeleteImage delete) {
            return deletionViolation(delete, !engineChecksUsers(delete));
        }
        RemovalAction.RemoveContainer remove = (RemovalAction.RemoveContainer) action;
        Optional<Container> container = engine.findContainer(remove.containerId())
                .filter(c -> c.id().equals(remove.containerId()));
        return remove.violation(container);
    }

    /**
     * Runs the units of a graph on a bounded pool: a unit is submitted once every unit it depends on
     * has finished; among the ready ones, the earliest in the plan first. Once the engine stopped
     * answering, nothing more is submitted and the units in flight are waited for. An unexpected exception (a
     * bug, not an engine failure, which is an outcome) stops new submissions and is rethrown here once
     * the units in flight have finished.
     */
    private static final class Scheduler {

        private final PlanGraph graph;
        private final Run run;
        private final int threads;
        private final int[] waitingFor;
        private final PriorityQueue<Integer> ready = new PriorityQueue<>();
        private int inFlight;
        private int finished;
        private Throwable unexpected;
        /** Interrupted: the pool is shut down and nothing more is submitted. */
        private boolean abandoned;

        Scheduler(PlanGraph graph, Run run, int threads) {
            this.graph = graph;
            this.run = run;
            this.threads = threads;
            this.waitingFor = new int[graph.units().size()];
            for (int u = 0; u < waitingFor.length; u++) {
                waitingFor[u] = graph.units().get(u).dependsOn().length;
                if (waitingFor[u] == 0) {
                    ready.add(u);
                }
            }
        }

        void runAll() {
            AtomicInteger names = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
                Thread t = new Thread(task, "imgctl-removal-" + names.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                synchronized (this) {
                    submitReady(pool);
                    while (finished < waitingFor.length && (inFlight > 0 || (unexpected == null && !run.isStopped()))) {
                        wait();
                    }
                }
            } catch (InterruptedException e) {
                synchronized (this) {
                    abandoned = true; // the units in flight end without submitting what waited for them
                }
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while removing", e);
            } finally {
                pool.shutdownNow();
            }
            if (unexpected instanceof RuntimeException r) {
                throw r;
            }
            if (unexpected instanceof Error e) {
                throw e;
            }
            if (unexpected != null) {
                throw new IllegalStateException(unexpected);
            }
        }

        /** Called holding the lock. */
        private void submitReady(ExecutorService pool) {
            while (!abandoned && unexpected == null && !run.isStopped() && inFlight < threads && !ready.isEmpty()) {
                int u = ready.poll();
                inFlight++;
                pool.execute(() -> runUnit(pool, u));
            }
        }

        private void runUnit(ExecutorService pool, int u) {
            Throwable failure = null;
            try {
                run.execute(graph.units().get(u));
            } catch (Throwable t) {
                failure = t;
            }
            synchronized (this) {
                inFlight--;
                finished++;
                if (failure != null && unexpected == null) {
                    unexpected = failure;
                }
                for (int next : graph.units().get(u).dependents()) {
                    if (--waitingFor[next] == 0) {
                        ready.add(next);
                    }
                }
                submitReady(pool);
                notifyAll();
            }
        }
    }
}
