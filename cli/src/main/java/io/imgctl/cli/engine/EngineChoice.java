package io.imgctl.cli.engine;

import io.imgctl.application.port.out.EngineKind;
import java.util.Locale;
import java.util.Optional;

/** {@code --engine auto|docker|podman|fake}. */
public enum EngineChoice {
    AUTO, DOCKER, PODMAN, FAKE;

    /** The engine this choice names, empty for {@code auto}. */
    public Optional<EngineKind> kind() {
        return switch (this) {
            case AUTO -> Optional.empty();
            case DOCKER -> Optional.of(EngineKind.DOCKER);
            case PODMAN -> Optional.of(EngineKind.PODMAN);
            case FAKE -> Optional.of(EngineKind.FAKE);
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
