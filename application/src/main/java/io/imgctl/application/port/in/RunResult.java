package io.imgctl.application.port.in;

import io.imgctl.application.port.out.PullResult;
import io.imgctl.domain.container.Container;
import java.util.Objects;
import java.util.Optional;

/**
 * @param container the container as it is after the run (exited, or running when detached)
 * @param output    what it printed (empty when detached)
 * @param pulled    the pull that ran first, when the image was missing
 */
public record RunResult(Container container, String output, Optional<PullResult> pulled) {
    public RunResult {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(pulled, "pulled");
    }
}
