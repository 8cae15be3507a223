package io.imgctl.domain.store;

import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageReference;

/** What a user's image argument designates in a snapshot. */
public sealed interface ImageResolution {

    /** Found by one of its tags. */
    record ByTag(Image image, ImageReference tag) implements ImageResolution {
    }

    /** Found by its full ID or a unique prefix of it. */
    record ById(Image image) implements ImageResolution {
    }

    /** An ID prefix that several images share. */
    record Ambiguous(String input, int matches) implements ImageResolution {
    }

    /** Nothing by that name or ID. */
    record Missing(String input) implements ImageResolution {
    }
}
