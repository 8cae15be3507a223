package io.imgctl.application.port.out;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an adapter needs to reach its engine, gathered once by the CLI.
 *
 * @param host        {@code --host} ({@code unix:///path} or {@code tcp://host:port}), when given
 * @param environment the process environment ({@code DOCKER_HOST}, {@code DOCKER_CONFIG},
 *                    {@code CONTAINER_HOST}, {@code IMGCTL_FAKE_STATE}, {@code XDG_STATE_HOME}, {@code HOME}, ...)
 * @param verbose     {@code --verbose}: adapters may log engine calls to stderr
 */
public record EngineSettings(Optional<String> host, Map<String, String> environment, boolean verbose) {
    public EngineSettings {
        Objects.requireNonNull(host, "host");
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    public Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isEmpty());
    }
}
