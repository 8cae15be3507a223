package io.imgctl.application.service;

import io.imgctl.application.port.out.ChangeLog;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ImageChanges;
import io.imgctl.application.port.out.ParallelReads;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What a process that lives across commands (the resident server) keeps between them, per store (one
 * engine's endpoint, as its {@link ChangeLog} names it):
 * <ul>
 *   <li>the image listing, when reading it took at least {@link #worthKeeping()} (Podman's service needs
 *       seconds to list a few hundred images), or whatever it took when the store's log is quick to read
 *       ({@link ChangeLog#quickToRead()}: Docker's). A kept listing is the
 *       answer again while the store's log shows no image change since just before it was read; when the
 *       log names the images that changed, only those are read again ({@link ContainerEngine#findImageNames})
 *       and the kept listing is mended; when it cannot say (an event without an image ID, a broken watch),
 *       the store is listed again. An engine without a log is always asked;</li>
 *   <li>the container listing, by the same rule (kept when it took long or the log is quick to read), the
 *       answer again while the log shows no container change since just before it was read
 *       ({@link ChangeLog#containersUnchangedSince}), else read again as a whole;</li>
 *   <li>what cannot change for an image ID ({@link ImageDetails}: config, layers and their sizes),
 *       so that a snapshot reads in full only the images it has not seen ({@link #remembering}).</li>
 * </ul>
 * The first log a store offers is kept with what was read from it (a watch such as Docker's event
 * stream vouches only for the time since it began) and closed when the store is let go.
 *
 * <p>Safe for use by several commands at once: two that find nothing kept both read the engine.
 */
public final class ListingMemory {

    /** Listings that took less than this are read again each time (Podman's log check alone takes a quarter of a second). */
    public static final Duration DEFAULT_WORTH_KEEPING = Duration.ofMillis(500);
    /** At most this many stores are kept, the least recently used going first. */
    static final int STORES = 8;
    /** More changed images than this (or than a quarter of the listing) are read as a whole new listing. */
    static final int MEND_AT_MOST = 64;

    private static final ListingMemory NONE = new ListingMemory(Optional.empty(), System::nanoTime);
    /** The reads that mend a listing: four at a time, from eight on. */
    private static final ParallelReads READS = new ParallelReads(4, 8, "imgctl-memory-read");

    private final Optional<Duration> worthKeeping;
    private final LongSupplier nanoTime;
    private final Map<String, Store> stores = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Store> eldest) {
            if (size() > STORES) {
                eldest.getValue().log.close();
                return true;
            }
            return false;
        }
    };
    private final AtomicLong reused = new AtomicLong();

    private record Kept(Instant from, List<Image> images) {
    }

    private record KeptContainers(Instant from, List<Container> containers) {
    }

    /** One store's log (the first it offered), its kept listing (guarded by the memory's map) and its images' details. */
    private static final class Store {
        final ChangeLog log;
        final ImageDetails details = new ImageDetails();
        Kept kept;
        KeptContainers containers;

        Store(ChangeLog log) {
            this.log = log;
        }
    }

    /** Keeps listings that took at least {@code worthKeeping} to read. */
    public ListingMemory(Duration worthKeeping) {
        this(Optional.of(worthKeeping), System::nanoTime);
    }

    /** With the clock that times the listings given (tests). */
    ListingMemory(Optional<Duration> worthKeeping, LongSupplier nanoTime) {
        worthKeeping.ifPresent(d -> {
            if (d.isNegative()) {
                throw new IllegalArgumentException("a listing's time cannot be negative: " + d);
            }
        });
        this.worthKeeping = worthKeeping;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Keeps nothing: every listing is read from the engine (a command in a JVM of its own). */
    public static ListingMemory none() {
        return NONE;
    }

    /** How long a listing must have taken to be kept; empty when nothing is kept. */
    public Optional<Duration> worthKeeping() {
        return worthKeeping;
    }

    /** How many listings were answered from what was kept (as it was, or mended). */
    public long reused() {
        return reused.get();
    }

    /**
     * {@code engine} reading through this memory: its listing as {@link #listImages} answers it, and its
     * snapshots and full image reads completed from the kept details (see {@link RememberingEngine});
     * {@code engine} itself when nothing is kept.
     */
    public ContainerEngine remembering(ContainerEngine engine) {
        Objects.requireNonNull(engine, "engine");
        return worthKeeping.isEmpty() || engine instanceof RememberingEngine ? engine : new RememberingEngine(engine, this);
    }

    /** The engine's image listing: the kept one when its store shows no change since it was read (mended when the log names the changes), else read now. */
    List<Image> listImages(ContainerEngine engine) {
        if (engine instanceof RememberingEngine remembering) {
            return remembering.listImages();
        }
        return listing(engine, engine.changeLog());
    }

    /**
     * The listing {@link #listing} would answer, when one is kept for the store and its log is quick to
     * read; empty when answering would mean reading the whole store (or waiting on a slow log), which a
     * caller that needs only a few names does better with a few reads of its own.
     */
    Optional<List<Image>> keptListing(ContainerEngine engine, Optional<ChangeLog> offered) {
        if (worthKeeping.isEmpty() || offered.isEmpty() || !offered.get().quickToRead()) {
            return Optional.empty();
        }
        Store store = store(offered.get());
        synchronized (stores) {
            if (store.kept == null) {
                return Optional.empty();
            }
        }
        return Optional.of(listing(engine, offered));
    }

    /** The details kept for the store {@code log} names (the log is kept when the store is new, else closed). */
    Optional<ImageDetails> details(Optional<ChangeLog> log) {
        return worthKeeping.isEmpty() ? Optional.empty() : log.map(l -> store(l).details);
    }

    /** {@link #listImages} of a bare engine whose log (what it offered) is given. */
    List<Image> listing(ContainerEngine engine, Optional<ChangeLog> offered) {
        if (worthKeeping.isEmpty() || offered.isEmpty()) {
            return engine.listImages();
        }
        Store store = store(offered.get());
        ChangeLog log = store.log;
        Kept before;
        synchronized (stores) {
            before = store.kept;
        }
        if (before != null) {
            Optional<Instant> next = log.watchFrom();
            ImageChanges changes = log.changesSince(before.from());
            if (changes.isNone()) {
                // Vouched for up to now: from now on only newer events need reading (the log may hold few).
                next.ifPresent(n -> keep(store, n, before.images()));
                reused.incrementAndGet();
                return before.images();
            }
            Set<ImageId> changed = changes.images().orElse(null);
            if (changed != null && next.isPresent()
                    && changed.size() <= Math.min(MEND_AT_MOST, Math.max(1, before.images().size() / 4))) {
                List<Image> mended = mended(engine, before.images(), changed);
                keep(store, next.get(), mended);
                reused.incrementAndGet();
                return mended;
            }
        }
        return readAndKeep(engine::listImages, log, log.watchFrom(), (from, images) -> keep(store, from, images),
                () -> store.kept = null);
    }

    /** The engine's container listing: the kept one while its store's log shows no container change since it was read, else read now. */
    List<Container> containers(ContainerEngine engine, Optional<ChangeLog> offered) {
        if (worthKeeping.isEmpty() || offered.isEmpty()) {
            return engine.listContainers();
        }
        Store store = store(offered.get());
        ChangeLog log = store.log;
        KeptContainers before;
        synchronized (stores) {
            before = store.containers;
        }
        Optional<Instant> from = log.watchFrom();
        if (before != null && log.containersUnchangedSince(before.from())) {
            from.ifPresent(n -> keepContainers(store, n, before.containers()));
            reused.incrementAndGet();
            return before.containers();
        }
        return readAndKeep(engine::listContainers, log, from, (f, containers) -> keepContainers(store, f, containers),
                () -> store.containers = null);
    }

    /**
     * A listing read now: kept (by {@code keep}, as vouched for from {@code from}) when reading it took
     * at least {@link #worthKeeping()} or the log is quick to read, else what was kept is let go
     * ({@code forget}, under the memory's lock).
     */
    private <T> List<T> readAndKeep(Supplier<List<T>> read, ChangeLog log, Optional<Instant> from,
                                    BiConsumer<Instant, List<T>> keep, Runnable forget) {
        long start = nanoTime.getAsLong();
        List<T> listing = List.copyOf(read.get());
        Duration took = Duration.ofNanos(nanoTime.getAsLong() - start);
        if (from.isPresent() && (took.compareTo(worthKeeping.get()) >= 0 || log.quickToRead())) {
            keep.accept(from.get(), listing);
        } else {
            synchronized (stores) {
                forget.run();
            }
        }
        return listing;
    }

    private void keepContainers(Store store, Instant from, List<Container> containers) {
        synchronized (stores) {
            // Another command may have kept a newer listing meanwhile: keep the newer one.
            if (store.containers == null || !store.containers.from().isAfter(from)) {
                store.containers = new KeptContainers(from, containers);
            }
        }
    }

    private void keep(Store store, Instant from, List<Image> images) {
        synchronized (stores) {
            // Another command may have kept a newer listing meanwhile: keep the newer one.
            if (store.kept == null || !store.kept.from().isAfter(from)) {
                store.kept = new Kept(from, images);
            }
        }
    }

    /**
     * {@code before} with each of {@code changed} read again: gone, renamed or new. A tag names one image,
     * so the tags an image read now holds are taken off every other image (a tag moved onto an image is
     * logged for that image only).
     */
    static List<Image> mended(ContainerEngine engine, List<Image> before, Set<ImageId> changed) {
        List<ImageId> ids = List.copyOf(changed);
        List<Optional<Image>> now = READS.map(ids,
                id -> engine.findImageNames(id.toString()).filter(image -> image.id().equals(id)));
        Map<ImageId, Image> fresh = new LinkedHashMap<>();
        Set<ImageReference> freshTags = new HashSet<>();
        now.forEach(found -> found.ifPresent(image -> {
            fresh.put(image.id(), image);
            freshTags.addAll(image.tags());
        }));
        List<Image> images = new ArrayList<>(before.size() + fresh.size());
        for (Image image : before) {
            if (changed.contains(image.id())) {
                Image read = fresh.remove(image.id());
                if (read != null) {
                    images.add(read);
                }
            } else if (image.tags().stream().anyMatch(freshTags::contains)) {
                images.add(new Image(image.id(), image.tags().stream().filter(t -> !freshTags.contains(t)).toList(),
                        image.digests(), image.created(), image.size(), image.parent(), image.layers(), image.config(),
                        image.author(), image.comment()));
            } else {
                images.add(image);
            }
        }
        images.addAll(fresh.values());
        return List.copyOf(images);
    }

    private Store store(ChangeLog offered) {
        String name = offered.store();
        synchronized (stores) {
            Store store = stores.get(name);
            if (store == null) {
                store = new Store(offered);
                stores.put(name, store);
                return store;
            }
            if (store.log != offered) {
                offered.close();
            }
            return store;
        }
    }
}
