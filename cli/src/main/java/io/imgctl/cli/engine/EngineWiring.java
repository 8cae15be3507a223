package io.imgctl.cli.engine;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Provider;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import com.google.inject.spi.Message;
import com.google.inject.util.Modules;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.service.ListingMemory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Wires one command's use cases on the chosen engine. The standard build ({@link #standard()}) wires
 * them directly: the chosen adapter's factory and {@link UseCaseFactory}, no injector (building one
 * costs a short command about as much as all its other start-up work). A wiring with overriding
 * bindings (tests), or made from a list of modules, builds the Guice injector of the {@link CliModule}
 * for the chosen engine, every adapter module given, and the overrides; its bindings are the same.
 */
public final class EngineWiring {

    private static final Key<Map<EngineKind, Provider<ContainerEngine>>> ENGINES =
            Key.get(new TypeLiteral<Map<EngineKind, Provider<ContainerEngine>>>() { });

    private final List<Module> adapterModules;
    private final Optional<Module> overrides;
    private final Optional<Map<EngineKind, Function<EngineSettings, ContainerEngine>>> direct;
    private final ListingMemory memory;

    /** A wiring through a Guice injector of these adapter modules and, if given, overriding bindings. */
    public EngineWiring(List<Module> adapterModules, Optional<Module> overrides) {
        this(adapterModules, overrides, Optional.empty(), ListingMemory.none());
    }

    private EngineWiring(List<Module> adapterModules, Optional<Module> overrides,
                         Optional<Map<EngineKind, Function<EngineSettings, ContainerEngine>>> direct, ListingMemory memory) {
        this.adapterModules = List.copyOf(adapterModules);
        this.overrides = overrides;
        this.direct = direct;
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /** The adapters on the class path, wired directly; their modules for {@link #injector}. */
    public static EngineWiring standard() {
        return new EngineWiring(AdapterModules.present(), Optional.empty(), Optional.of(AdapterModules.factories()),
                ListingMemory.none());
    }

    /** A wiring whose bindings {@code overriding} replace the standard ones (tests): always through Guice. */
    public EngineWiring overriddenWith(Module overriding) {
        return new EngineWiring(adapterModules, Optional.of(overriding), Optional.empty(), memory);
    }

    /** The same wiring, whose {@code images} lists through {@code listings} (the resident server's; see {@link ListingMemory}). */
    public EngineWiring remembering(ListingMemory listings) {
        return new EngineWiring(adapterModules, overrides, direct, listings);
    }

    /** The use cases on the engine of {@code kind}; nothing is built until one is asked for. */
    public UseCases useCases(EngineKind kind, EngineSettings settings) {
        if (direct.isPresent()) {
            return new DirectUseCases(kind, settings, direct.get(), memory);
        }
        Injector injector = injector(kind, settings);
        return new UseCases() {
            private volatile boolean used;

            @Override
            public <T> T get(Class<T> port) {
                used = true;
                return injector.getInstance(port);
            }

            @Override
            public void close() {
                if (used) {
                    try {
                        injector.getInstance(ContainerEngine.class).close();
                    } catch (RuntimeException e) {
                        // the engine could not even be made: nothing to close
                    }
                }
            }
        };
    }

    /** The Guice injector for one command (the wiring the direct one is checked against). */
    public Injector injector(EngineKind kind, EngineSettings settings) {
        List<Module> modules = new ArrayList<>(adapterModules.size() + 1);
        modules.add(new CliModule(kind, settings, memory));
        modules.addAll(adapterModules);
        Module all = Modules.combine(modules);
        return Guice.createInjector(overrides.map(o -> Modules.override(all).with(o)).orElse(all));
    }

    /** The engines the adapters contribute, without building any of them. */
    public Set<EngineKind> contributedEngines(EngineSettings settings) {
        Set<EngineKind> kinds = direct.isPresent() ? direct.get().keySet()
                : injector(EngineKind.FAKE, settings).getInstance(ENGINES).keySet();
        return kinds.isEmpty() ? EnumSet.noneOf(EngineKind.class) : EnumSet.copyOf(kinds);
    }

    /** Builds the engine of {@code kind} at {@code host} and pings it (what {@code --engine auto} probes with). */
    public void ping(EngineKind kind, EngineSettings settings) {
        if (direct.isPresent()) {
            useCases(kind, settings).get(ContainerEngine.class).ping();
            return;
        }
        try {
            injector(kind, settings).getInstance(ContainerEngine.class).ping();
        } catch (ProvisionException e) {
            // The engine's provider threw (e.g. no adapter for this kind): report that, not Guice's wrapper.
            for (Message m : e.getErrorMessages()) {
                if (m.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
            }
            throw e;
        }
    }

    static String names(Collection<EngineKind> kinds) {
        return kinds.isEmpty() ? "none" : kinds.stream().sorted().map(EngineKind::cliName).collect(Collectors.joining(", "));
    }
}
