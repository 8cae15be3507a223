package io.imgctl.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.in.RunCommand;
import io.imgctl.application.port.in.RunResult;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.RegistryException;
import io.imgctl.application.testdouble.InMemoryEngine;
import io.imgctl.domain.container.Container;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContainerServiceTest {

    private InMemoryEngine engine;
    private ContainerService service;

    @BeforeEach
    void setUp() {
        engine = new InMemoryEngine();
        engine.publish("registry.test/app:latest", Map.of("os", 10L), Map.of());
        service = new ContainerService(engine);
    }

    @Test
    void runWithoutATagPullsLatestAndKeepsTheReferenceAsGiven() {
        RunResult result = service.run(new RunCommand("registry.test/app", Optional.empty(), false,
                List.of("echo", "hi")), PullListener.IGNORE);

        assertThat(result.pulled()).get().satisfies(p -> assertThat(p.reference().tag()).contains("latest"));
        assertThat(result.container().image()).isEqualTo("registry.test/app");
        assertThat(result.output()).isEqualTo("hi\n");
    }

    @Test
    void detachedRunReturnsNoOutputAndARunningContainer() {
        RunResult result = service.run(new RunCommand("registry.test/app:latest", Optional.of("web"), true,
                List.of("sleep", "1000")), PullListener.IGNORE);

        assertThat(result.output()).isEmpty();
        assertThat(result.container().isRunning()).isTrue();
        assertThat(result.container().name()).isEqualTo("web");
    }

    @Test
    void runOfAnImageNoRegistryHasCreatesNothing() {
        assertThatThrownBy(() -> service.run(new RunCommand("registry.test/none:1", Optional.empty(), false,
                List.of()), PullListener.IGNORE)).isInstanceOf(RegistryException.class);
        assertThat(engine.listContainers()).isEmpty();
    }

    @Test
    void psListsNewestFirstAndStoppedOnesOnlyWithAll() {
        Container exited = service.run(new RunCommand("registry.test/app", Optional.of("ca"), false,
                List.of("echo")), PullListener.IGNORE).container();
        Container running = service.run(new RunCommand("registry.test/app", Optional.of("cb"), true,
                List.of("sleep", "9")), PullListener.IGNORE).container();
        Container failed = service.run(new RunCommand("registry.test/app", Optional.of("cc"), false,
                List.of("false")), PullListener.IGNORE).container();

        assertThat(service.listContainers(true)).extracting(Container::id)
                .containsExactly(failed.id(), running.id(), exited.id());
        assertThat(service.listContainers(false)).extracting(Container::id).containsExactly(running.id());
        assertThat(failed.exitCode()).isEqualTo(1);
    }

    @Test
    void anImageRemovedBetweenTheLookUpAndTheCreateIsPulledAgainSoTheContainerGetsIt() {
        service.run(new RunCommand("registry.test/app", Optional.empty(), false, List.of("echo")), PullListener.IGNORE);
        java.util.concurrent.atomic.AtomicBoolean raced = new java.util.concurrent.atomic.AtomicBoolean();
        io.imgctl.application.port.out.ContainerEngine racing = (io.imgctl.application.port.out.ContainerEngine)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {io.imgctl.application.port.out.ContainerEngine.class}, (proxy, method, args) -> {
                            if (method.getName().equals("createContainer") && raced.compareAndSet(false, true)) {
                                // an rmi that raced the run: the image goes after the look-up, before the create
                                engine.listContainers().forEach(c -> engine.removeContainer(c.id(), true));
                                engine.deleteImage(engine.findImage("registry.test/app:latest").orElseThrow().id(), true);
                            }
                            try {
                                return method.invoke(engine, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });

        RunResult result = new ContainerService(racing).run(new RunCommand("registry.test/app:latest", Optional.of("late"),
                false, List.of("echo", "again")), PullListener.IGNORE);

        assertThat(raced).isTrue();
        assertThat(result.pulled()).as("pulled again after the race").isPresent();
        assertThat(result.output()).isEqualTo("again\n");
        assertThat(engine.findImage(result.container().imageId().toString())).as("the container has its image").isPresent();
    }
}
