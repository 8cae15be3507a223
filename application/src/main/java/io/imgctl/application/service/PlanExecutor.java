package io.imgctl.application.service;

import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerEngine.EngineRecord;
import io.imgctl.application.port.out.EngineException;
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
 * {@code prune}.
 */
final class PlanExecutor {

    private final ContainerEngine engine;

    PlanExecutor(ContainerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    RemovalReport execute(RemovalPlan plan) {
        List<Outcome> outcomes = new ArrayList<>(plan.actions().size());
        java.util.Map<ImageId, RemovalAction.DeleteImage> deletions = new java.util.HashMap<>();
        for (RemovalAction action : plan.actions()) {
            if (action instanceof RemovalAction.DeleteImage delete) {
                deletions.put(delete.imageId(), delete);
            }
        }
        for (RemovalAction action : plan.actions()) {
            outcomes.add(executeOne(action, deletions));
        }
        return new RemovalReport(plan, outcomes, false);
    }

    private Outcome executeOne(RemovalAction action, java.util.Map<ImageId, RemovalAction.DeleteImage> deletions) {
        try {
            Optional<String> violation = violation(action);
            if (violation.isEmpty() && action instanceof RemovalAction.Untag untag && deletions.containsKey(untag.imageId())) {
                violation = wholeImageViolation(untag, deletions.get(untag.imageId()));
            }
            if (violation.isPresent()) {
                return new Outcome.Skipped(action, violation.get());
            }
            return new Outcome.Done(action, perform(action));
        } catch (EngineException e) {
            return new Outcome.Failed(action, String.valueOf(e.getMessage()));
        }
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
