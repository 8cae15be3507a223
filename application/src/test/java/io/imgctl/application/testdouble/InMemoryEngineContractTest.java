package io.imgctl.application.testdouble;

import io.imgctl.application.contract.EngineContract;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.removal.EngineBehaviour;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/**
 * The contract suite run against the application's own test double, once with Docker's behaviour
 * and once with Podman's (no orphaned containers), so the suite itself is checked in this module.
 */
class InMemoryEngineContractTest {

    static InMemoryEngine engineWith(EngineBehaviour behaviour) {
        InMemoryEngine engine = new InMemoryEngine(behaviour);
        Map<String, Long> base = new LinkedHashMap<>();
        base.put("base-os", 5_600_000L);
        engine.publish("registry.test/imgctl/base:1", base, Map.of());
        Map<String, Long> derived = new LinkedHashMap<>(base);
        derived.put("runtime", 41_000_000L);
        derived.put("app", 2_000_000L);
        engine.publish("registry.test/imgctl/derived:1", derived, Map.of("org.example.role", "derived"));
        return engine;
    }

    abstract static class OnTheDouble extends EngineContract {
        @Override
        protected ImageReference baseImage() {
            return ImageReference.parse("registry.test/imgctl/base:1");
        }

        @Override
        protected ImageReference derivedImage() {
            return ImageReference.parse("registry.test/imgctl/derived:1");
        }

        @Override
        protected ImageReference missingImage() {
            return ImageReference.parse("registry.test/imgctl/missing:1");
        }

        @Override
        protected List<String> quickCommand() {
            return List.of("echo", "hello");
        }

        @Override
        protected List<String> longCommand() {
            return List.of("sleep", "600");
        }

        /** The double runs only {@code echo} to an end; its commits always make a layer. */
        @Override
        protected List<String> writeCommand() {
            return quickCommand();
        }
    }

    @Nested
    class WithDockerBehaviour extends OnTheDouble {
        @Override
        protected ContainerEngine engine() {
            return engineWith(EngineBehaviour.DOCKER);
        }
    }

    @Nested
    class WithPodmanBehaviour extends OnTheDouble {
        @Override
        protected ContainerEngine engine() {
            return engineWith(EngineBehaviour.PODMAN);
        }
    }
}
