package io.imgctl.cli.engine;

import com.google.inject.Module;
import io.imgctl.adapter.docker.DockerEngineModule;
import io.imgctl.adapter.fake.FakeEngineModule;
import io.imgctl.adapter.podman.PodmanEngineModule;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineSettings;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The adapters' Guice modules. Each contributes its engine to the engine {@code MapBinder} and
 * builds nothing until that engine is chosen; each also offers that engine's factory directly.
 */
final class AdapterModules {

    private AdapterModules() {
    }

    static List<Module> present() {
        return List.of(new FakeEngineModule(), new DockerEngineModule(), new PodmanEngineModule());
    }

    /** The same adapters' engines, each made by its module's own factory, for wiring without an injector. */
    static Map<EngineKind, Function<EngineSettings, ContainerEngine>> factories() {
        return Map.of(EngineKind.FAKE, FakeEngineModule::engine, EngineKind.DOCKER, DockerEngineModule::engine,
                EngineKind.PODMAN, PodmanEngineModule::engine);
    }
}
