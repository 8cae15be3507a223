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
 * @param hostFromEnvironment whether {@code host} is the value of {@code DOCKER_HOST} or {@code CONTAINER_HOST},
 *             which the adapter then reads itself, so that its messages name the variable the value came from
 */
public record EngineTarget(EngineKind kind, Optional<String> host, String how, boolean hostFromEnvironment) {
    public EngineTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(how, "how");
    }

    /** A target whose endpoint, if any, was given or found by imgctl itself (not read from the environment). */
    public EngineTarget(EngineKind kind, Optional<String> host, String how) {
        this(kind, host, how, false);
    }

    /** The endpoint to hand the adapter as {@code --host}: none when the adapter reads it from the environment. */
    public Optional<String> hostSetting() {
        return hostFromEnvironment ? Optional.empty() : host;
    }
}
