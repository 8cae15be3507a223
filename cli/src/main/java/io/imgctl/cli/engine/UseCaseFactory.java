package io.imgctl.cli.engine;

import io.imgctl.application.port.in.ContainerCommands;
import io.imgctl.application.port.in.DiskUsageQuery;
import io.imgctl.application.port.in.PruneUseCase;
import io.imgctl.application.port.in.RemoveImagesUseCase;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.application.service.ContainerService;
import io.imgctl.application.service.DiskUsageService;
import io.imgctl.application.service.ImageService;
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

    static ImageService images(ContainerEngine engine) {
        return new ImageService(engine);
    }

    static ContainerCommands containers(ContainerEngine engine) {
        return new ContainerService(engine);
    }

    static RemoveImagesUseCase removal(ContainerEngine engine) {
        return new RemovalService(engine);
    }

    static PruneUseCase prune(ContainerEngine engine, EngineKind kind, EngineSettings settings) {
        Path dir = StateDirectory.of(settings);
        return new PruneService(engine, new JsonUsageLedger(dir.resolve("usage-" + kind.cliName() + ".json")),
                new FilePruneLock(dir.resolve("prune.lock")), Clock.systemUTC());
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
