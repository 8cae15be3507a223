package io.imgctl.domain.removal;

import io.imgctl.domain.container.Container;
import java.util.List;
import java.util.stream.Collectors;

/** How plans name containers to users: {@code container 1c2d3e4f5a6b (eager_turing, exited)}. */
final class Containers {

    private Containers() {
    }

    /** {@code 1c2d3e4f5a6b (eager_turing, exited)}. */
    static String label(Container c) {
        return c.shortId() + " (" + c.name() + ", " + c.state().wireName() + ")";
    }

    /** {@code container A (..)} or {@code containers A (..), B (..)}. */
    static String describe(List<Container> containers) {
        return (containers.size() == 1 ? "container " : "containers ")
                + containers.stream().map(Containers::label).collect(Collectors.joining(", "));
    }
}
