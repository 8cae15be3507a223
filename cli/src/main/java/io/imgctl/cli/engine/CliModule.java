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
import io.imgctl.application.port.out.UsageLedger;
import io.imgctl.application.service.ImageService;
import io.imgctl.application.service.ListingMemory;
import io.imgctl.cli.state.FilePruneLock;
import java.util.Map;
import java.util.Objects;

/**
 * The CLI's bindings: the {@link EngineSettings} gathered from the command line and environment, the
 * one chosen {@link ContainerEngine}, and the use cases built on it. Adapter modules contribute their
 * engines to a {@code MapBinder<EngineKind, ContainerEngine>}; only the chosen one is ever built.
 * The standard build wires the same objects without an injector ({@link DirectUseCases}); this module
 * is what tests override bindings of, and what the wiring tests compare that with.
 */
public final class CliModule extends AbstractModule {

    /** Names the host-wide directory of the prune lock instead of {@value FilePruneLock#HOST_DIRECTORY}. */
    public static final String LOCK_DIRECTORY_VARIABLE = UseCaseFactory.LOCK_DIRECTORY_VARIABLE;

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
            throw UseCaseFactory.noAdapter(kind, engines.keySet());
        }
        // Through the server's memory, every use case reads what cannot change for an image ID once.
        return memory.remembering(provider.get());
    }

    // The use cases, made as UseCaseFactory makes them (the same as the direct wiring's).

    /** The usage ledger of the chosen engine, {@code usage-<engine>.json} in the state directory. */
    @Provides
    @Singleton
    UsageLedger usageLedger() {
        return UseCaseFactory.usageLedger(kind, settings);
    }

    @Provides
    @Singleton
    ImageService imageService(ContainerEngine engine, UsageLedger ledger, ListingMemory listings) {
        return UseCaseFactory.images(engine, ledger, listings);
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
        return UseCaseFactory.containers(engine, ledger);
    }

    @Provides
    @Singleton
    RemoveImagesUseCase removeImages(ContainerEngine engine) {
        return UseCaseFactory.removal(engine);
    }

    @Provides
    @Singleton
    PruneUseCase prune(ContainerEngine engine, UsageLedger ledger) {
        return UseCaseFactory.prune(engine, ledger, settings);
    }

    @Provides
    @Singleton
    DiskUsageQuery diskUsage(ContainerEngine engine) {
        return UseCaseFactory.diskUsage(engine);
    }
}
