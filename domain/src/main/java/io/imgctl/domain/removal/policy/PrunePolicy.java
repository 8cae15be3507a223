package io.imgctl.domain.removal.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The options of one {@code prune} (SPEC section 5).
 *
 * @param dangling            {@code --dangling}
 * @param unused              {@code --unused}
 * @param olderThan           {@code --older-than D}
 * @param ageBasis            {@code --age-basis}; {@link AgeBasis#PULLED_OR_USED} by default
 * @param keepLast            {@code --keep-last N}
 * @param keep                {@code --keep PATTERN}...
 * @param untilSize           {@code --until-size BYTES|N%}
 * @param containersExitedFor {@code --containers-exited-for D}
 * @param minAge              {@code --min-age D}
 * @param filters             {@code --filter reference=PATTERN|label=K[=V]}...: the scope
 */
public record PrunePolicy(boolean dangling, boolean unused, Optional<Duration> olderThan, AgeBasis ageBasis,
                          OptionalInt keepLast, List<String> keep, Optional<SizeTarget> untilSize,
                          Optional<Duration> containersExitedFor, Optional<Duration> minAge, List<String> filters) {

    public PrunePolicy {
        Objects.requireNonNull(olderThan, "olderThan");
        Objects.requireNonNull(ageBasis, "ageBasis");
        Objects.requireNonNull(keepLast, "keepLast");
        keep = List.copyOf(Objects.requireNonNull(keep, "keep"));
        Objects.requireNonNull(untilSize, "untilSize");
        Objects.requireNonNull(containersExitedFor, "containersExitedFor");
        Objects.requireNonNull(minAge, "minAge");
        filters = List.copyOf(Objects.requireNonNull(filters, "filters"));
        if (keepLast.isPresent() && keepLast.getAsInt() < 0) {
            throw new InvalidPolicyException(String.valueOf(keepLast.getAsInt()), "invalid --keep-last "
                    + keepLast.getAsInt() + ": it must be 0 or more");
        }
    }

    /** Nothing selected: {@code prune} alone, which removes dangling images like {@code docker image prune}. */
    public static PrunePolicy defaults() {
        return new PrunePolicy(false, false, Optional.empty(), AgeBasis.PULLED_OR_USED, OptionalInt.empty(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    public PrunePolicy withDangling() {
        return new PrunePolicy(true, unused, olderThan, ageBasis, keepLast, keep, untilSize, containersExitedFor, minAge, filters);
    }

    public PrunePolicy withUnused() {
        return new PrunePolicy(dangling, true, olderThan, ageBasis, keepLast, keep, untilSize, containersExitedFor, minAge, filters);
    }

    public PrunePolicy withOlderThan(Duration d) {
        return new PrunePolicy(dangling, unused, Optional.of(d), ageBasis, keepLast, keep, untilSize, containersExitedFor, minAge, filters);
    }

    public PrunePolicy withAgeBasis(AgeBasis basis) {
        return new PrunePolicy(dangling, unused, olderThan, basis, keepLast, keep, untilSize, containersExitedFor, minAge, filters);
    }

    public PrunePolicy withKeepLast(int n) {
        return new PrunePolicy(dangling, unused, olderThan, ageBasis, OptionalInt.of(n), keep, untilSize, containersExitedFor, minAge, filters);
    }

    public PrunePolicy withKeep(String... patterns) {
        return new PrunePolicy(dangling, unused, olderThan, ageBasis, keepLast, List.of(patterns), untilSize, containersExitedFor, minAge, filters);
    }

    public PrunePolicy withUntilSize(SizeTarget target) {
        return new PrunePolicy(dangling, unused, olderThan, ageBasis, keepLast, keep, Optional.of(target), containersExitedFor, minAge, filters);
    }

    public PrunePolicy withContainersExitedFor(Duration d) {
        return new PrunePolicy(dangling, unused, olderThan, ageBasis, keepLast, keep, untilSize, Optional.of(d), minAge, filters);
    }

    public PrunePolicy withMinAge(Duration d) {
        return new PrunePolicy(dangling, unused, olderThan, ageBasis, keepLast, keep, untilSize, containersExitedFor, Optional.of(d), filters);
    }

    public PrunePolicy withFilters(String... f) {
        return new PrunePolicy(dangling, unused, olderThan, ageBasis, keepLast, keep, untilSize, containersExitedFor, minAge, List.of(f));
    }

    /** Whether any option that selects images was given. */
    public boolean selectsImages() {
        return dangling || unused || olderThan.isPresent() || keepLast.isPresent() || untilSize.isPresent();
    }

    /** With no selecting option at all, {@code --dangling}, as {@code docker image prune} does. */
    public PrunePolicy effective() {
        return selectsImages() || containersExitedFor.isPresent() ? this : withDangling();
    }
}
