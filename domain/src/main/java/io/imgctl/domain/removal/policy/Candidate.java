package io.imgctl.domain.removal.policy;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An image as the rules see it while a plan is made: its times, and the containers and child images
 * that remain once the actions planned so far have run.
 *
 * @param users             containers (any state) that use it and that the plan does not remove
 * @param remainingChildren child images the plan does not delete
 */
public record Candidate(Image image, ImageUsage usage, List<Container> users, int remainingChildren, Instant now) {

    public Candidate {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(usage, "usage");
        users = List.copyOf(Objects.requireNonNull(users, "users"));
        Objects.requireNonNull(now, "now");
    }

    /** How long ago the basis moment was; zero for a moment in the future. */
    public Duration age(AgeBasis basis) {
        Duration age = Duration.between(usage.at(basis), now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
