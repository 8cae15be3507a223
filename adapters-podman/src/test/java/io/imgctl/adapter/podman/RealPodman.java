package io.imgctl.adapter.podman;

import static org.assertj.core.api.Assertions.fail;

import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.EngineSettings;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Podman service for integration tests, found the way imgctl finds it (CONTAINER_HOST, the
 * rootless socket, then /run/podman/podman.sock). When it does not answer, tests fail under
 * {@code CI=true} and are skipped, with the reason, otherwise.
 */
final class RealPodman {

    private RealPodman() {
    }

    static PodmanContainerEngine engineOrSkip() {
        PodmanContainerEngine engine = PodmanEngineProvider.create(new EngineSettings(Optional.empty(), System.getenv(), false));
        requireAnswer(engine);
        return engine;
    }

    static void requireAnswer(ContainerEngine engine) {
        try {
            engine.ping();
        } catch (EngineException e) {
            String why = "The Podman service does not answer, so the real-engine tests cannot run: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + " (CI=true: an unreachable engine is a failure, start it with bash scripts/engines.sh up)");
            }
            Assumptions.abort(why + " (skipped because CI is not true)");
        }
    }
}
