package io.imgctl.adapter.podman;

import io.imgctl.application.contract.EngineContract;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.domain.image.ImageReference;
import java.util.List;

/**
 * The engine contract on the real Podman service (started by {@code bash scripts/engines.sh up}) and the
 * loopback registry. Without an answering service the tests fail under {@code CI=true} and are skipped
 * otherwise; see {@link RealPodman}.
 */
class PodmanEngineContractTest extends EngineContract {

    @Override
    protected ContainerEngine engine() {
        return RealPodman.engineOrSkip();
    }

    @Override
    protected ImageReference baseImage() {
        return ImageReference.parse("localhost:5000/imgctl/base:1");
    }

    @Override
    protected ImageReference derivedImage() {
        return ImageReference.parse("localhost:5000/imgctl/derived:1");
    }

    @Override
    protected ImageReference missingImage() {
        return ImageReference.parse("localhost:5000/imgctl/missing:1");
    }

    @Override
    protected List<String> quickCommand() {
        return List.of("echo", "hello");
    }

    @Override
    protected List<String> longCommand() {
        return List.of("sleep", "600");
    }

    @Override
    protected boolean keepsAChangeLog() {
        return true;
    }

    /**
     * Podman keeps a commit's message only as the image's {@code Comment}; the new history entry's comment
     * is Buildah's {@code FROM <the container's image>}.
     */
    @Override
    protected String commitHistoryComment(String message, ImageReference source) {
        return "FROM " + source.familiar();
    }
}
