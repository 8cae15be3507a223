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
import java.util.stream.Collectors;

/**
 * Wires one command's use cases on the chosen engine: the Guice injector of the {@link CliModule} for
 * that engine, every adapter module given, and, in tests, overriding bindings. The same wiring serves a
 * command in a JVM of its own and in the resident server (which adds the memory it keeps between
 * commands, {@link #remembering}).
 */
public final class EngineWiring {

    private static final Key<Map<EngineKind, Provider<ContainerEngine>>> ENGINES =
            Key.get(new TypeLiteral<Map<EngineKind, Provider<ContainerEngine>>>() { });

    private final List<Module> adapterModules;
    private final Optional<Module> overrides;
    private final ListingMemory memory;

    /** A wiring through a Guice injector of these adapter modules and, if given, overriding bindings. */
    public EngineWiring(List<Module> adapterModules, Optional<Module> overrides) {
        this(adapterModules, overrides, ListingMemory.none());
    }

    private EngineWiring(List<Module> adapterModules, Optional<Module> overrides, ListingMemory memory) {
        this.adapterModules = List.copyOf(adapterModules);
        this.overrides = overrides;
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /** The adapters on the class path. */
    public static EngineWiring standard() {
        return new EngineWiring(AdapterModules.present(), Optional.empty(), ListingMemory.none());
    }

    /** A wiring whose bindings {@code overriding} replace the standard ones (tests). */
    public EngineWiring overriddenWith(Module overriding) {
        return new EngineWiring(adapterModules, Optional.of(overriding), memory);
    }

    /** The same wiring, whose engine reads through {@code listings} (the resident server's; see {@link ListingMemory}). */
    public EngineWiring remembering(ListingMemory listings) {
        return new EngineWiring(adapterModules, overrides, listings);
    }

    /** The use cases on the engine of {@code kind}; nothing is built until one is asked for. */
    public UseCases useCases(EngineKind kind, EngineSettings settings) {
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

    /** The Guice injector for one command. */
    public Injector injector(EngineKind kind, EngineSettings settings) {
        List<Module> modules = new ArrayList<>(adapterModules.size() + 1);
        modules.add(new CliModule(kind, settings, memory));
        modules.addAll(adapterModules);
        Module all = Modules.combine(modules);
        return Guice.createInjector(overrides.map(o -> Modules.override(all).with(o)).orElse(all));
    }

    /** The engines the adapters contribute, without building any of them. */
    public Set<EngineKind> contributedEngines(EngineSettings settings) {
        Set<EngineKind> kinds = injector(EngineKind.FAKE, settings).getInstance(ENGINES).keySet();
        return kinds.isEmpty() ? EnumSet.noneOf(EngineKind.class) : EnumSet.copyOf(kinds);
    }

    /** Builds the engine of {@code kind} at {@code host} and pings it (what {@code --engine auto} probes with). */
    public void ping(EngineKind kind, EngineSettings settings) {
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
