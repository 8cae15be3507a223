package io.imgctl.application.port.out;

import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.util.Objects;
import java.util.Optional;

/**
 * @param reference     what was pulled, with its tag
 * @param imageId       the local image ID afterwards
 * @param digest        the manifest digest the registry gave, if any
 * @param downloaded    true for {@code Downloaded newer image}, false for {@code Image is up to date}
 */
public record PullResult(ImageReference reference, ImageId imageId, Optional<Digest> digest, boolean downloaded) {
    public PullResult {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(digest, "digest");
    }
}
