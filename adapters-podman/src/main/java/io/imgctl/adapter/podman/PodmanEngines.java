package io.imgctl.adapter.podman;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.application.port.out.EngineSettings;

/** Makes the Podman engine from the settings: endpoint, registry credentials, tracing with {@code --verbose}. */
final class PodmanEngines {

    private PodmanEngines() {
    }

    static PodmanContainerEngine create(EngineSettings settings) {
        ObjectMapper mapper = new ObjectMapper();
        PodmanHttp http = new PodmanHttp(() -> PodmanEndpoint.resolve(settings), settings::callTimeout, mapper, settings.traceStream(System.err).orElse(null));
        return new PodmanContainerEngine(http, RegistryAuth.from(settings, mapper));
    }
}
