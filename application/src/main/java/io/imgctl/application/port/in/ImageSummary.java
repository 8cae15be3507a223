package io.imgctl.application.port.in;

import io.imgctl.domain.image.Image;
import java.util.Objects;

/** An image as {@code images} shows it, with the number of containers (any state) created from it. */
public record ImageSummary(Image image, int containers) {
    public ImageSummary {
        Objects.requireNonNull(image, "image");
    }
}
