package io.imgctl.application.service;

import io.imgctl.application.port.in.DiskUsageQuery;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.domain.store.DiskUsage;
import java.util.Objects;

/** {@code df}: the domain's figures over one snapshot, each layer counted once. */
public final class DiskUsageService implements DiskUsageQuery {

    private final ContainerEngine engine;

    public DiskUsageService(ContainerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public DiskUsage diskUsage() {
        return DiskUsage.of(engine.snapshot());
    }
}
