package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.EngineUnavailableException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerEngineModuleTest {

    @TempDir
    java.nio.file.Path home;

    private Injector injector(EngineSettings settings) {
        return Guice.createInjector(new DockerEngineModule(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(EngineSettings.class).toInstance(settings);
            }
        });
    }

    @Test
    void contributesTheDockerEngineWithoutConnecting() {
        // A socket that does not exist: building the engine must still work.
        EngineSettings settings = new EngineSettings(Optional.of("unix://" + home.resolve("none.sock")),
                Map.of("HOME", home.toString()), false);
        Map<EngineKind, ContainerEngine> engines =
                injector(settings).getInstance(Key.get(new TypeLiteral<Map<EngineKind, ContainerEngine>>() { }));

        ContainerEngine engine = engines.get(EngineKind.DOCKER);

        assertThat(engine).isInstanceOf(DockerContainerEngine.class);
        assertThat(engines.keySet()).containsExactly(EngineKind.DOCKER);
        assertThatThrownBy(engine::ping)
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("Tried to ping the daemon on docker at unix://" + home.resolve("none.sock"))
                .hasMessageContaining("(from --host)")
                .hasMessageContaining("bash scripts/engines.sh up");
    }

    @Test
    void oneEnginePerInjector() {
        Injector injector = injector(new EngineSettings(Optional.empty(), Map.of("HOME", home.toString()), false));
        Key<Map<EngineKind, ContainerEngine>> key = Key.get(new TypeLiteral<Map<EngineKind, ContainerEngine>>() { });

        assertThat(injector.getInstance(key).get(EngineKind.DOCKER))
                .isSameAs(injector.getInstance(key).get(EngineKind.DOCKER));
    }
}
