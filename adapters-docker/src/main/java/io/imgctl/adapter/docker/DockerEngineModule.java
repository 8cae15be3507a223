package io.imgctl.adapter.docker;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import com.google.inject.multibindings.MapBinder;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineSettings;

/**
 * Contributes the Docker engine to the engine map under {@link EngineKind#DOCKER}. Nothing is built
 * here: the engine is made when the selector asks for it, from the bound {@link EngineSettings}, and
 * it connects to the daemon on its first call.
 */
public final class DockerEngineModule extends AbstractModule {

    @Override
    protected void configure() {
        Provider<EngineSettings> settings = getProvider(EngineSettings.class);
        MapBinder.newMapBinder(binder(), EngineKind.class, ContainerEngine.class)
                .addBinding(EngineKind.DOCKER)
                .toProvider((Provider<ContainerEngine>) () -> engine(settings.get()))
                .in(Scopes.SINGLETON);
    }

    /** The engine this module contributes, made from {@code settings}; it connects on its first call. */
    private static ContainerEngine engine(EngineSettings settings) {
        return new DockerContainerEngine(settings);
    }
}
