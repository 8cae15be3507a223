package io.imgctl.domain.removal;

import io.imgctl.domain.store.StoreSnapshot;
import java.util.List;

/**
 * Computes removal plans from a snapshot; pure and deterministic. SPEC section 4 is its law.
 */
public final class RemovalPlanner {

    private final EngineBehaviour behaviour;

    public RemovalPlanner(EngineBehaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** {@code rmi}: plans the removal of images by reference or ID prefix. */
    public RemovalPlan planImages(StoreSnapshot snapshot, RemovalRequest request) {
        throw new UnsupportedOperationException("not implemented yet: planImages " + behaviour);
    }

    /** {@code rm}: plans the removal of containers by name or ID prefix. */
    public RemovalPlan planContainers(StoreSnapshot snapshot, List<String> containers, boolean force) {
        throw new UnsupportedOperationException("not implemented yet: planContainers");
    }
}
