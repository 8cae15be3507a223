package io.imgctl.cli.engine;

import io.imgctl.application.port.out.EngineKind;
import java.util.Optional;

/**
 * An endpoint the user set ({@code --host}, {@code DOCKER_HOST}, {@code CONTAINER_HOST}) decides the
 * engine without probing, as the Docker CLI trusts {@code DOCKER_HOST}.
 */
final class HostSettingStrategy implements DiscoveryStrategy {

    private final String source;
    private final Optional<String> value;
    private final EngineKind kind;

    HostSettingStrategy(String source, Optional<String> value, EngineKind kind) {
        this.source = source;
        this.value = value.filter(v -> !v.isBlank());
        this.kind = kind;
    }

    @Override
    public Attempt attempt() {
        if (value.isEmpty()) {
            return new Attempt.NotApplicable(source + " is not set");
        }
        return new Attempt.Found(new EngineTarget(kind, value, source + "=" + value.get(), !source.startsWith("--")));
    }
}
