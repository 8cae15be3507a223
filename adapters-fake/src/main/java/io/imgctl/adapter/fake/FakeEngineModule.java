package io.imgctl.adapter.fake;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.multibindings.MapBinder;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineSettings;

/**
 * Contributes the built-in engine under {@link EngineKind#FAKE}. Nothing is built here: the engine
 * is made when (and only if) it is the one chosen, from the {@link EngineSettings} the CLI binds,
 * which name its state file ({@code IMGCTL_FAKE_STATE}, {@code XDG_STATE_HOME}, {@code HOME}).
 */
public final class FakeEngineModule extends AbstractModule {

    @Override
    protected void configure() {
        Provider<EngineSettings> settings = getProvider(EngineSettings.class);
        MapBinder.newMapBinder(binder(), EngineKind.class, ContainerEngine.class)
                .addBinding(EngineKind.FAKE)
                .toProvider((Provider<ContainerEngine>) () -> engine(settings.get()));
    }

    /** The engine this module contributes, made from {@code settings}; it connects on its first call. */
    private static ContainerEngine engine(EngineSettings settings) {
        return FakeEngine.create(settings);
    }
}
