package io.imgctl.application.service;

import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one store's images hold that cannot change for their ID: an image ID is the digest of its
 * config, so the config, the layers (diff IDs), their sizes and history, the creation time and the
 * size are the same for as long as the ID exists. Only names (tags, digests) and, on Podman, the
 * parent (computed from the other images' layers) can change; those come from a listing each time
 * ({@link #merged}).
 *
 * <p>Bounded twice: an image no longer listed is dropped at the next whole snapshot ({@link #retainOnly}),
 * and at most {@link #CAPACITY} images are kept, the least recently used going first. Safe for several
 * commands at once.
 */
final class ImageDetails {

    /** Far more than a store of a few thousand images needs; each image holds a few kilobytes at most. */
    static final int CAPACITY = 8192;

    private final int capacity;
    private final Map<ImageId, Image> kept;

    ImageDetails() {
        this(CAPACITY);
    }

    ImageDetails(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.kept = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ImageId, Image> eldest) {
                return size() > ImageDetails.this.capacity;
            }
        };
    }

    /** The image read in full earlier under {@code id}, if still kept. */
    synchronized Optional<Image> get(ImageId id) {
        return Optional.ofNullable(kept.get(id));
    }

    /** Keeps {@code image}, read in full (its layers with their sizes, its config). */
    synchronized void put(Image image) {
        kept.put(image.id(), image);
    }

    /** Drops every image whose ID is not among {@code present} (what a whole listing just showed). */
    synchronized void retainOnly(Collection<ImageId> present) {
        Set<ImageId> listed = present instanceof Set<ImageId> set ? set : new HashSet<>(present);
        kept.keySet().retainAll(listed);
    }

    synchronized int size() {
        return kept.size();
    }

    /**
     * The image as {@code names} shows it now (ID, tags, digests, parent: a listing's or an inspect's
     * answer) with what cannot change taken from {@code full}, read earlier under the same ID.
     */
    static Image merged(Image names, Image full) {
        if (!names.id().equals(full.id())) {
            throw new IllegalArgumentException("details of " + full.id() + " cannot complete " + names.id());
        }
        return new Image(names.id(), names.tags(), names.digests(), full.created(), full.size(), names.parent(),
                full.layers(), full.config(), full.author(), full.comment());
    }
}
