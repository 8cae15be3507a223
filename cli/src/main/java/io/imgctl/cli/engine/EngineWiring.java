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
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the Guice injector for one command: the {@link CliModule} for the chosen engine, every
 * adapter module present, and (for tests) overriding bindings.
 */
public final class EngineWiring {

    private static final Key<Map<EngineKind, Provider<ContainerEngine>>> ENGINES =
            Key.get(new TypeLiteral<Map<EngineKind, Provider<ContainerEngine>>>() { });

    private final List<Module> adapterModules;
    private final Optional<Module> overrides;

    public EngineWiring(List<Module> adapterModules, Optional<Module> overrides) {
        this.adapterModules = List.copyOf(adapterModules);
        this.overrides = overrides;
    }

    /** The adapter modules found on the class path, no overrides. */
    public static EngineWiring standard() {
        return new EngineWiring(AdapterModules.present(), Optional.empty());
    }

    /** A wiring whose bindings {@code overriding} replace the standard ones (tests). */
    public EngineWiring overriddenWith(Module overriding) {
        return new EngineWiring(adapterModules, Optional.of(overriding));
    }

    public Injector injector(EngineKind kind, EngineSettings settings) {
        List<Module> modules = new ArrayList<>(adapterModules.size() + 1);
        modules.add(new CliModule(kind, settings));
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
