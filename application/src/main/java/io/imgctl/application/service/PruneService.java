package io.imgctl.application.service;

import io.imgctl.application.port.in.InvalidInputException;
import io.imgctl.application.port.in.PruneUseCase;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.PruneLock;
import io.imgctl.application.port.out.UsageLedger;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.RemovalReport;
import io.imgctl.domain.removal.policy.InvalidPolicyException;
import io.imgctl.domain.removal.policy.PrunePlanner;
import io.imgctl.domain.removal.policy.PrunePolicy;
import io.imgctl.domain.removal.policy.UsageRecord;
import io.imgctl.domain.store.StoreSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code prune}: under the host-wide lock, a snapshot; the usage ledger reconciled with it in one
 * atomic update (images seen for the first time are recorded as first seen now, container uses are
 * remembered, images that are gone are forgotten); one plan from the domain's {@link PrunePlanner}; then, unless a dry
 * run, exactly that plan through the shared {@link PlanExecutor}. Force is never used.
 */
public final class PruneService implements PruneUseCase {

    private final ContainerEngine engine;
    private final UsageLedger ledger;
    private final PruneLock lock;
    private final Clock clock;
    private final PlanExecutor executor;

    public PruneService(ContainerEngine engine, UsageLedger ledger, PruneLock lock, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = new PlanExecutor(engine);
    }

    @Override
    public RemovalReport prune(PrunePolicy policy, boolean dryRun) {
        Objects.requireNonNull(policy, "policy");
        try (PruneLock.Held held = lock.acquire()) {
            Instant now = clock.instant();
            StoreSnapshot snapshot = engine.snapshot();
            Map<ImageId, UsageRecord> records = ledger.update(known -> reconcile(known, snapshot, now));
            RemovalPlan plan;
            try {
                plan = new PrunePlanner().plan(snapshot, policy, records, now);
            } catch (InvalidPolicyException e) {
                throw new InvalidInputException(e.input(), e.getMessage());
            }
            if (dryRun) {
                return new RemovalReport(plan, List.of(), true);
            }
            return executor.execute(plan, snapshot);
        }
    }

    @Override
    public RemovalReport execute(RemovalPlan plan) {
        try (PruneLock.Held held = lock.acquire()) {
            return executor.execute(Objects.requireNonNull(plan, "plan"));
        }
    }

    /**
     * The ledger brought up to date with the snapshot taken at {@code now}: images seen for the first
     * time are first seen now, container uses are remembered, and images that are gone are forgotten,
     * except those recorded after {@code now} (pulled while this prune was taking its snapshot).
     */
    static Map<ImageId, UsageRecord> reconcile(Map<ImageId, UsageRecord> known, StoreSnapshot snapshot, Instant now) {
        Map<ImageId, UsageRecord> records = new HashMap<>();
        Set<ImageId> present = new HashSet<>();
        for (Image image : snapshot.images()) {
            present.add(image.id());
            records.put(image.id(), known.getOrDefault(image.id(), UsageRecord.firstSeen(now)));
        }
        for (Container c : snapshot.containers()) {
            records.computeIfPresent(c.imageId(), (id, r) -> r.usedAt(c.lastUsed()));
        }
        known.forEach((id, r) -> {
            if (!present.contains(id) && (r.pulled().isAfter(now) || r.lastUsed().filter(u -> u.isAfter(now)).isPresent())) {
                records.put(id, r);
            }
        });
        return records;
    }
}
