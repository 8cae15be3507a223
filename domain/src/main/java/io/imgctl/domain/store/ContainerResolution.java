package io.imgctl.domain.store;

import io.imgctl.domain.container.Container;

/** What a user's container argument designates in a snapshot: by exact name, full ID or unique ID prefix. */
public sealed interface ContainerResolution {

    record Found(Container container) implements ContainerResolution {
    }

    /** An ID prefix that several containers share (and no container has that exact name). */
    record Ambiguous(String input, int matches) implements ContainerResolution {
    }

    record Missing(String input) implements ContainerResolution {
    }
}
