package io.imgctl.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.multibindings.MapBinder;
import io.imgctl.application.port.in.ContainerCommands;
import io.imgctl.application.port.in.DiskUsageQuery;
import io.imgctl.application.port.in.ImageCommands;
import io.imgctl.application.port.in.ImageQueries;
import io.imgctl.application.port.in.ListImagesQuery;
import io.imgctl.application.port.in.PruneUseCase;
import io.imgctl.application.port.in.RemoveImagesUseCase;
import io.imgctl.application.port.out.ChangeLog;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.application.service.ListingMemory;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineWiringTest {

    @TempDir
    Path dir;

    private EngineSettings settings() {
        return new EngineSettings(Optional.empty(), Map.of("IMGCTL_FAKE_STATE", dir.resolve("state.json").toString(),
                "HOME", dir.toString()), false);
    }

    @Test
    void builds_the_injector_the_engine_and_the_use_cases_for_every_engine_kind_present() {
        EngineWiring wiring = EngineWiring.standard();
        Set<EngineKind> present = wiring.contributedEngines(settings());

        assertThat(present).contains(EngineKind.FAKE);
        for (EngineKind kind : present) {
            Injector injector = wiring.injector(kind, settings());
            assertThat(injector.getInstance(ContainerEngine.class)).as(kind.cliName()).isNotNull();
            for (Class<?> port : List.of(ImageQueries.class, ImageCommands.class, ContainerCommands.class,
                    RemoveImagesUseCase.class, DiskUsageQuery.class)) {
                assertThat(injector.getInstance(port)).as(kind.cliName() + " " + port.getSimpleName()).isNotNull();
            }
        }
        assertThat(wiring.injector(EngineKind.FAKE, settings()).getInstance(ContainerEngine.class).info().kind())
                .isEqualTo("fake");
    }

    @Test
    void an_engine_no_adapter_contributes_is_a_clear_unavailable_error() {
        EngineWiring wiring = new EngineWiring(List.of(), Optional.empty());

        assertThat(wiring.contributedEngines(settings())).isEmpty();
        assertThatThrownBy(() -> wiring.injector(EngineKind.DOCKER, settings()).getInstance(ContainerEngine.class))
                .isInstanceOf(ProvisionException.class)
                .hasRootCauseInstanceOf(EngineUnavailableException.class)
                .rootCause()
                .hasMessage("Tried to use the docker engine but failed because this build of imgctl has no docker "
                        + "adapter (engines available: none). Use --engine fake for the built-in engine.");
        assertThatThrownBy(() -> wiring.ping(EngineKind.PODMAN, settings()))
                .isInstanceOf(EngineUnavailableException.class);
    }

    @Test
    void builds_only_the_chosen_engine_from_the_map_binder() {
        AtomicInteger built = new AtomicInteger();
        AbstractModule twoEngines = new AbstractModule() {
            @Override
            protected void configure() {
                MapBinder<EngineKind, ContainerEngine> engines =
                        MapBinder.newMapBinder(binder(), EngineKind.class, ContainerEngine.class);
                engines.addBinding(EngineKind.DOCKER).toProvider(() -> {
                    built.incrementAndGet();
                    return engineNamed("docker");
                });
                engines.addBinding(EngineKind.PODMAN).toProvider(() -> {
                    throw new AssertionError("podman must not be built when docker is chosen");
                });
            }
        };
        EngineWiring wiring = new EngineWiring(List.of(twoEngines), Optional.empty());

        ContainerEngine engine = wiring.injector(EngineKind.DOCKER, settings()).getInstance(ContainerEngine.class);

        assertThat(engine.toString()).isEqualTo("docker");
        assertThat(built).hasValue(1);
        assertThat(wiring.contributedEngines(settings())).containsExactlyInAnyOrder(EngineKind.DOCKER, EngineKind.PODMAN);
    }

    @Test
    void binds_the_settings_gathered_by_the_cli() {
        EngineSettings settings = new EngineSettings(Optional.of("unix:///x.sock"), Map.of("A", "b"), true);

        assertThat(new EngineWiring(List.of(), Optional.empty()).injector(EngineKind.FAKE, settings)
                .getInstance(EngineSettings.class)).isEqualTo(settings);
    }

    @Test
    void the_standard_wiring_makes_every_port_once_per_command_for_every_engine() {
        EngineWiring wiring = EngineWiring.standard();

        for (EngineKind kind : wiring.contributedEngines(settings())) {
            UseCases useCases = wiring.useCases(kind, settings());
            for (Class<?> port : List.of(ContainerEngine.class, ImageQueries.class, ImageCommands.class, ContainerCommands.class,
                    RemoveImagesUseCase.class, DiskUsageQuery.class, PruneUseCase.class)) {
                Object made = useCases.get(port);
                assertThat(made).as(kind.cliName() + " " + port.getSimpleName()).isInstanceOf(port);
                assertThat(useCases.get(port)).as("made once").isSameAs(made);
            }
            assertThat(useCases.get(ImageQueries.class)).isSameAs(useCases.get(ImageCommands.class));
            assertThat(wiring.useCases(kind, settings()).get(ContainerEngine.class)).as("a command's own engine")
                    .isNotSameAs(useCases.get(ContainerEngine.class));
        }
        assertThat(wiring.contributedEngines(settings()))
                .containsExactlyInAnyOrder(EngineKind.FAKE, EngineKind.DOCKER, EngineKind.PODMAN);
        assertThat(wiring.useCases(EngineKind.FAKE, settings()).get(ContainerEngine.class).info().kind()).isEqualTo("fake");
    }

    @Test
    void a_remembering_wiring_hands_its_listing_memory_to_images_and_the_standard_one_keeps_nothing() {
        AtomicInteger listings = new AtomicInteger();
        ContainerEngine engine = engineWithAQuietLog(listings);
        ListImagesQuery all = new ListImagesQuery(Optional.empty(), false, List.of());
        ListingMemory memory = new ListingMemory(Duration.ZERO);

        AbstractModule podman = new AbstractModule() {
            @Override
            protected void configure() {
                MapBinder.newMapBinder(binder(), EngineKind.class, ContainerEngine.class)
                        .addBinding(EngineKind.PODMAN).toInstance(engine);
            }
        };
        EngineWiring remembering = new EngineWiring(List.of(podman), Optional.empty()).remembering(memory);
        remembering.useCases(EngineKind.PODMAN, settings()).get(ImageQueries.class).listImages(all);
        remembering.useCases(EngineKind.PODMAN, settings()).get(ImageQueries.class).listImages(all);
        remembering.useCases(EngineKind.PODMAN, settings()).get(ImageQueries.class).listImages(all);
        assertThat(listings).as("kept between commands").hasValue(1);
        assertThat(memory.reused()).isEqualTo(2);

        ImageQueries forgetful = new EngineWiring(List.of(podman), Optional.empty())
                .useCases(EngineKind.PODMAN, settings()).get(ImageQueries.class);
        forgetful.listImages(all);
        forgetful.listImages(all);
        assertThat(listings).hasValue(3);
    }

    /** An engine with no image whose change log never shows a change; counts its listings. */
    private static ContainerEngine engineWithAQuietLog(AtomicInteger listings) {
        ChangeLog quiet = new ChangeLog() {
            @Override
            public String store() {
                return "podman unix:///run/imgctl-test.sock";
            }

            @Override
            public Optional<Instant> watchFrom() {
                return Optional.of(Instant.EPOCH);
            }

            @Override
            public boolean unchangedSince(Instant since) {
                return true;
            }
        };
        return (ContainerEngine) Proxy.newProxyInstance(ContainerEngine.class.getClassLoader(),
                new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "changeLog" -> Optional.of(quiet);
                    case "listImages" -> {
                        listings.incrementAndGet();
                        yield List.of();
                    }
                    case "containerCountsByImage" -> Map.of();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "an engine with a quiet log";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ContainerEngine engineNamed(String name) {
        return (ContainerEngine) Proxy.newProxyInstance(ContainerEngine.class.getClassLoader(),
                new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return name;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
