package io.imgctl.application.port.out;

import io.imgctl.domain.image.ImageId;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link ChangeLog} says changed in an image store over a span of time: the images whose
 * names or presence may have changed, each by its ID, or "unknown" when the log cannot tell which
 * (an event without an image ID, a log that could not be read, a watch that broke): the store must
 * then be read again as a whole.
 *
 * @param images the IDs of the images an event named; empty when the log cannot say which changed
 */
public record ImageChanges(Optional<Set<ImageId>> images) {

    private static final ImageChanges UNKNOWN = new ImageChanges(Optional.empty());
    private static final ImageChanges NONE = new ImageChanges(Optional.of(Set.of()));

    public ImageChanges {
        images = images.map(Set::copyOf);
    }

    /** The log cannot say what changed. */
    public static ImageChanges unknown() {
        return UNKNOWN;
    }

    /** Nothing changed. */
    public static ImageChanges none() {
        return NONE;
    }

    /** Exactly these images changed (an empty set: nothing did). */
    public static ImageChanges of(Set<ImageId> images) {
        return new ImageChanges(Optional.of(images));
    }

    /** Whether the log says, for sure, that nothing changed. */
    public boolean isNone() {
        return images.isPresent() && images.get().isEmpty();
    }
}
