package io.imgctl.cli.engine;

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
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The use cases on one engine, wired by hand: the engine from its adapter's factory (only the chosen
 * one is ever made), each use case from {@link UseCaseFactory}, each made once. The same bindings as
 * {@link CliModule}, without building an injector.
 */
final class DirectUseCases implements UseCases {

    private final EngineKind kind;
    private final EngineSettings settings;
    private final Map<EngineKind, Function<EngineSettings, ContainerEngine>> engines;
    private final ListingMemory memory;
    private final Map<Class<?>, Object> made = new HashMap<>();

    DirectUseCases(EngineKind kind, EngineSettings settings, Map<EngineKind, Function<EngineSettings, ContainerEngine>> engines,
                   ListingMemory memory) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.engines = Map.copyOf(engines);
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    @Override
    public synchronized <T> T get(Class<T> port) {
        Object object = made.get(port);
        if (object == null) {
            object = make(port);
            made.put(port, object);
        }
        return port.cast(object);
    }

    @Override
    public void close() {
        Object engine;
        synchronized (this) {
            engine = made.get(ContainerEngine.class);
        }
        if (engine != null) {
            ((ContainerEngine) engine).close();
        }
    }

    private Object make(Class<?> port) {
        if (port == ContainerEngine.class) {
            Function<EngineSettings, ContainerEngine> factory = engines.get(kind);
            if (factory == null) {
                throw UseCaseFactory.noAdapter(kind, engines.keySet());
            }
            // Through the server's memory, every use case reads what cannot change for an image ID once.
            return memory.remembering(factory.apply(settings));
        }
        if (port == ImageQueries.class || port == ImageCommands.class) {
            return get(ImageService.class);
        }
        if (port == UsageLedger.class) {
            return UseCaseFactory.usageLedger(kind, settings);
        }
        ContainerEngine engine = get(ContainerEngine.class);
        if (port == ImageService.class) {
            return UseCaseFactory.images(engine, get(UsageLedger.class), memory);
        }
        if (port == ContainerCommands.class) {
            return UseCaseFactory.containers(engine, get(UsageLedger.class));
        }
        if (port == RemoveImagesUseCase.class) {
            return UseCaseFactory.removal(engine);
        }
        if (port == PruneUseCase.class) {
            return UseCaseFactory.prune(engine, get(UsageLedger.class), settings);
        }
        if (port == DiskUsageQuery.class) {
            return UseCaseFactory.diskUsage(engine);
        }
        throw new IllegalArgumentException("nothing is bound to " + port.getName());
    }
}
