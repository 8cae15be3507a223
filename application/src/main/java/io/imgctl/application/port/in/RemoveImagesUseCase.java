package io.imgctl.application.port.in;

import io.imgctl.domain.removal.RemovalReport;
import io.imgctl.domain.removal.RemovalRequest;

/** {@code rmi}: plan, then (unless a dry run) execute exactly that plan, re-checking each action first. */
public interface RemoveImagesUseCase {

    RemovalReport removeImages(RemovalRequest request, boolean dryRun);
}
