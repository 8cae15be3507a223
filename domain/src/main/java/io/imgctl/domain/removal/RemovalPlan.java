package io.imgctl.domain.removal;

import java.util.List;
import java.util.Objects;

/**
 * A removal worked out in full before anything is touched: the actions in the order they must run
 * (containers, then untags, then image deletions children before parents), what is kept and why,
 * what is refused, and the bytes it frees, each layer counted once.
 */
public record RemovalPlan(List<RemovalAction> actions, List<Kept> kept, List<Refusal> refusals, long reclaimedBytes) {

    public RemovalPlan {
        actions = List.copyOf(Objects.requireNonNull(actions, "actions"));
        kept = List.copyOf(Objects.requireNonNull(kept, "kept"));
        refusals = List.copyOf(Objects.requireNonNull(refusals, "refusals"));
        if (reclaimedBytes < 0) {
            throw new IllegalArgumentException("reclaimed bytes must not be negative: " + reclaimedBytes);
        }
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }
}
