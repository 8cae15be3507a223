package io.imgctl.adapter.podman;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodmanEngineModuleTest {

    @Test
    void contributesPodmanToTheEngineMapWithoutConnecting() {
        // a socket that does not exist: building the engine must not touch it
        EngineSettings settings = new EngineSettings(Optional.of("unix:///nonexistent/podman.sock"), Map.of(), false);
        Injector injector = Guice.createInjector(new PodmanEngineModule(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(EngineSettings.class).toInstance(settings);
            }
        });
        Map<EngineKind, ContainerEngine> engines =
                injector.getInstance(Key.get(new TypeLiteral<Map<EngineKind, ContainerEngine>>() { }));

        assertThat(engines).containsOnlyKeys(EngineKind.PODMAN);
        assertThat(engines.get(EngineKind.PODMAN)).isInstanceOf(PodmanContainerEngine.class)
                .isSameAs(injector.getInstance(Key.get(new TypeLiteral<Map<EngineKind, ContainerEngine>>() { }))
                        .get(EngineKind.PODMAN));
    }
}
