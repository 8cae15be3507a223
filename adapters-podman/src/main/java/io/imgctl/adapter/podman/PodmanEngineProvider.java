package io.imgctl.adapter.podman;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Provider;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineSettings;
import java.util.Objects;

/** Makes the Podman engine from the settings: endpoint, registry credentials, tracing with {@code --verbose}. */
final class PodmanEngineProvider implements Provider<ContainerEngine> {

    private final Provider<EngineSettings> settings;

    PodmanEngineProvider(Provider<EngineSettings> settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ContainerEngine get() {
        return create(settings.get());
    }

    static PodmanContainerEngine create(EngineSettings settings) {
        ObjectMapper mapper = new ObjectMapper();
        PodmanHttp http = new PodmanHttp(() -> PodmanEndpoint.resolve(settings), mapper, settings.verbose() ? System.err : null);
        return new PodmanContainerEngine(http, RegistryAuth.from(settings, mapper));
    }
}
