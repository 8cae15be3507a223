package io.imgctl.domain.image;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A local image: a read-only template made of layers, named by zero or more tags.
 *
 * @param id       the image ID (config digest)
 * @param tags     the tags that name it, normalised references each with a tag; empty when dangling
 * @param digests  repository digests ({@code name@sha256:...}) known for it
 * @param created  when the image was built
 * @param size     total bytes of its layers
 * @param parent   the local parent image (set by a local build or commit), if any
 * @param layers   its layers, base first; empty when the engine listed the image without detail
 * @param config   its configuration; {@link ImageConfig#EMPTY} when not loaded
 * @param author   who made it ({@code docker commit --author}, Docker's inspect {@code Author}); empty when
 *                 unknown or not loaded
 * @param comment  the image's comment ({@code docker commit --message}, Docker's inspect {@code Comment});
 *                 empty when unknown or not loaded
 */
public record Image(
        ImageId id,
        List<ImageReference> tags,
        List<ImageReference> digests,
        Instant created,
        long size,
        Optional<ImageId> parent,
        List<Layer> layers,
        ImageConfig config,
        String author,
        String comment) {

    /**
     * The listing order, total: newest first; images created in the same instant by {@link #listingName()}
     * (untagged images, which have none, after named ones), then by ID. Every listing and plan uses it,
     * so that what an engine lists in an unstable order comes out the same every time (issue 18).
     */
    public static final Comparator<Image> NEWEST_FIRST = Comparator.comparing(Image::created).reversed()
            .thenComparing(Image::listingName, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Image::id);

    public Image {
        Objects.requireNonNull(id, "id");
        tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        digests = List.copyOf(Objects.requireNonNull(digests, "digests"));
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(parent, "parent");
        layers = List.copyOf(Objects.requireNonNull(layers, "layers"));
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(comment, "comment");
        if (size < 0) {
            throw new IllegalArgumentException("image size must not be negative: " + size);
        }
        for (ImageReference tag : tags) {
            if (tag.tag().isEmpty()) {
                throw new IllegalArgumentException("image tag without a tag: " + tag);
            }
        }
    }

    /** An image without author or comment, as a listing gives it. */
    public Image(ImageId id, List<ImageReference> tags, List<ImageReference> digests, Instant created, long size,
                 Optional<ImageId> parent, List<Layer> layers, ImageConfig config) {
        this(id, tags, digests, created, size, parent, layers, config, "", "");
    }

    /**
     * The name a listing prints first for this image: its first tag in familiar form ({@code alpine:3.14},
     * {@code localhost:5000/app:1}); {@code null} when it has no tag.
     */
    public String listingName() {
        return tags.isEmpty() ? null : tags.get(0).familiar();
    }

    /** An image without tags is dangling (whether it has children is the snapshot's business). */
    public boolean isUntagged() {
        return tags.isEmpty();
    }

    /**
     * The references that name this image exactly: its tags, and each digest as {@code repository@digest}
     * (without any tag it was recorded with).
     */
    public List<ImageReference> exactNames() {
        List<ImageReference> names = new java.util.ArrayList<>(tags.size() + digests.size());
        names.addAll(tags);
        for (ImageReference d : digests) {
            if (d.digest().isPresent()) {
                names.add(d.exactName());
            }
        }
        return names;
    }

    public boolean hasTag(ImageReference reference) {
        return tags.contains(reference);
    }

    public Image withTags(List<ImageReference> newTags) {
        return new Image(id, newTags, digests, created, size, parent, layers, config, author, comment);
    }

    public Image withLayers(List<Layer> newLayers) {
        return new Image(id, tags, digests, created, size, parent, newLayers, config, author, comment);
    }
}
