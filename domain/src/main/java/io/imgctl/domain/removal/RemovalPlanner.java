package io.imgctl.domain.removal;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.removal.RemovalAction.RemoveContainer;
import io.imgctl.domain.store.ContainerResolution;
import io.imgctl.domain.store.StoreIndex;
import io.imgctl.domain.store.StoreSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Computes removal plans from a snapshot; pure and deterministic. SPEC section 4 is its law.
 *
 * <p>{@code rmi} targets are planned in order against a working copy of the store, so a later target
 * sees what earlier ones did ({@code rmi a:1 a:2} untags {@code a:1}, then removes the image). For each:
 * <ul>
 *   <li>a tag of an image that has other tags: only that tag goes, even while containers use it;</li>
 *   <li>otherwise (its last tag, or its ID) the whole image goes, unless: by ID it has dependent child
 *       images or, without {@code -f}, more than one tag (refused, as Docker does); containers in any
 *       state use it and neither {@code -f} nor {@code --with-containers} was given (refused, naming
 *       them); by its last tag it has child images (untagged, data kept);</li>
 *   <li>{@code --with-containers}: its containers are removed first (running ones only with {@code -f});</li>
 *   <li>{@code -f} alone untags it and deletes its data only where the engine can keep the containers
 *       (Docker, none running); otherwise the data is kept and the plan says why. {@code -f} never
 *       removes a container;</li>
 *   <li>after a deletion, untagged parents with no other children and no containers are deleted too.</li>
 * </ul>
 * Actions run containers first, then untags, then deletions (children before parents). Each layer's
 * bytes are counted once, on the deletion that frees it.
 */
public final class RemovalPlanner {

    private final EngineBehaviour behaviour;

    public RemovalPlanner(EngineBehaviour behaviour) {
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
    }

    /** {@code rmi}: plans the removal of images by reference or ID prefix. */
    public RemovalPlan planImages(StoreSnapshot snapshot, RemovalRequest request) {
        return planImages(snapshot.index(), request);
    }

    /** {@code rmi} over an index already built for the snapshot. */
    public RemovalPlan planImages(StoreIndex index, RemovalRequest request) {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(request, "request");
        return new ImageRemovalSession(index, request, behaviour).plan();
    }

    /** {@code rm}: plans the removal of containers by name, full ID or unique ID prefix. */
    public RemovalPlan planContainers(StoreSnapshot snapshot, List<String> containers, boolean force) {
        return planContainers(snapshot.index(), containers, force);
    }

    /** {@code rm} over an index already built for the snapshot. */
    public RemovalPlan planContainers(StoreIndex index, List<String> containers, boolean force) {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(containers, "containers");
        List<RemovalAction> actions = new ArrayList<>();
        List<Refusal> refusals = new ArrayList<>();
        Set<String> removed = new HashSet<>();
        long reclaimed = 0;
        for (String target : containers) {
            ContainerResolution resolution = index.resolveContainer(target);
            if (resolution instanceof ContainerResolution.Missing) {
                refusals.add(new Refusal(target, Refusal.Kind.NOT_FOUND, "Error: No such container: " + target));
            } else if (resolution instanceof ContainerResolution.Ambiguous) {
                refusals.add(new Refusal(target, Refusal.Kind.AMBIGUOUS,
                        "Error: multiple IDs found with provided prefix: " + target));
            } else if (resolution instanceof ContainerResolution.Found found) {
                Container c = found.container();
                if (!removed.add(c.id())) {
                    continue; // named twice: removed once
                }
                if (c.isRunning() && !force) {
                    refusals.add(new Refusal(target, Refusal.Kind.CONFLICT, runningConflict(c)));
                    continue;
                }
                actions.add(new RemoveContainer(c.id(), c.name(), c.imageId(), force,
                        "requested as " + target + (c.isRunning() ? "; -f stops it first" : ""), c.sizeRw()));
                reclaimed += c.sizeRw();
            }
        }
        return new RemovalPlan(actions, List.of(), refusals, reclaimed);
    }

    /** Docker's own words ({@code daemon/delete.go}). */
    private static String runningConflict(Container c) {
        String procedure = "Stop the container before attempting removal or force remove";
        if (c.state() == io.imgctl.domain.container.ContainerState.PAUSED) {
            procedure = "Unpause and then stop the container before attempting removal or force remove";
        }
        return "Error: You cannot remove a " + c.state().wireName() + " container " + c.id() + ". " + procedure;
    }
}
