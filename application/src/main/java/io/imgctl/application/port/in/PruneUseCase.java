package io.imgctl.application.port.in;

import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.RemovalReport;
import io.imgctl.domain.removal.policy.PrunePolicy;

/** {@code prune}: one plan from the policy, then (unless a dry run) exactly that plan, each action re-checked. */
public interface PruneUseCase {

    RemovalReport prune(PrunePolicy policy, boolean dryRun);

    /** Executes a plan made earlier (by a dry run), under the prune lock, re-checking every action. */
    RemovalReport execute(RemovalPlan plan);
}
