package io.imgctl.application.port.in;

import io.imgctl.domain.store.DiskUsage;

/** {@code df}. */
public interface DiskUsageQuery {

    DiskUsage diskUsage();
}
