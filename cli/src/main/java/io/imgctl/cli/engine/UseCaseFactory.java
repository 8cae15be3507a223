package io.imgctl.cli.engine;

import io.imgctl.application.port.in.ContainerCommands;
import io.imgctl.application.port.in.DiskUsageQuery;
import io.imgctl.application.port.in.PruneUseCase;
import io.imgctl.application.port.in.RemoveImagesUseCase;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.application.port.out.UsageLedger;
import io.imgctl.application.service.ContainerService;
import io.imgctl.application.service.DiskUsageService;
import io.imgctl.application.service.ImageService;
import io.imgctl.application.service.ListingMemory;
import io.imgctl.application.service.PruneService;
import io.imgctl.application.service.RemovalService;
import io.imgctl.cli.state.FilePruneLock;
import io.imgctl.cli.state.JsonUsageLedger;
import io.imgctl.cli.state.StateDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;

/**
 * How each use case is made on an engine; the one place for it, used by {@link CliModule} (Guice)
 * and by {@link DirectUseCases}. The application layer carries no Guice annotations, so they are
 * built here.
 */
final class UseCaseFactory {

    private UseCaseFactory() {
    }

    /** Names the host-wide directory of the prune lock instead of {@value FilePruneLock#HOST_DIRECTORY}. */
    static final String LOCK_DIRECTORY_VARIABLE = "IMGCTL_LOCK_DIR";

    /** The usage ledger of the chosen engine, {@code usage-<engine>.json} in the state directory. */
    static UsageLedger usageLedger(EngineKind kind, EngineSettings settings) {
        return new JsonUsageLedger(StateDirectory.of(settings).resolve("usage-" + kind.cliName() + ".json"));
    }

    static ImageService images(ContainerEngine engine, UsageLedger ledger, ListingMemory memory) {
        return new ImageService(engine, ledger, Clock.systemUTC(), memory);
    }

    static ContainerCommands containers(ContainerEngine engine, UsageLedger ledger) {
        return new ContainerService(engine, ledger, Clock.systemUTC());
    }

    static RemoveImagesUseCase removal(ContainerEngine engine) {
        return new RemovalService(engine);
    }

    static PruneUseCase prune(ContainerEngine engine, UsageLedger ledger, EngineSettings settings) {
        Path hostLockDirectory = Path.of(settings.env(LOCK_DIRECTORY_VARIABLE).orElse(FilePruneLock.HOST_DIRECTORY));
        return new PruneService(engine, ledger, new FilePruneLock(hostLockDirectory, StateDirectory.of(settings)),
                Clock.systemUTC());
    }

    static DiskUsageQuery diskUsage(ContainerEngine engine) {
        return new DiskUsageService(engine);
    }

    /** The error for an engine kind that no adapter of this build contributes. */
    static EngineUnavailableException noAdapter(EngineKind kind, Collection<EngineKind> available) {
        return new EngineUnavailableException("Tried to use the " + kind.cliName()
                + " engine but failed because this build of imgctl has no " + kind.cliName()
                + " adapter (engines available: " + EngineWiring.names(available)
                + "). Use --engine fake for the built-in engine.");
    }
}
