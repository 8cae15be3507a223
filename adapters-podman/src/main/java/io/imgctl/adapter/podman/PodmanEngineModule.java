package io.imgctl.adapter.podman;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import com.google.inject.multibindings.MapBinder;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineSettings;

/**
 * Contributes the Podman engine to the engine map under {@link EngineKind#PODMAN}. Nothing is built or
 * connected here: the provider makes the engine from the bound {@link EngineSettings} when the selector
 * asks for it, and the engine connects on its first call.
 */
public final class PodmanEngineModule extends AbstractModule {

    @Override
    protected void configure() {
        Provider<EngineSettings> settings = getProvider(EngineSettings.class);
        MapBinder.newMapBinder(binder(), EngineKind.class, ContainerEngine.class)
                .addBinding(EngineKind.PODMAN)
                .toProvider((Provider<ContainerEngine>) () -> engine(settings.get()))
                .in(Scopes.SINGLETON);
    }

    /** The engine this module contributes, made from {@code settings}; it connects on its first call. */
    private static ContainerEngine engine(EngineSettings settings) {
        return PodmanEngines.create(settings);
    }
}
