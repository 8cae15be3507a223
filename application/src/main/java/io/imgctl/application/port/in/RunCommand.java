package io.imgctl.application.port.in;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code run [--name N] [-d] IMAGE [CMD...]}. */
public record RunCommand(String image, Optional<String> name, boolean detach, List<String> command) {
    public RunCommand {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(name, "name");
        command = List.copyOf(Objects.requireNonNull(command, "command"));
    }
}
