package io.imgctl.cli.engine;

import io.imgctl.application.port.out.EngineKind;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine a command will talk to, and how it was chosen.
 *
 * @param kind docker, podman or fake
 * @param host the endpoint to use, when one was given or discovered (adapters fall back to their defaults)
 * @param how  why this engine, for {@code --verbose}: {@code --engine fake}, {@code DOCKER_HOST is set}, ...
 */
public record EngineTarget(EngineKind kind, Optional<String> host, String how) {
    public EngineTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(how, "how");
    }
}
