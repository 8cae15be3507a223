package io.imgctl.cli.engine;

import com.google.inject.Module;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * The adapters' Guice modules present on the class path. Each adapter module exposes one public
 * {@code ...EngineModule} with a no-argument constructor; a module that is not (yet) in the build
 * is simply absent, and selecting its engine then fails with a clear message from {@link CliModule}.
 */
final class AdapterModules {

    static final List<String> CLASS_NAMES = List.of(
            "io.imgctl.adapter.fake.FakeEngineModule",
            "io.imgctl.adapter.docker.DockerEngineModule",
            "io.imgctl.adapter.podman.PodmanEngineModule");

    private AdapterModules() {
    }

    static List<Module> present() {
        List<Module> modules = new ArrayList<>(CLASS_NAMES.size());
        for (String name : CLASS_NAMES) {
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
