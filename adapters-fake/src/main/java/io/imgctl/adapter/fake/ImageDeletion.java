package io.imgctl.adapter.fake;

import io.imgctl.adapter.fake.State.ContainerRecord;
import io.imgctl.adapter.fake.State.ImageRecord;
import io.imgctl.application.port.out.ConflictException;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.domain.image.ImageReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Docker's {@code ImageDelete} for an image ID ({@code daemon/images/image_delete.go}, 20.10):
 *
 * <ul>
 *   <li>hard conflicts, never forced: a child image (one whose parent it is), a running container;</li>
 *   <li>soft conflicts, overridden by force: tags or digests that remain, a stopped container;</li>
 *   <li>an image whose references all belong to one repository with at most one tag is untagged
 *       first, so deleting such an image by ID needs no force;</li>
 *   <li>forced with stopped containers: the image is deleted and the containers stay, keeping its
 *       layers alive (no layer is reported deleted while a container needs it);</li>
 * </ul>
 *
 * Unlike Docker's default, the parent chain is never pruned here ({@code noprune=1}): the engine
 * port deletes exactly the image asked for, and the removal planner plans parent deletions itself.
 *
 * The records come in Docker's order: {@code Untagged:} references, {@code Deleted:} the image ID,
 * then {@code Deleted:} each layer chain ID the deletion released, topmost first.
 */
final class ImageDeletion {

    private enum Kind { CHILD, RUNNING, REFERENCE, STOPPED }

    private record Conflict(String imageId, Kind kind, String message) {
        boolean hard() {
            return kind == Kind.CHILD || kind == Kind.RUNNING;
        }

        ConflictException exception() {
            return new ConflictException("conflict: unable to delete " + References.shortId(imageId) + " ("
                    + (hard() ? "cannot be forced" : "must be forced") + ") - " + message);
        }
    }

    private final State state;
    private final List<EngineRecord> records = new ArrayList<>();

    private ImageDeletion(State state) {
        this.state = state;
    }

    /** Deletes the image as {@code DELETE /images/{id}?force=} does; throws {@link ConflictException} when refused. */
    static List<EngineRecord> byId(State state, ImageRecord image, boolean force) {
        ImageDeletion deletion = new ImageDeletion(state);
        List<String> references = references(image);
        if (isSingleReference(references)) {
            Set<Kind> mask = force ? Set.of(Kind.CHILD, Kind.RUNNING) : Set.of(Kind.CHILD, Kind.RUNNING, Kind.STOPPED);
            Optional<Conflict> conflict = deletion.conflict(image, mask);
            if (conflict.isPresent()) {
                throw conflict.get().exception();
            }
            deletion.untagAll(image);
        }
        deletion.delete(image, force);
        return List.copyOf(deletion.records);
    }

    private void delete(ImageRecord image, boolean force) {
        Set<Kind> mask = force ? Set.of(Kind.CHILD, Kind.RUNNING) : Set.of(Kind.values());
        Optional<Conflict> conflict = conflict(image, mask);
        if (conflict.isPresent()) {
            throw conflict.get().exception();
        }
        untagAll(image);
        List<String> chains = Lookup.chainIds(image.layers);
        state.images.remove(image);
        records.add(new EngineRecord(EngineRecord.Kind.DELETED, image.id));
        Set<String> stillHeld = Lookup.localChains(state);
        for (int i = chains.size() - 1; i >= 0 && !stillHeld.contains(chains.get(i)); i--) {
            records.add(new EngineRecord(EngineRecord.Kind.DELETED, chains.get(i)));
        }
    }

    private Optional<Conflict> conflict(ImageRecord image, Set<Kind> mask) {
        if (mask.contains(Kind.CHILD) && state.images.stream().anyMatch(i -> image.id.equals(i.parent))) {
            return Optional.of(new Conflict(image.id, Kind.CHILD, "image has dependent child images"));
        }
        if (mask.contains(Kind.RUNNING)) {
            Optional<ContainerRecord> running = state.containers.stream()
                    .filter(c -> c.isRunning() && c.imageId.equals(image.id)).findFirst();
            if (running.isPresent()) {
                return Optional.of(new Conflict(image.id, Kind.RUNNING,
                        "image is being used by running container " + References.shortId(running.get().id)));
            }
        }
        if (mask.contains(Kind.REFERENCE) && !references(image).isEmpty()) {
            return Optional.of(new Conflict(image.id, Kind.REFERENCE, "image is referenced in multiple repositories"));
        }
        if (mask.contains(Kind.STOPPED)) {
            Optional<ContainerRecord> stopped = state.containers.stream()
                    .filter(c -> !c.isRunning() && c.imageId.equals(image.id)).findFirst();
            if (stopped.isPresent()) {
                return Optional.of(new Conflict(image.id, Kind.STOPPED,
                        "image is being used by stopped container " + References.shortId(stopped.get().id)));
            }
        }
        return Optional.empty();
    }

    private void untagAll(ImageRecord image) {
        for (String reference : references(image)) {
            records.add(new EngineRecord(EngineRecord.Kind.UNTAGGED, ImageReference.parse(reference).familiar()));
        }
        image.tags.clear();
        image.digests.clear();
    }

    private static List<String> references(ImageRecord image) {
        List<String> all = new ArrayList<>(image.tags);
        all.addAll(image.digests);
        return all;
    }

    /**
     * Docker's {@code isSingleReference}: true when there is at most one tag and every reference
     * belongs to one repository; a lone tag or a lone digest counts as single.
     */
    static boolean isSingleReference(List<String> references) {
        if (references.size() <= 1) {
            return references.size() == 1;
        }
        ImageReference single = null;
        Set<String> digestRepositories = new HashSet<>();
        for (String text : references) {
            ImageReference ref = ImageReference.parse(text);
            if (ref.digest().isPresent()) {
                digestRepositories.add(ref.name());
            } else if (single == null) {
                single = ref;
            } else {
                return false;
            }
        }
        if (single == null) {
            single = ImageReference.parse(references.get(0));
        }
        return digestRepositories.size() == 1 && digestRepositories.contains(single.name());
    }
}
