package io.imgctl.domain.removal;

import java.util.List;
import java.util.Objects;

/**
 * A plan and what became of it. For a dry run the outcomes are empty.
 */
public record RemovalReport(RemovalPlan plan, List<Outcome> outcomes, boolean dryRun) {

    public RemovalReport {
        Objects.requireNonNull(plan, "plan");
        outcomes = List.copyOf(Objects.requireNonNull(outcomes, "outcomes"));
    }

    /**
     * SPEC 4.8: 0 when everything planned was done (or, for a dry run, when nothing was refused);
     * 1 when a target was refused or not found, or when every action failed; 4 when some actions
     * failed or were skipped and others went through.
     */
    public int exitCode() {
        boolean anyFailed = outcomes.stream().anyMatch(o -> !(o instanceof Outcome.Done));
        boolean anyDone = outcomes.stream().anyMatch(o -> o instanceof Outcome.Done);
        if (anyFailed && anyDone) {
            return 4;
        }
        if (anyFailed || !plan.refusals().isEmpty()) {
            return 1;
        }
        return 0;
    }
}
