package io.imgctl.application.service;

import io.imgctl.application.port.out.ChangeLog;
import io.imgctl.application.port.out.CommitSpec;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.ParallelReads;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.removal.EngineBehaviour;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.domain.store.StoreSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An engine read through a {@link ListingMemory}: what a command in the resident server talks to. Its
 * listing is the memory's (kept while the store's log shows no change, mended when it names the
 * changes); a snapshot is that listing, the containers, and each image's details from the memory, read
 * in full ({@link ContainerEngine#findImage}) only for an ID not seen before; its container listing is
 * the memory's too (kept while the log shows no container change); a full image read is the
 * names read ({@link ContainerEngine#findImageNames}) completed from the memory. So {@code rmi} of K
 * images in a store of N reads the listing and the K new images, not N. Everything that acts (and every
 * re-check a removal makes just before it acts) goes to the engine as it is.
 *
 * <p>An engine without a change log (the built-in one, an engine over TCP) is read as it is: its store
 * has no name the memory can keep details under.
 */
final class RememberingEngine implements ContainerEngine {

    /** Full reads of images not seen before: eight at a time, from sixteen on. */
    private static final ParallelReads READS = new ParallelReads(8, 16, "imgctl-detail-read");

    private final ContainerEngine engine;
    private final ListingMemory memory;
    private Optional<ChangeLog> log;

    RememberingEngine(ContainerEngine engine, ListingMemory memory) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /** The engine's log, asked for once (the memory keeps the first one per store). */
    private synchronized Optional<ChangeLog> log() {
        if (log == null) {
            log = engine.changeLog();
        }
        return log;
    }

    private Optional<ImageDetails> details() {
        return memory.details(log());
    }

    /** Closes the engine this one reads through (the memory and its logs stay, for the next commands). */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public EngineInfo info() {
        return engine.info();
    }

    @Override
    public EngineBehaviour behaviour() {
        return engine.behaviour();
    }

    @Override
    public void ping() {
        engine.ping();
    }

    @Override
    public List<Image> listImages() {
        return memory.listing(engine, log());
    }

    @Override
    public Optional<ChangeLog> changeLog() {
        return engine.changeLog();
    }

    @Override
    public Optional<Image> findImage(String referenceOrId) {
        Optional<ImageDetails> details = details();
        if (details.isEmpty()) {
            return engine.findImage(referenceOrId);
        }
        return engine.findImageNames(referenceOrId).flatMap(names -> complete(names, details.get()));
    }

    @Override
    public Optional<Image> findImageNames(String referenceOrId) {
        return engine.findImageNames(referenceOrId);
    }

    @Override
    public Map<ImageReference, ImageId> imagesNamed(Set<ImageReference> references) {
        return memory.keptListing(engine, log())
                .map(images -> ContainerEngine.imagesNamedIn(images, references))
                .orElseGet(() -> engine.imagesNamed(references));
    }

    @Override
    public List<Container> listContainers() {
        return memory.containers(engine, log());
    }

    @Override
    public Optional<Container> findContainer(String nameOrId) {
        return engine.findContainer(nameOrId);
    }

    @Override
    public List<Container> containersUsing(ImageId id) {
        return engine.containersUsing(id);
    }

    @Override
    public Map<ImageId, Integer> containerCountsByImage() {
        return engine.containerCountsByImage();
    }

    @Override
    public StoreSnapshot snapshot() {
        Optional<ImageDetails> details = details();
        if (details.isEmpty()) {
            return engine.snapshot();
        }
        Instant takenAt = Instant.now();
        List<Image> listed = listImages();
        List<Image> unseen = listed.stream().filter(image -> details.get().get(image.id()).isEmpty()).toList();
        List<Optional<Image>> read = READS.map(unseen, image -> engine.findImage(image.id().toString())
                .filter(found -> found.id().equals(image.id())));
        Map<ImageId, Image> fresh = new HashMap<>();
        read.forEach(found -> found.ifPresent(image -> {
            details.get().put(image);
            fresh.put(image.id(), image);
        }));
        List<Image> images = new ArrayList<>(listed.size());
        for (Image image : listed) {
            // An image gone between the listing and its read is left out, as the engines' snapshots do.
            Optional<Image> full = Optional.ofNullable(fresh.get(image.id())).or(() -> details.get().get(image.id()));
            full.ifPresent(f -> images.add(ImageDetails.merged(image, f)));
        }
        details.get().retainOnly(listed.stream().map(Image::id).toList());
        return new StoreSnapshot(images, listContainers(), takenAt);
    }

    /** The whole snapshot: with the details kept, it costs no more than the light one the engine may offer. */
    @Override
    public StoreSnapshot removalSnapshot() {
        return details().isPresent() ? snapshot() : engine.removalSnapshot();
    }

    /** {@code names} with its details: kept ones, else read in full now (and kept). */
    private Optional<Image> complete(Image names, ImageDetails details) {
        Optional<Image> kept = details.get(names.id());
        if (kept.isPresent()) {
            return Optional.of(ImageDetails.merged(names, kept.get()));
        }
        Optional<Image> full = engine.findImage(names.id().toString()).filter(image -> image.id().equals(names.id()));
        full.ifPresent(details::put);
        return full;
    }

    @Override
    public PullResult pull(ImageReference reference, PullListener listener) {
        return engine.pull(reference, listener);
    }

    @Override
    public void tag(ImageId source, ImageReference target) {
        engine.tag(source, target);
    }

    @Override
    public PushResult push(ImageReference reference, PullListener listener) {
        return engine.push(reference, listener);
    }

    @Override
    public ImageId commit(CommitSpec spec) {
        return engine.commit(spec);
    }

    @Override
    public Container createContainer(ContainerSpec spec) {
        return engine.createContainer(spec);
    }

    @Override
    public void startContainer(String containerId) {
        engine.startContainer(containerId);
    }

    @Override
    public int waitContainer(String containerId) {
        return engine.waitContainer(containerId);
    }

    @Override
    public String logs(String containerId) {
        return engine.logs(containerId);
    }

    @Override
    public void removeContainer(String containerId, boolean force) {
        engine.removeContainer(containerId, force);
    }

    @Override
    public List<EngineRecord> untag(ImageReference reference) {
        return engine.untag(reference);
    }

    @Override
    public List<EngineRecord> deleteImage(ImageId id, boolean force) {
        return engine.deleteImage(id, force);
    }

    @Override
    public int concurrentRemovals() {
        return engine.concurrentRemovals();
    }
}
