package io.imgctl.cli.engine;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import io.imgctl.application.port.in.ContainerCommands;
import io.imgctl.application.port.in.DiskUsageQuery;
import io.imgctl.application.port.in.ImageCommands;
import io.imgctl.application.port.in.ImageQueries;
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
import java.util.Map;
import java.util.Objects;

/**
 * The CLI's bindings: the {@link EngineSettings} gathered from the command line and environment, the
 * one chosen {@link ContainerEngine}, and the use cases built on it. Adapter modules contribute their
 * engines to a {@code MapBinder<EngineKind, ContainerEngine>}; only the chosen one is ever built.
 * Every command is wired by it, in a JVM of its own and in the resident server; tests override its
 * bindings. The application layer carries no Guice annotations, so its services are made here.
 */
public final class CliModule extends AbstractModule {

    /** Names the host-wide directory of the prune lock instead of {@value FilePruneLock#HOST_DIRECTORY}. */
    public static final String LOCK_DIRECTORY_VARIABLE = "IMGCTL_LOCK_DIR";

    private final EngineKind kind;
    private final EngineSettings settings;
    private final ListingMemory memory;

    /** {@code memory}: the listings a long-lived process keeps between commands (the resident server's), else {@link ListingMemory#none()}. */
    public CliModule(EngineKind kind, EngineSettings settings, ListingMemory memory) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    @Override
    protected void configure() {
        bind(EngineSettings.class).toInstance(settings);
        bind(ListingMemory.class).toInstance(memory);
        // Declares the map even when no adapter contributes to it, so that an absent engine is a
        // clear error below rather than a Guice configuration failure.
        MapBinder.newMapBinder(binder(), EngineKind.class, ContainerEngine.class);
    }

    @Provides
    @Singleton
    ContainerEngine engine(Map<EngineKind, Provider<ContainerEngine>> engines) {
        Provider<ContainerEngine> provider = engines.get(kind);
        if (provider == null) {
            throw noAdapter(kind, engines.keySet());
        }
        // Through the server's memory, every use case reads what cannot change for an image ID once.
        return memory.remembering(provider.get());
    }

    /** The usage ledger of the chosen engine, {@code usage-<engine>.json} in the state directory. */
    @Provides
    @Singleton
    UsageLedger usageLedger() {
        return new JsonUsageLedger(StateDirectory.of(settings).resolve("usage-" + kind.cliName() + ".json"));
    }

    @Provides
    @Singleton
    ImageService imageService(ContainerEngine engine, UsageLedger ledger, ListingMemory listings) {
        return new ImageService(engine, ledger, Clock.systemUTC(), listings);
    }

    @Provides
    ImageQueries imageQueries(ImageService service) {
        return service;
    }

    @Provides
    ImageCommands imageCommands(ImageService service) {
        return service;
    }

    @Provides
    @Singleton
    ContainerCommands containerCommands(ContainerEngine engine, UsageLedger ledger) {
        return new ContainerService(engine, ledger, Clock.systemUTC());
    }

    @Provides
    @Singleton
    RemoveImagesUseCase removeImages(ContainerEngine engine) {
        return new RemovalService(engine);
    }

    @Provides
    @Singleton
    PruneUseCase prune(ContainerEngine engine, UsageLedger ledger) {
        Path hostLockDirectory = Path.of(settings.env(LOCK_DIRECTORY_VARIABLE).orElse(FilePruneLock.HOST_DIRECTORY));
        return new PruneService(engine, ledger, new FilePruneLock(hostLockDirectory, StateDirectory.of(settings)),
                Clock.systemUTC());
    }

    @Provides
    @Singleton
    DiskUsageQuery diskUsage(ContainerEngine engine) {
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
