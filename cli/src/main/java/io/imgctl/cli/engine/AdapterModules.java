package io.imgctl.cli.engine;

import com.google.inject.Module;
import io.imgctl.adapter.fake.FakeEngineModule;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * The adapters' Guice modules. Each adapter module exposes one public {@code ...EngineModule} with a
 * no-argument constructor. The built-in engine's is referenced directly; the Docker and Podman ones
 * are looked up by name while those adapters are still being written (a module not in the build is
 * simply absent, and choosing its engine fails with a clear message from {@link CliModule}).
 */
final class AdapterModules {

    static final List<String> LOOKED_UP_BY_NAME = List.of(
            "io.imgctl.adapter.docker.DockerEngineModule",
            "io.imgctl.adapter.podman.PodmanEngineModule");

    private AdapterModules() {
    }

    static List<Module> present() {
        List<Module> modules = new ArrayList<>(1 + LOOKED_UP_BY_NAME.size());
        modules.add(new FakeEngineModule());
        for (String name : LOOKED_UP_BY_NAME) {
            Class<?> type;
            try {
                type = Class.forName(name, false, AdapterModules.class.getClassLoader());
            } catch (ClassNotFoundException absent) {
                continue;
            }
            try {
                modules.add((Module) type.getConstructor().newInstance());
            } catch (NoSuchMethodException | InstantiationException | IllegalAccessException
                     | InvocationTargetException | ClassCastException e) {
                throw new IllegalStateException("Tried to load the engine module " + name
                        + " but failed because it has no public no-argument constructor or is not a Guice module", e);
            }
        }
        return modules;
    }
}
