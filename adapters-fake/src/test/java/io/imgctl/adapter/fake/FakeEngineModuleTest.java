package io.imgctl.adapter.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeEngineModuleTest {

    @TempDir
    Path dir;

    @Test
    void contributesTheFakeEngineUnderItsKindReadingTheStatePathFromTheSettings() {
        Path file = dir.resolve("wired.json");
        EngineSettings settings = new EngineSettings(Optional.empty(),
                Map.of("IMGCTL_FAKE_STATE", file.toString()), false);
        Injector injector = Guice.createInjector(new FakeEngineModule(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(EngineSettings.class).toInstance(settings);
            }
        });

        Map<EngineKind, com.google.inject.Provider<ContainerEngine>> engines = injector.getInstance(
                Key.get(new TypeLiteral<Map<EngineKind, com.google.inject.Provider<ContainerEngine>>>() { }));

        assertThat(engines).containsOnlyKeys(EngineKind.FAKE);
        ContainerEngine engine = engines.get(EngineKind.FAKE).get();
        assertThat(engine.info().kind()).isEqualTo("fake");
        assertThat(engine.info().endpoint()).isEqualTo(file.toAbsolutePath().toString());
        assertThat(file).doesNotExist();
    }
}
