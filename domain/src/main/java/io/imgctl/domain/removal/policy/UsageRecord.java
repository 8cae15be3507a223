package io.imgctl.domain.removal.policy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host remembers about one image beyond what the engine records: when it was pulled or
 * first seen here, and when it was last used (kept after the containers that used it are gone).
 */
public record UsageRecord(Instant pulled, Optional<Instant> lastUsed) {

    public UsageRecord {
        Objects.requireNonNull(pulled, "pulled");
        Objects.requireNonNull(lastUsed, "lastUsed");
    }

    public static UsageRecord firstSeen(Instant now) {
        return new UsageRecord(now, Optional.empty());
    }

    /** This record with a later use, when {@code used} is later than the one recorded. */
    public UsageRecord usedAt(Instant used) {
        if (lastUsed.isPresent() && !used.isAfter(lastUsed.get())) {
            return this;
        }
        return new UsageRecord(pulled, Optional.of(used));
    }

    /** This record with a new pull, when {@code when} is later than the one recorded. */
    public UsageRecord pulledAt(Instant when) {
        return when.isAfter(pulled) ? new UsageRecord(when, lastUsed) : this;
    }
}
