package io.imgctl.domain.removal;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.removal.RemovalAction.DeleteImage;
import io.imgctl.domain.removal.RemovalAction.RemoveContainer;
import io.imgctl.domain.removal.RemovalAction.Untag;
import io.imgctl.domain.store.ImageResolution;
import io.imgctl.domain.store.StoreIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One {@code rmi} plan in the making. The snapshot's index is never copied: the session keeps only
 * what the plan has changed so far (tags removed, images deleted, containers removed, layer holders
 * left), so each target costs time in proportion to the image it touches, not to the store.
 */
final class ImageRemovalSession {

    private final StoreIndex index;
    private final RemovalRequest request;
    private final EngineBehaviour behaviour;

    // The working copy: changes made by the targets planned so far.
    private final Set<ImageReference> removedTags = new HashSet<>();
    private final Set<ImageId> deleted = new HashSet<>();
    private final Set<String> removedContainers = new HashSet<>();
    private final Map<ImageId, Integer> deletedChildren = new HashMap<>();
    private final Map<Digest, Integer> holdersLeft = new HashMap<>();

    // The plan, in the three phases it runs in.
    private final List<RemovalAction> containerRemovals = new ArrayList<>();
    private final List<RemovalAction> untags = new ArrayList<>();
    private final List<RemovalAction> deletions = new ArrayList<>();
    private final Map<ImageId, Kept> kept = new LinkedHashMap<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private long reclaimed;

    ImageRemovalSession(StoreIndex index, RemovalRequest request, EngineBehaviour behaviour) {
        this.index = index;
        this.request = request;
        this.behaviour = behaviour;
    }

    RemovalPlan plan() {
        for (String target : request.targets()) {
            ImageResolution resolution = index.resolve(target, behaviour.localShortNames());
            if (resolution instanceof ImageResolution.Missing) {
                refusals.add(new Refusal(target, Refusal.Kind.NOT_FOUND, "Error: No such image: " + target));
            } else if (resolution instanceof ImageResolution.Ambiguous a) {
                refusals.add(new Refusal(target, Refusal.Kind.AMBIGUOUS,
                        "Error: ambiguous image ID prefix " + target + ": it matches " + a.matches() + " images"));
            } else if (resolution instanceof ImageResolution.ByTag byTag) {
                planTag(target, byTag.image(), byTag.tag());
            } else if (resolution instanceof ImageResolution.ById byId) {
                if (!deleted.contains(byId.image().id())) {
                    planWholeImage(target, byId.image(), Optional.empty());
                }
            }
        }
        List<RemovalAction> actions = new ArrayList<>(containerRemovals.size() + untags.size() + deletions.size());
        actions.addAll(containerRemovals);
        actions.addAll(untags);
        actions.addAll(deletions);
        return new RemovalPlan(actions, List.copyOf(kept.values()), refusals, reclaimed);
    }

    private void planTag(String target, Image image, ImageReference tag) {
        if (removedTags.contains(tag) || deleted.contains(image.id())) {
            return; // an earlier target removed it already
        }
        List<ImageReference> tags = currentTags(image);
        if (tags.size() > 1) {
            String others = tags.stream().filter(t -> !t.equals(tag)).map(ImageReference::familiar)
                    .collect(Collectors.joining(", "));
            untag(tag, image, "untag only: image " + image.id().shortId() + " keeps its other tags " + others);
            return;
        }
        planWholeImage(target, image, Optional.of(tag));
    }

    /** The last tag was named, or the ID: the whole image goes, unless something holds it. */
    private void planWholeImage(String target, Image image, Optional<ImageReference> byTag) {
        String shortId = image.id().shortId();
        List<ImageReference> tags = currentTags(image);
        List<Container> users = currentUsers(image);
        boolean hasChildren = remainingChildren(image) > 0;

        if (byTag.isEmpty() && hasChildren) {
            refuse(target, "conflict: unable to delete " + shortId + " (cannot be forced) - image has dependent child images");
            return;
        }
        if (byTag.isEmpty() && tags.size() > 1 && !request.force()) {
            // Docker's isSingleReference: by ID, more than one tag needs -f.
            refuse(target, "conflict: unable to delete " + shortId
                    + " (must be forced) - image is referenced in multiple repositories");
            return;
        }
        if (!users.isEmpty() && !request.force() && !request.withContainers()) {
            refuse(target, inUseConflict(target, image, byTag, users));
            return;
        }
        if (hasChildren) {
            untagAll(image, tags, "last tag of image " + shortId + ", whose data stays: it has dependent child images");
            keep(image, "untagged only, data kept: image has dependent child images");
            return;
        }
        if (users.isEmpty()) {
            untagAll(image, tags, "image " + shortId + " is removed");
            delete(image, false, Set.of(), "requested as " + target);
            return;
        }
        if (request.withContainers()) {
            List<Container> running = users.stream().filter(Container::isRunning).toList();
            if (!running.isEmpty() && !request.force()) {
                refuse(target, "conflict: unable to delete " + shortId + " (must be forced) - image is being used by running "
                        + Containers.describe(running) + "; add -f to stop and remove "
                        + (running.size() == 1 ? "it" : "them") + " with the image");
                return;
            }
            for (Container c : users) {
                removeContainer(c, "--with-containers: it uses image " + shortId + " (" + target + ")");
            }
            untagAll(image, tags, "image " + shortId + " is removed");
            delete(image, false, Set.of(), "requested as " + target + " after removing its containers");
            return;
        }
        // -f without --with-containers: never remove a container.
        List<Container> running = users.stream().filter(Container::isRunning).toList();
        if (!running.isEmpty()) {
            untagAll(image, tags, "-f: image " + shortId + " is untagged; its data is kept while containers use it");
            keep(image, "-f: untagged only, data kept: " + Containers.describe(running)
                    + (running.size() == 1 ? " is" : " are") + " running from it; imgctl never removes a container"
                    + " because of -f (use --with-containers)");
            return;
        }
        if (!behaviour.canOrphanContainers()) {
            untagAll(image, tags, "-f: image " + shortId + " is untagged; its data is kept while containers use it");
            keep(image, "-f: untagged only, data kept: " + Containers.describe(users)
                    + (users.size() == 1 ? " uses" : " use") + " it and this engine cannot delete an image"
                    + " without removing its containers, which imgctl never does because of -f (use --with-containers)");
            return;
        }
        untagAll(image, tags, "-f: image " + shortId + " is removed");
        Set<String> orphans = users.stream().map(Container::id).collect(Collectors.toSet());
        delete(image, true, orphans, "-f: requested as " + target + "; " + Containers.describe(users)
                + (users.size() == 1 ? " stays" : " stay") + ", orphaned, showing the image ID");
    }

    private String inUseConflict(String target, Image image, Optional<ImageReference> byTag, List<Container> users) {
        if (byTag.isPresent()) {
            return "conflict: unable to remove repository reference \"" + target + "\" (must force) - "
                    + Containers.describe(users) + (users.size() == 1 ? " is" : " are")
                    + " using its referenced image " + image.id().shortId();
        }
        return "conflict: unable to delete " + image.id().shortId() + " (must be forced) - image is being used by "
                + Containers.describe(users);
    }

    private void refuse(String target, String message) {
        refusals.add(new Refusal(target, Refusal.Kind.CONFLICT, message));
    }

    private void keep(Image image, String reason) {
        kept.put(image.id(), new Kept(image.id().toString(), reason));
    }

    private void untag(ImageReference tag, Image image, String reason) {
        removedTags.add(tag);
        untags.add(new Untag(tag, image.id(), reason));
    }

    private void untagAll(Image image, List<ImageReference> tags, String reason) {
        for (ImageReference tag : tags) {
            untag(tag, image, reason);
        }
    }

    private void removeContainer(Container c, String reason) {
        removedContainers.add(c.id());
        containerRemovals.add(new RemoveContainer(c.id(), c.name(), c.imageId(), request.force(), reason, c.sizeRw()));
        reclaimed += c.sizeRw();
    }

    /** Deletes an untagged image, then prunes its parent chain the way Docker does. */
    private void delete(Image image, boolean force, Set<String> orphans, String reason) {
        markDeleted(image);
        long bytes = free(image);
        deletions.add(new DeleteImage(image.id(), Set.of(), orphans, force, reason, bytes));
        Image child = image;
        while (child.parent().isPresent()) {
            Optional<Image> parent = index.image(child.parent().get());
            if (parent.isEmpty() || deleted.contains(parent.get().id())
                    || !currentTags(parent.get()).isEmpty() || remainingChildren(parent.get()) > 0
                    || !currentUsers(parent.get()).isEmpty()) {
                return;
            }
            Image p = parent.get();
            markDeleted(p);
            deletions.add(new DeleteImage(p.id(), Set.of(), Set.of(), false, "untagged parent of deleted image "
                    + child.id().shortId() + ", with no other children and no containers", free(p)));
            child = p;
        }
    }

    private void markDeleted(Image image) {
        deleted.add(image.id());
        kept.remove(image.id());
        image.parent().ifPresent(p -> deletedChildren.merge(p, 1, Integer::sum));
    }

    /** The bytes deleting this image frees: its layers that no remaining image holds. */
    private long free(Image image) {
        long bytes = 0;
        if (image.layers().isEmpty()) {
            bytes = image.size(); // one pseudo-layer that only this image holds
        } else {
            for (Layer layer : index.distinctLayers(image)) {
                Digest diffId = layer.diffId();
                Integer before = holdersLeft.get(diffId);
                int left = (before == null ? index.holderCount(diffId) : before) - 1;
                holdersLeft.put(diffId, left);
                if (left == 0) {
                    bytes += index.layerSize(diffId);
                }
            }
        }
        reclaimed += bytes;
        return bytes;
    }

    private List<ImageReference> currentTags(Image image) {
        if (removedTags.isEmpty()) {
            return image.tags();
        }
        return image.tags().stream().filter(t -> !removedTags.contains(t)).toList();
    }

    private List<Container> currentUsers(Image image) {
        List<Container> users = index.containersUsing(image.id());
        if (removedContainers.isEmpty() || users.isEmpty()) {
            return users;
        }
        return users.stream().filter(c -> !removedContainers.contains(c.id())).toList();
    }

    private int remainingChildren(Image image) {
        return index.children(image.id()).size() - deletedChildren.getOrDefault(image.id(), 0);
    }
}
