package io.imgctl.application.service;

import io.imgctl.application.port.out.ChangeLog;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.domain.image.Image;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What a process that lives across commands (the resident server) keeps between them: each store's
 * image listing, when reading it took at least {@link #worthKeeping()} (Podman's service needs seconds
 * to list a few hundred images; Docker's daemon, milliseconds). A kept listing is the answer again only
 * while the engine's {@link ChangeLog} shows no change at all, of any kind, since just before it was
 * read; otherwise, and for an engine without a log, the engine is asked as always. A listing quicker
 * than that is never kept: checking the log would cost about as much.
 *
 * <p>Safe for use by several commands at once: two that find nothing kept both read the engine.
 */
public final class ListingMemory {

    /** Listings that took less than this are read again each time (Podman's log check alone takes a quarter of a second). */
    public static final Duration DEFAULT_WORTH_KEEPING = Duration.ofMillis(500);
    /** At most this many stores' listings are kept, the least recently used going first. */
    static final int STORES = 8;

    private static final ListingMemory NONE = new ListingMemory(Optional.empty(), System::nanoTime);

    private final Optional<Duration> worthKeeping;
    private final LongSupplier nanoTime;
    private final Map<String, Kept> kept = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > STORES;
        }
    };
    private final AtomicLong reused = new AtomicLong();

    private record Kept(Instant from, List<Image> images) {
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

    /** How many listings were answered from what was kept. */
    public long reused() {
        return reused.get();
    }

    /** The engine's image listing: the kept one when its store shows no change since it was read, else read now. */
    List<Image> listImages(ContainerEngine engine) {
        if (worthKeeping.isEmpty()) {
            return engine.listImages();
        }
        Optional<ChangeLog> log = engine.changeLog();
        if (log.isEmpty()) {
            return engine.listImages();
        }
        String store = log.get().store();
        Kept before;
        synchronized (kept) {
            before = kept.get(store);
        }
        if (before != null && log.get().unchangedSince(before.from())) {
            reused.incrementAndGet();
            return before.images();
        }
        Optional<Instant> from = log.get().watchFrom();
        long start = nanoTime.getAsLong();
        List<Image> images = List.copyOf(engine.listImages());
        Duration took = Duration.ofNanos(nanoTime.getAsLong() - start);
        synchronized (kept) {
            if (from.isPresent() && took.compareTo(worthKeeping.get()) >= 0) {
                Kept now = kept.get(store);
                // Another command may have kept a newer listing meanwhile: keep the newer one.
                if (now == null || !now.from().isAfter(from.get())) {
                    kept.put(store, new Kept(from.get(), images));
                }
            } else {
                kept.remove(store);
            }
        }
        return images;
    }
}
