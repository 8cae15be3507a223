package io.imgctl.adapter.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.application.contract.EngineContract;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.domain.image.ImageReference;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine contract on the built-in engine: each test gets a fresh engine with its own state file
 * (and so pulls the base and derived images from the offline registry), on the system clock.
 */
class FakeEngineContractTest extends EngineContract {

    @TempDir
    Path stateDir;

    @Override
    protected ContainerEngine engine() {
        assertThat(stateDir).as("a temporary directory for the state file").isNotNull();
        return FakeEngine.create(stateDir.resolve("fake-engine.json"), Clock.systemUTC());
    }

    @Override
    protected ImageReference baseImage() {
        return ImageReference.parse("alpine:3.13");
    }

    @Override
    protected ImageReference derivedImage() {
        return ImageReference.parse("node:alpine3.13");
    }

    @Override
    protected ImageReference missingImage() {
        return ImageReference.parse("imgctl-no-such-repository:1");
    }

    @Override
    protected List<String> quickCommand() {
        return List.of("echo", "hello");
    }

    @Override
    protected List<String> longCommand() {
        return List.of("sleep", "600");
    }
}
