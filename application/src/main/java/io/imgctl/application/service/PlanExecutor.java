package io.imgctl.application.service;

import io.imgctl.application.port.in.RemovalInterruptedException;
import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerEngine.EngineRecord;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.removal.Outcome;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.RemovalReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Executes exactly a {@link RemovalPlan}, action by action in its order (SPEC 4.1). Just before
 * each action its preconditions are read again with targeted engine calls; a changed precondition
 * gives {@link Outcome.Skipped}, never a forced action. An engine failure gives
 * {@link Outcome.Failed} and the rest of the plan still runs. Shared by {@code rmi}, {@code rm} and
 * {@code prune}. When the engine refuses an unforced deletion or container removal as a conflict
 * although its check just passed (a {@code run} raced the removal and a container now uses the image),
 * the precondition changed between the check and the act: that action is {@link Outcome.Skipped} too.
 *
 * <p>An engine that stops answering ends the execution: when a call fails as unreachable and a ping
 * confirms the engine no longer answers, the action at hand and every later one are reported as not
 * done (the action at hand as not confirmed when its own call was cut, since the engine may have carried
 * it out), and a {@link RemovalInterruptedException} carries that report. Trying every remaining action
 * against a dead engine would only print the same failure once per action.
 */
final class PlanExecutor {

    static final String NOT_CONFIRMED = RemovalInterruptedException.NOT_CONFIRMED;
    static final String NOT_DONE = RemovalInterruptedException.NOT_DONE;
    /** How many targets the one-line message names for each kind of result before it only counts. */
    private static final int NAMED = 8;

    private final ContainerEngine engine;

    PlanExecutor(ContainerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** The engine stopped answering during one action: while checking it (not attempted) or while doing it. */
    private static final class EngineStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient EngineUnavailableException cause;
        private final boolean whileActing;

        EngineStopped(EngineUnavailableException cause, boolean whileActing) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
            this.whileActing = whileActing;
        }
    }

    RemovalReport execute(RemovalPlan plan) {
        List<Outcome> outcomes = new ArrayList<>(plan.actions().size());
        java.util.Map<ImageId, RemovalAction.DeleteImage> deletions = new java.util.HashMap<>();
        for (RemovalAction action : plan.actions()) {
            if (action instanceof RemovalAction.DeleteImage delete) {
                deletions.put(delete.imageId(), delete);
            }
        }
        List<RemovalAction> actions = plan.actions();
        for (int i = 0; i < actions.size(); i++) {
            RemovalAction action = actions.get(i);
            try {
                outcomes.add(alreadyDeletedByTheEngine(action, outcomes).orElseGet(() -> executeOne(action, deletions)));
            } catch (EngineStopped stopped) {
                String why = String.valueOf(stopped.cause.getMessage());
                outcomes.add(new Outcome.Failed(action, (stopped.whileActing ? NOT_CONFIRMED : NOT_DONE) + why));
                for (RemovalAction rest : actions.subList(i + 1, actions.size())) {
                    outcomes.add(new Outcome.Failed(rest, NOT_DONE + why));
                }
                RemovalReport report = new RemovalReport(plan, outcomes, false);
                throw new RemovalInterruptedException(summary(report, why), report, stopped.cause);
            }
        }
        return new RemovalReport(plan, outcomes, false);
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
        appendTargets(line, "not confirmed", outcomes, NOT_CONFIRMED);
        appendTargets(line, "not done", outcomes, NOT_DONE);
        return line.append("): ").append(why.lines().findFirst().orElse("")).toString();
    }

    private static void appendTargets(StringBuilder line, String label, List<Outcome> outcomes, String detailStart) {
        List<String> targets = outcomes.stream()
                .filter(o -> o instanceof Outcome.Failed && o.detail().startsWith(detailStart))
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
     * A planned deletion that an earlier action of this plan already carried out: Podman deletes an
     * untagged parent together with its last child and reports it as {@code Deleted:}. The plan asked
     * for exactly that, so it is done, not skipped; its record was printed with the earlier action.
     */
    private static Optional<Outcome> alreadyDeletedByTheEngine(RemovalAction action, List<Outcome> earlier) {
        if (!(action instanceof RemovalAction.DeleteImage delete)) {
            return Optional.empty();
        }
        String record = "Deleted: " + delete.imageId();
        return earlier.stream()
                .filter(o -> o instanceof Outcome.Done && o.detail().lines().anyMatch(record::equals))
                .findFirst()
                .map(o -> new Outcome.Done(action, Outcome.DELETED_WITH_EARLIER_ACTION + o.action().target()));
    }

    private Outcome executeOne(RemovalAction action, java.util.Map<ImageId, RemovalAction.DeleteImage> deletions) {
        Optional<String> violation;
        try {
            violation = violation(action);
            if (violation.isEmpty() && action instanceof RemovalAction.Untag untag && deletions.containsKey(untag.imageId())) {
                violation = wholeImageViolation(untag, deletions.get(untag.imageId()));
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
            return new Outcome.Done(action, perform(action));
        } catch (EngineUnavailableException e) {
            return failedUnlessStopped(action, e, true);
        } catch (ConflictException e) {
            if (!racedByUse(action)) {
                return new Outcome.Failed(action, String.valueOf(e.getMessage()));
            }
            // The check just passed, so what the engine refuses changed in between (a container started
            // using the image, a new tag or child): a changed precondition, reported as one, never forced.
            return new Outcome.Skipped(action, RACED + e.getMessage());
        } catch (EngineException e) {
            return new Outcome.Failed(action, String.valueOf(e.getMessage()));
        }
    }

    /** How a skip starts when the engine itself refused an action whose check had just passed. */
    static final String RACED = "the engine refused it, something changed since the check: ";

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
        try {
            engine.ping();
        } catch (EngineException gone) {
            throw new EngineStopped(e, whileActing);
        }
        return new Outcome.Failed(action, String.valueOf(e.getMessage()));
    }

    private String perform(RemovalAction action) {
        if (action instanceof RemovalAction.Untag untag) {
            return records(engine.untag(untag.reference()));
        }
        if (action instanceof RemovalAction.DeleteImage delete) {
            return records(engine.deleteImage(delete.imageId(), delete.force()));
        }
        RemovalAction.RemoveContainer remove = (RemovalAction.RemoveContainer) action;
        engine.removeContainer(remove.containerId(), remove.force());
        return remove.name();
    }

    private static String records(List<EngineRecord> records) {
        return records.stream().map(EngineRecord::toString).collect(Collectors.joining("\n"));
    }

    /**
     * An untag that is part of removing the whole image: skipped when the deletion that follows it
     * would be (a container uses the image now), so that an in-use image is never left half-untagged.
     */
    private Optional<String> wholeImageViolation(RemovalAction.Untag untag, RemovalAction.DeleteImage delete) {
        Optional<Image> image = engine.findImage(delete.imageId().toString()).filter(i -> i.id().equals(delete.imageId()));
        if (image.isEmpty()) {
            return Optional.empty(); // the untag's own check has passed; nothing more to protect
        }
        List<Container> users = engine.listContainers().stream().filter(c -> c.imageId().equals(delete.imageId())).toList();
        return delete.violation(Optional.of(image.get().withTags(List.copyOf(delete.expectedTags()))), users);
    }

    /**
     * Reads the facts an action relies on from the engine now, with targeted calls, and asks the
     * action whether they still hold; the changed fact when one does not.
     */
    Optional<String> violation(RemovalAction action) {
        if (action instanceof RemovalAction.Untag untag) {
            Optional<ImageId> namedNow = engine.findImage(untag.reference().familiar())
                    .filter(i -> i.hasTag(untag.reference()) || i.digests().contains(untag.reference()))
                    .map(Image::id);
            return untag.violation(namedNow);
        }
        if (action instanceof RemovalAction.DeleteImage delete) {
            Optional<Image> image = engine.findImage(delete.imageId().toString())
                    .filter(i -> i.id().equals(delete.imageId()));
            List<Container> users = image.isPresent()
                    ? engine.listContainers().stream().filter(c -> c.imageId().equals(delete.imageId())).toList()
                    : List.of();
            return delete.violation(image, users);
        }
        RemovalAction.RemoveContainer remove = (RemovalAction.RemoveContainer) action;
        Optional<Container> container = engine.findContainer(remove.containerId())
                .filter(c -> c.id().equals(remove.containerId()));
        return remove.violation(container);
    }
}
