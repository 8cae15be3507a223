package io.imgctl.application.service;

import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.removal.RemovalAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The order constraints of a {@link io.imgctl.domain.removal.RemovalPlan}, as a graph of units of
 * work that may run in parallel once the units they depend on have finished. An action depends on
 * the earlier actions of the plan that:
 * <ul>
 *   <li>act on the same image, unless both remove containers (a container before the untags and
 *       the deletion of its image; the untags of one image one after the other, then its deletion);</li>
 *   <li>remove the same container;</li>
 *   <li>for a deletion: delete a descendant of its image (children before parents), going by the
 *       parents the engine lists. A deletion of an image the listing does not know (or every
 *       deletion, when there is no listing) waits for all earlier deletions, and all later ones wait
 *       for it.</li>
 * </ul>
 * A unit is one action, or an untag fused with the deletion of the same image that directly
 * follows it (see {@link PlanExecutor}): nothing else acts on that image between them.
 */
final class PlanGraph {

    /**
     * One unit: {@code untag} is the plan index of a fused untag (or -1), {@code action} the plan index
     * of the action (the deletion, for a fused unit); {@code dependsOn} and {@code dependents} are unit
     * indices.
     */
    record Unit(int untag, int action, int[] dependsOn, List<Integer> dependents) {
        boolean fused() {
            return untag >= 0;
        }
    }

    private final List<Unit> units;

    private PlanGraph(List<Unit> units) {
        this.units = units;
    }

    /** Units in the order of their last action in the plan, which is a valid order to run them one by one. */
    List<Unit> units() {
        return units;
    }

    /**
     * @param actions the plan's actions, in its order
     * @param parents every image the engine lists, with its parent when it has one; empty when unknown
     * @param fuse    whether an untag directly followed by the deletion of its image becomes one unit
     */
    static PlanGraph of(List<RemovalAction> actions, Optional<Map<ImageId, Optional<ImageId>>> parents, boolean fuse) {
        int n = actions.size();
        List<Set<Integer>> deps = new ArrayList<>(n);
        int[] fusedWith = new int[n]; // for a fused deletion: its untag's index; else -1
        Arrays.fill(fusedWith, -1);
        boolean[] fusedAway = new boolean[n]; // an untag that is part of a later deletion's unit

        Map<ImageId, Integer> lastOnImage = new HashMap<>();
        Map<ImageId, List<Integer>> containerRemovalsOn = new HashMap<>();
        Map<String, Integer> lastOnContainer = new HashMap<>();
        Map<ImageId, List<Integer>> descendantDeletions = new HashMap<>();
        int barrier = -1;
        List<Integer> deletionsSinceBarrier = new ArrayList<>();

        for (int i = 0; i < n; i++) {
            Set<Integer> d = new TreeSet<>();
            RemovalAction action = actions.get(i);
            if (action instanceof RemovalAction.RemoveContainer remove) {
                ImageId image = remove.imageId();
                addIfPresent(d, lastOnImage.get(image));
                addIfPresent(d, lastOnContainer.get(remove.containerId()));
                containerRemovalsOn.computeIfAbsent(image, k -> new ArrayList<>()).add(i);
                lastOnContainer.put(remove.containerId(), i);
            } else {
                ImageId image = action instanceof RemovalAction.Untag untag
                        ? untag.imageId() : ((RemovalAction.DeleteImage) action).imageId();
                Integer previous = lastOnImage.get(image);
                List<Integer> removals = containerRemovalsOn.getOrDefault(image, List.of());
                addIfPresent(d, previous);
                d.addAll(removals);
                if (action instanceof RemovalAction.DeleteImage) {
                    Optional<ImageId> known = parents.filter(p -> p.containsKey(image)).map(p -> image);
                    if (known.isPresent()) {
                        d.addAll(descendantDeletions.getOrDefault(image, List.of()));
                        addIfPresent(d, barrier < 0 ? null : barrier);
                        deletionsSinceBarrier.add(i);
                        for (ImageId ancestor : ancestors(image, parents.get())) {
                            descendantDeletions.computeIfAbsent(ancestor, k -> new ArrayList<>()).add(i);
                        }
                    } else {
                        addIfPresent(d, barrier < 0 ? null : barrier);
                        d.addAll(deletionsSinceBarrier);
                        barrier = i;
                        deletionsSinceBarrier.clear();
                    }
                    if (fuse && previous != null && actions.get(previous) instanceof RemovalAction.Untag
                            && removals.isEmpty()) {
                        fusedWith[i] = previous;
                        fusedAway[previous] = true;
                    }
                }
                lastOnImage.put(image, i);
                containerRemovalsOn.remove(image);
            }
            deps.add(d);
        }

        // One unit per action, except that a fused untag belongs to its deletion's unit.
        int[] unitOf = new int[n];
        List<int[]> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (fusedAway[i]) {
                continue;
            }
            unitOf[i] = members.size();
            if (fusedWith[i] >= 0) {
                unitOf[fusedWith[i]] = members.size();
            }
            members.add(new int[] {fusedWith[i], i});
        }
        List<Unit> units = new ArrayList<>(members.size());
        for (int u = 0; u < members.size(); u++) {
            int[] m = members.get(u);
            Set<Integer> on = new TreeSet<>();
            for (int index : m) {
                if (index >= 0) {
                    for (int dep : deps.get(index)) {
                        if (unitOf[dep] != u) {
                            on.add(unitOf[dep]);
                        }
                    }
                }
            }
            units.add(new Unit(m[0], m[1], on.stream().mapToInt(Integer::intValue).toArray(), new ArrayList<>()));
        }
        for (int u = 0; u < units.size(); u++) {
            for (int dep : units.get(u).dependsOn()) {
                units.get(dep).dependents().add(u);
            }
        }
        return new PlanGraph(List.copyOf(units));
    }

    /** The image's parent, its parent's parent, ... as far as the listing knows them. */
    private static List<ImageId> ancestors(ImageId image, Map<ImageId, Optional<ImageId>> parents) {
        List<ImageId> chain = new ArrayList<>();
        Set<ImageId> seen = new HashSet<>();
        seen.add(image);
        Optional<ImageId> parent = parents.getOrDefault(image, Optional.empty());
        while (parent.isPresent() && seen.add(parent.get())) {
            chain.add(parent.get());
            parent = parents.getOrDefault(parent.get(), Optional.empty());
        }
        return chain;
    }

    private static void addIfPresent(Set<Integer> set, Integer value) {
        if (value != null) {
            set.add(value);
        }
    }
}
