package io.imgctl.domain.removal;

import java.util.Objects;

/**
 * A target the plan will not touch at all, with the one line users see, e.g.
 * {@code conflict: unable to remove repository reference "alpine:3.13" (must force) - container
 * 1c2d3e4f5a6b (eager_turing) is using its referenced image 8ca4688f4f35}. A refusal makes the
 * command exit 1; a plan with refusals still carries the actions for the other targets.
 *
 * @param kind {@link Kind#NOT_FOUND} for an unknown target, {@link Kind#CONFLICT} for one that is in use
 */
public record Refusal(String target, Kind kind, String message) {

    public enum Kind { NOT_FOUND, CONFLICT, AMBIGUOUS }

    public Refusal {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
