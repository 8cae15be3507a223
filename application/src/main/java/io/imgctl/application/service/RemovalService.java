package io.imgctl.application.service;

import io.imgctl.application.port.in.RemoveImagesUseCase;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.RemovalPlanner;
import io.imgctl.domain.removal.RemovalReport;
import io.imgctl.domain.removal.RemovalRequest;
import io.imgctl.domain.store.StoreSnapshot;
import java.util.List;
import java.util.Objects;

/**
 * {@code rmi}: a snapshot, a plan from the domain's {@link RemovalPlanner} for this engine's
 * behaviour, then (unless a dry run) exactly that plan, each action re-checked just before it runs.
 */
public final class RemovalService implements RemoveImagesUseCase {

    private final ContainerEngine engine;
    private final PlanExecutor executor;

    public RemovalService(ContainerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.executor = new PlanExecutor(engine);
    }

    @Override
    public RemovalReport removeImages(RemovalRequest request, boolean dryRun) {
        request.targets().forEach(Arguments::imageArgument);
        StoreSnapshot snapshot = engine.removalSnapshot();
        RemovalPlan plan = new RemovalPlanner(engine.behaviour()).planImages(snapshot, request);
        if (dryRun) {
            return new RemovalReport(plan, List.of(), true);
        }
        return executor.execute(plan, snapshot);
    }

    /**
     * Executes a plan made earlier (for instance by a dry run), re-checking every action's
     * preconditions against the engine as it is now. Used by {@code prune} and by the contract suite.
     */
    public RemovalReport execute(RemovalPlan plan) {
        return executor.execute(Objects.requireNonNull(plan, "plan"));
    }
}
