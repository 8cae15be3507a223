package io.imgctl.domain.removal.policy;

import io.imgctl.domain.image.ImageId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The moments an image's age can be measured from.
 *
 * @param created  when it was built (from the image)
 * @param pulled   when it was pulled or first seen on this host (from the usage ledger)
 * @param lastUsed when a container last used it or one of its descendants (container records and
 *                 the ledger), empty when never
 */
public record ImageUsage(ImageId id, Instant created, Instant pulled, Optional<Instant> lastUsed) {

    public ImageUsage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(pulled, "pulled");
        Objects.requireNonNull(lastUsed, "lastUsed");
    }

    /** The moment the basis names; {@link AgeBasis#LAST_USED} falls back to pulled when never used. */
    public Instant at(AgeBasis basis) {
        switch (basis) {
            case CREATED:
                return created;
            case PULLED:
                return pulled;
            case LAST_USED:
                return lastUsed.orElse(pulled);
            default:
                return lastUsed.filter(u -> u.isAfter(pulled)).orElse(pulled);
        }
    }
}
