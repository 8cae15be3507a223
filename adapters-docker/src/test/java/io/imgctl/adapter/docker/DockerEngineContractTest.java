package io.imgctl.adapter.docker;

import io.imgctl.application.contract.EngineContract;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.domain.image.ImageReference;
import java.util.List;

/**
 * The engine contract on the real Docker daemon ({@code bash scripts/engines.sh up}). With
 * {@code CI=true} an unreachable daemon fails every test; otherwise they are skipped with the reason.
 */
class DockerEngineContractTest extends EngineContract {

    /** One engine for the whole suite: docker-java's client is costly to start. */
    private static ContainerEngine shared;

    @Override
    protected ContainerEngine engine() {
        synchronized (DockerEngineContractTest.class) {
            if (shared == null) {
                shared = RealDocker.engine();
            }
        }
        return shared;
    }

    /** Docker's events on its UNIX socket, with a stream held open that a restart would end. */
    @Override
    protected boolean keepsAChangeLog() {
        return true;
    }

    @Override
    protected ImageReference baseImage() {
        return ImageReference.parse(RealDocker.BASE);
    }

    @Override
    protected ImageReference derivedImage() {
        return ImageReference.parse(RealDocker.DERIVED);
    }

    @Override
    protected ImageReference missingImage() {
        return ImageReference.parse(RealDocker.MISSING);
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
