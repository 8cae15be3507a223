package io.imgctl.application.port.out;

import io.imgctl.domain.image.ImageReference;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a new container is made of.
 *
 * @param image    the reference the user gave (kept as the container's image, like Docker does)
 * @param name     its name; the engine generates one when empty
 * @param command  the command; the image's default when empty
 */
public record ContainerSpec(ImageReference image, Optional<String> name, List<String> command) {
    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(name, "name");
        command = List.copyOf(Objects.requireNonNull(command, "command"));
    }
}
