package io.imgctl.domain.image;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One read-only layer of an image, identified by its diff ID (the digest of the uncompressed tar).
 * The same diff ID in two images is the same data on disk, counted once.
 *
 * @param diffId    the layer's diff ID
 * @param size      bytes on disk, zero or more
 * @param createdBy the instruction that made the layer, empty when unknown
 * @param created   when the layer was made, if known
 * @param comment   its history entry's comment ({@code docker commit --message} on Docker, e.g.
 *                  {@code Imported from -}), empty when there is none
 */
public record Layer(Digest diffId, long size, String createdBy, Optional<Instant> created, String comment) {

    public Layer {
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(comment, "comment");
        if (size < 0) {
            throw new IllegalArgumentException("layer size must not be negative: " + size);
        }
    }

    /** A layer whose history entry has no comment. */
    public Layer(Digest diffId, long size, String createdBy, Optional<Instant> created) {
        this(diffId, size, createdBy, created, "");
    }

    /** A layer known only by its diff ID and size. */
    public Layer(Digest diffId, long size) {
        this(diffId, size, "", Optional.empty(), "");
    }
}
