package io.imgctl.adapter.fake;

import static io.imgctl.adapter.fake.Fixtures.named;
import static io.imgctl.adapter.fake.Fixtures.ref;
import static io.imgctl.adapter.fake.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.ImageId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeEngineContainersTest {

    @TempDir
    Path dir;

    TestClock clock;
    FakeEngine engine;

    @BeforeEach
    void setUp() {
        clock = new TestClock();
        engine = FakeEngine.create(dir.resolve("state.json"), clock);
        for (String image : List.of("hello-world", "alpine:3.13", "nginx:alpine", "node:alpine3.13", "ubuntu")) {
            engine.pull(ref(image), PullListener.IGNORE);
        }
    }

    /** Creates, starts and returns the container as it is afterwards. */
    private Container run(String image, String... command) {
        Container created = engine.createContainer(spec(image, command));
        engine.startContainer(created.id());
        return engine.findContainer(created.id()).orElseThrow();
    }

    @Test
    void aNewContainerIsCreatedWithADockerStyleNameAndId() {
        Container c = engine.createContainer(spec("alpine:3.13", "echo", "hi"));
        assertThat(c.id()).matches("[a-f0-9]{64}");
        assertThat(c.name()).matches("[a-z]+_[a-z]+");
        assertThat(Names.ADJECTIVES).contains(c.name().substring(0, c.name().indexOf('_')));
        assertThat(Names.SURNAMES).contains(c.name().substring(c.name().indexOf('_') + 1));
        assertThat(c.state()).isEqualTo(ContainerState.CREATED);
        assertThat(c.exitCode()).isZero();
        assertThat(c.created()).isEqualTo(TestClock.START);
        assertThat(c.started()).isEmpty();
        assertThat(c.finished()).isEmpty();
        assertThat(c.sizeRw()).isZero();
        assertThat(c.image()).isEqualTo("alpine:3.13");
        assertThat(c.imageId()).isEqualTo(engine.findImage("alpine:3.13").orElseThrow().id());
        assertThat(c.command()).containsExactly("echo", "hi");
    }

    @Test
    void theImageIsKeptAsGiven() {
        assertThat(engine.createContainer(spec("ubuntu")).image()).isEqualTo("ubuntu");
        assertThat(engine.createContainer(spec("docker.io/library/ubuntu:latest")).image()).isEqualTo("ubuntu:latest");
    }

    @Test
    void generatedNamesNeverRepeat() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            names.add(engine.createContainer(spec("alpine:3.13", "true")).name());
        }
        assertThat(names).hasSize(60);
        Set<String> ids = new HashSet<>();
        engine.listContainers().forEach(c -> ids.add(c.id()));
        assertThat(ids).hasSize(60);
    }

    @Test
    void aGivenNameIsUsedAndMustBeFree() {
        Container web = engine.createContainer(named("web", "nginx:alpine"));
        assertThat(web.name()).isEqualTo("web");
        assertThatThrownBy(() -> engine.createContainer(named("web", "alpine:3.13")))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Conflict. The container name \"/web\" is already in use by container \"" + web.id()
                        + "\". You have to remove (or rename) that container to be able to reuse that name.");
        assertThatThrownBy(() -> engine.createContainer(named("bad name!", "alpine:3.13")))
                .isInstanceOf(EngineFailureException.class)
                .hasMessage("Invalid container name (bad name!), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        assertThat(engine.listContainers()).hasSize(1);
    }

    @Test
    void creatingFromAMissingImageIsNotFoundAndDoesNotPull() {
        assertThatThrownBy(() -> engine.createContainer(spec("alpine:3.14")))
                .isInstanceOf(NotFoundException.class).hasMessage("No such image: alpine:3.14");
        assertThat(engine.findImage("alpine:3.14")).isEmpty();
    }

    @Test
    void helloWorldPrintsDockersGreeting() {
        Container c = run("hello-world");
        assertThat(c.state()).isEqualTo(ContainerState.EXITED);
        assertThat(c.exitCode()).isZero();
        assertThat(c.command()).containsExactly("/hello");
        assertThat(engine.logs(c.id())).contains("Hello from Docker!")
                .contains("This message shows that your installation appears to be working correctly.")
                .isEqualTo(Programs.HELLO);
        assertThat(c.started()).contains(TestClock.START);
        assertThat(c.finished()).contains(TestClock.START);
        assertThat(c.sizeRw()).isPositive().isLessThan(5000);
        assertThat(engine.waitContainer(c.id())).isZero();
    }

    @Test
    void helloWorldHasNoShell() {
        Container c = engine.createContainer(spec("hello-world", "echo", "hi"));
        assertThatThrownBy(() -> engine.startContainer(c.id()))
                .isInstanceOf(EngineFailureException.class)
                .hasMessageContaining("exec: \"echo\": executable file not found in $PATH");
        Container after = engine.findContainer(c.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ContainerState.CREATED);
        assertThat(after.exitCode()).isEqualTo(127);
    }

    @Test
    void echoPrintsItsArguments() {
        Container c = run("alpine:3.13", "echo", "hello", "world");
        assertThat(engine.logs(c.name())).isEqualTo("hello world\n");
        assertThat(c.exitCode()).isZero();
    }

    @Test
    void exitCodesOfShellTrueAndFalse() {
        assertThat(run("alpine:3.13", "sh", "-c", "exit 3").exitCode()).isEqualTo(3);
        assertThat(run("alpine:3.13", "false").exitCode()).isEqualTo(1);
        assertThat(run("alpine:3.13", "true").exitCode()).isZero();
        assertThat(run("alpine:3.13", "/bin/false").exitCode()).isEqualTo(1);
        assertThat(run("ubuntu", "bash", "-c", "echo one && false || exit 42").exitCode()).isEqualTo(42);
    }

    @Test
    void shellScriptsPrintAndExit() {
        Container c = run("alpine:3.13", "sh", "-c", "echo \"home is $HOME\"; echo 'not $HOME'; nosuch; echo $?; exit 5");
        assertThat(engine.logs(c.id())).isEqualTo("home is /root\nnot $HOME\nsh: nosuch: not found\n127\n");
        assertThat(c.exitCode()).isEqualTo(5);
    }

    @Test
    void theDefaultCommandOfAShellImageExitsAtOnce() {
        Container alpine = run("alpine:3.13");
        assertThat(alpine.command()).containsExactly("/bin/sh");
        assertThat(alpine.state()).isEqualTo(ContainerState.EXITED);
        assertThat(run("ubuntu").exitCode()).isZero();
        assertThat(run("node:alpine3.13").command()).containsExactly("docker-entrypoint.sh", "node");
    }

    @Test
    void theEntrypointStaysWhenTheCommandIsGiven() {
        Container c = run("node:alpine3.13", "--version");
        assertThat(c.command()).containsExactly("docker-entrypoint.sh", "--version");
        assertThat(engine.logs(c.id())).isEqualTo("v17.1.0\n");
        Container echo = run("node:alpine3.13", "echo", "via", "entrypoint");
        assertThat(engine.logs(echo.id())).isEqualTo("via entrypoint\n");
    }

    @Test
    void sleepRunsUntilItsTimeHasPassedOnTheClock() {
        Container c = run("alpine:3.13", "sleep", "30");
        assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(c.finished()).isEmpty();

        clock.advance(Duration.ofSeconds(29));
        assertThat(engine.findContainer(c.id()).orElseThrow().state()).isEqualTo(ContainerState.RUNNING);

        clock.advance(Duration.ofSeconds(5));
        Container after = engine.findContainer(c.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ContainerState.EXITED);
        assertThat(after.exitCode()).isZero();
        assertThat(after.finished()).contains(TestClock.START.plusSeconds(30));
    }

    @Test
    void outputAfterASleepAppearsWhenItsTimeComes() {
        Container c = run("alpine:3.13", "sh", "-c", "echo start; sleep 10; echo done; exit 7");
        assertThat(engine.logs(c.id())).isEqualTo("start\n");
        clock.advance(Duration.ofSeconds(11));
        assertThat(engine.logs(c.id())).isEqualTo("start\ndone\n");
        assertThat(engine.findContainer(c.id()).orElseThrow().exitCode()).isEqualTo(7);
    }

    @Test
    void waitingForAFiniteProgramEndsItAtOnceWithItsExitCode() {
        Container c = run("alpine:3.13", "sh", "-c", "sleep 3600; echo late; exit 4");
        assertThat(engine.waitContainer(c.id())).isEqualTo(4);
        Container after = engine.findContainer(c.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ContainerState.EXITED);
        assertThat(after.finished()).contains(TestClock.START);
        assertThat(engine.logs(c.id())).isEqualTo("late\n");
    }

    @Test
    void aServerRunsUntilRemovedAndWaitingForItIsAConflictNotAHang() {
        Container web = run("nginx:alpine");
        assertThat(web.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(web.command()).containsExactly("/docker-entrypoint.sh", "nginx", "-g", "daemon off;");
        assertThat(engine.logs(web.id())).contains("Configuration complete; ready for start up")
                .contains("start worker processes");

        clock.advance(Duration.ofDays(30));
        assertThat(engine.findContainer(web.id()).orElseThrow().state()).isEqualTo(ContainerState.RUNNING);
        assertThatThrownBy(() -> engine.waitContainer(web.id()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("never ends by itself");
        assertThat(engine.findContainer(web.id()).orElseThrow().state()).isEqualTo(ContainerState.RUNNING);
        engine.removeContainer(web.id(), true);
        assertThat(engine.findContainer(web.id())).isEmpty();
    }

    @Test
    void startingARunningContainerChangesNothing() {
        Container c = run("alpine:3.13", "sleep", "infinity");
        clock.advance(Duration.ofMinutes(1));
        engine.startContainer(c.id());
        assertThat(engine.findContainer(c.id()).orElseThrow().started()).contains(TestClock.START);
    }

    @Test
    void restartingAnExitedContainerRunsItAgainAndKeepsItsLogs() {
        Container c = run("alpine:3.13", "echo", "again");
        clock.advance(Duration.ofMinutes(1));
        engine.startContainer(c.id());
        Container after = engine.findContainer(c.id()).orElseThrow();
        assertThat(after.started()).contains(TestClock.START.plusSeconds(60));
        assertThat(after.sizeRw()).isEqualTo(c.sizeRw());
        assertThat(engine.logs(c.id())).isEqualTo("again\nagain\n");
    }

    @Test
    void waitingForACreatedContainerReturnsAtOnce() {
        Container c = engine.createContainer(spec("alpine:3.13", "sleep", "infinity"));
        assertThat(engine.waitContainer(c.id())).isZero();
    }

    @Test
    void containersAreFoundByNameIdAndUniquePrefix() {
        Container c = engine.createContainer(named("finder", "alpine:3.13", "true"));
        assertThat(engine.findContainer("finder")).map(Container::id).contains(c.id());
        assertThat(engine.findContainer("/finder")).map(Container::id).contains(c.id());
        assertThat(engine.findContainer(c.id())).map(Container::id).contains(c.id());
        assertThat(engine.findContainer(c.shortId())).map(Container::id).contains(c.id());
        assertThat(engine.findContainer("nobody")).isEmpty();
        assertThat(engine.findContainer("")).isEmpty();
    }

    @Test
    void containersAreListedNewestFirstInEveryState() {
        Container first = run("alpine:3.13", "true");
        clock.advance(Duration.ofSeconds(1));
        Container second = run("alpine:3.13", "sleep", "infinity");
        clock.advance(Duration.ofSeconds(1));
        Container third = engine.createContainer(spec("alpine:3.13"));
        assertThat(engine.listContainers()).extracting(Container::id)
                .containsExactly(third.id(), second.id(), first.id());
        assertThat(engine.listContainers()).extracting(Container::state)
                .containsExactly(ContainerState.CREATED, ContainerState.RUNNING, ContainerState.EXITED);
        assertThat(engine.snapshot().containers()).hasSize(3);
    }

    @Test
    void aContainerWhoseTagMovedShowsTheImageId() {
        Container c = engine.createContainer(spec("alpine:3.13", "true"));
        ImageId other = engine.findImage("ubuntu").orElseThrow().id();
        engine.tag(other, ref("alpine:3.13"));
        assertThat(engine.findContainer(c.id()).orElseThrow().image()).isEqualTo(c.imageId().toString());
    }

    @Test
    void logsOfAMissingContainerAreNotFound() {
        assertThatThrownBy(() -> engine.logs("ghost")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> engine.startContainer("ghost")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> engine.waitContainer("ghost")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theWritableLayerSizeIsSmallAndDeterministic() {
        Container c = run("alpine:3.13", "true");
        assertThat(c.sizeRw()).isEqualTo(FakeEngine.writableLayerSize(c.id())).isBetween(12L, 4096L);
    }
}
