package io.imgctl.cli.engine;

import com.google.inject.Module;
import io.imgctl.adapter.docker.DockerEngineModule;
import io.imgctl.adapter.fake.FakeEngineModule;
import io.imgctl.adapter.podman.PodmanEngineModule;
import java.util.List;

/**
 * The adapters' Guice modules. Each contributes its engine to the engine {@code MapBinder} and
 * builds nothing until that engine is chosen.
 */
final class AdapterModules {

    private AdapterModules() {
    }

    static List<Module> present() {
        return List.of(new FakeEngineModule(), new DockerEngineModule(), new PodmanEngineModule());
    }
}
