package io.imgctl.application.port.out;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.removal.EngineBehaviour;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.domain.store.StoreSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one out-port to a container engine (Docker, Podman or the built-in one). Adapters translate
 * each engine's wire format to the domain: IDs always {@code sha256:<hex>}, tags always parsed
 * {@link ImageReference}s, container names without a leading slash.
 *
 * <p>Failures are {@link EngineException}s: {@link EngineUnavailableException} when the engine cannot
 * be reached, {@link NotFoundException}, {@link ConflictException}, {@link RegistryException}.
 */
public interface ContainerEngine extends AutoCloseable {

    /**
     * Lets go of the connections to the engine. A JVM per command never needed it; the resident server
     * runs thousands of commands in one JVM, each with its own engine, and a connection left open is a
     * leak there. Also how a command whose client went away is cut off mid-call. Nothing by default.
     */
    @Override
    default void close() {
    }

    /** Which engine this is, where it listens, and how it treats in-use images. */
    EngineInfo info();

    /**
     * How this engine treats in-use images and short names: {@link #info()}'s, which an adapter that knows
     * it without asking its engine answers at once (Docker's daemon takes tens of milliseconds to answer
     * {@code /version}, and planners need only this).
     */
    default EngineBehaviour behaviour() {
        return info().behaviour();
    }

    /** Checks that the engine answers; throws {@link EngineUnavailableException} naming the endpoint otherwise. */
    void ping();

    /** Every local image, tagged or not; layers and config may be left empty for speed. */
    List<Image> listImages();

    /**
     * The engine's record of changes to its store, when it keeps one this process can trust (see
     * {@link ChangeLog}): the Podman adapter on a UNIX socket, whose events are stamped by this machine's
     * clock and kept in a file or journald. Empty by default, for an engine reached over TCP, and for
     * Docker (its daemon keeps events in memory only, lost when it restarts).
     */
    default Optional<ChangeLog> changeLog() {
        return Optional.empty();
    }

    /**
     * One image in full detail (layers with sizes, config), found as the engine resolves a name:
     * a reference (normalised; {@code :latest} when no tag) or a full or prefix image ID.
     */
    Optional<Image> findImage(String referenceOrId);

    /**
     * {@link #findImage} for what a removal re-reads just before it acts: the image's ID, tags, digests
     * and parent as they are now; its layers may be left empty. The default is {@link #findImage}; an
     * engine that needs a second call for the layers (Docker and Podman: the history) overrides it.
     */
    default Optional<Image> findImageNames(String referenceOrId) {
        return findImage(referenceOrId);
    }

    /**
     * Which image each of {@code references} names now; a reference that names no image is absent.
     * Each reference is normalised and has a tag or a digest (no tag but a digest: {@code repo@sha256:...}),
     * and it matches a tag or a digest of an image exactly, never an ID prefix or a short-name alias: what
     * {@code ps} shows in its IMAGE column (the reference a container was made from, while it still names
     * the container's image). The default reads {@link #listImages()} once; an engine whose listing costs
     * far more than a lookup of each name overrides it with {@link #imagesNamedByLookup} (Podman's service
     * reads every image's config to list; Docker's daemon lists 500 images in the time of 45 inspects).
     */
    default Map<ImageReference, ImageId> imagesNamed(Set<ImageReference> references) {
        Objects.requireNonNull(references, "references");
        return references.isEmpty() ? new HashMap<>() : imagesNamedIn(listImages(), references);
    }

    /** Which of {@code images} each of {@code references} names: the tags and digests ({@link Image#exactNames()}) matched exactly. */
    static Map<ImageReference, ImageId> imagesNamedIn(Iterable<Image> images, Set<ImageReference> references) {
        Map<ImageReference, ImageId> named = new HashMap<>();
        for (Image image : images) {
            for (ImageReference name : image.exactNames()) {
                if (references.contains(name)) {
                    named.put(name, image.id());
                }
            }
        }
        return named;
    }

    /**
     * {@link #imagesNamed} by looking each reference up, through {@code reads}, instead of listing: for
     * an engine whose lookup of one name is far cheaper than its listing. {@code lookup} gives the image
     * a normalised reference names as the engine resolves it (with its tags and digests), or empty; the
     * reference counts only when that image has it as a tag or digest, so the answer is the listing's.
     */
    static Map<ImageReference, ImageId> imagesNamedByLookup(Set<ImageReference> references, ParallelReads reads,
            java.util.function.Function<ImageReference, Optional<Image>> lookup) {
        List<ImageReference> asked = List.copyOf(references);
        List<Optional<ImageId>> found = reads.map(asked, reference -> lookup.apply(reference)
                .filter(image -> image.exactNames().contains(reference))
                .map(Image::id));
        Map<ImageReference, ImageId> named = new HashMap<>();
        for (int i = 0; i < asked.size(); i++) {
            ImageReference reference = asked.get(i);
            found.get(i).ifPresent(id -> named.put(reference, id));
        }
        return named;
    }

    /** Every container in every state. */
    List<Container> listContainers();

    /** A container by exact name, full ID or unique ID prefix. */
    Optional<Container> findContainer(String nameOrId);

    /**
     * The containers, in any state, whose image is {@code id}: what a removal re-reads just before it
     * untags or deletes that image. The same as {@link #listContainers()} filtered by image ID; an
     * engine with a cheaper way to ask (Docker: one list call, then an inspect of only the matching
     * containers) overrides it.
     */
    default List<Container> containersUsing(ImageId id) {
        java.util.Objects.requireNonNull(id, "id");
        return listContainers().stream().filter(c -> c.imageId().equals(id)).toList();
    }

    /**
     * How many containers, in any state, each image has (images without one are absent): what
     * {@code images} shows. The default counts {@link #listContainers()}; an adapter whose listing
     * costs more than a count (Docker inspects every container) overrides it.
     */
    default java.util.Map<ImageId, Integer> containerCountsByImage() {
        java.util.Map<ImageId, Integer> counts = new java.util.HashMap<>();
        for (Container container : listContainers()) {
            counts.merge(container.imageId(), 1, Integer::sum);
        }
        return counts;
    }

    /** Images with their layers, and all containers: what plans and disk-usage figures are computed from. */
    StoreSnapshot snapshot();

    /**
     * What an {@code rmi} plan is computed from: {@link #snapshot()}, except that an image whose layers
     * the engine says no other image holds may come without them (an empty list: the planner then
     * counts the image's size as the bytes its deletion frees, which is what its layers would add up
     * to). Images that share a layer, have a parent or are one come with their layers, so a plan made
     * from it is the plan made from {@link #snapshot()}. The default is {@link #snapshot()}; Docker
     * overrides it (the diff IDs from each image's inspect tell which images share layers, so the history,
     * a second call per image, is read only for those).
     */
    default StoreSnapshot removalSnapshot() {
        return snapshot();
    }

    /** Pulls {@code reference} (always with a tag or digest), reporting progress as it goes. */
    PullResult pull(ImageReference reference, PullListener listener);

    /** Adds {@code target} as a tag of the image {@code source}. */
    void tag(ImageId source, ImageReference target);

    /** Pushes a local tag to its registry. */
    PushResult push(ImageReference reference, PullListener listener);

    /**
     * Makes a new image from a container's current state and tags it {@code spec.reference()}: the
     * container's writable layer becomes a new layer on top of its image's, with the message as that
     * layer's history comment, the author, and the changes applied to the new image's config.
     */
    ImageId commit(CommitSpec spec);

    /** {@link #commit(CommitSpec)} with no message, author or changes. */
    default ImageId commit(String containerId, ImageReference reference) {
        return commit(CommitSpec.of(containerId, reference));
    }

    /** Creates (does not start) a container. */
    Container createContainer(ContainerSpec spec);

    void startContainer(String containerId);

    /** Waits until the container stops; returns its exit code. */
    int waitContainer(String containerId);

    /** Everything the container wrote to stdout and stderr so far. */
    String logs(String containerId);

    /** Removes a container; with {@code force} a running one is killed first. */
    void removeContainer(String containerId, boolean force);

    /** Removes one tag, and only that tag. Returns the engine's records ({@code Untagged: ...}). */
    List<EngineRecord> untag(ImageReference reference);

    /**
     * Deletes an image's data by ID. {@code force} lets the engine delete an image that stopped
     * containers use (Docker keeps the containers). Deletes exactly this image: its untagged parents
     * are never pruned along with it (Docker's {@code noprune=1}); the removal planner plans those
     * deletions itself. Returns the engine's records.
     */
    List<EngineRecord> deleteImage(ImageId id, boolean force);

    /**
     * How many removal calls ({@link #untag}, {@link #deleteImage}, {@link #removeContainer}, with the
     * reads that check them) one client may have in flight at once on this engine: 1 unless the engine
     * serves concurrent requests safely and gains from them. Removals of many images run that many at a
     * time, under the plan's order constraints.
     */
    default int concurrentRemovals() {
        return 1;
    }

    /**
     * @param kind      docker, podman or fake
     * @param version   the engine's own version string
     * @param endpoint  where it was reached, e.g. {@code unix:///var/run/docker.sock}
     * @param behaviour how it treats images that containers use
     */
    record EngineInfo(String kind, String version, String endpoint, EngineBehaviour behaviour) {
    }
}
