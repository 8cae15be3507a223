package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineKind;
import io.imgctl.cli.engine.EngineWiring;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that overlap on the built-in engine, made to overlap at a known point without timing
 * anything: one command runs against the engine behind a gate that holds the first call of one kind
 * until the test has run the other command to its end.
 * <ul>
 *   <li>two {@code prune}s: the one that holds the lock acts, the other refuses at once and does nothing;</li>
 *   <li>a {@code run} whose image an {@code rmi} removes between the run's look-up and its create: the run
 *       pulls the image again, so its container has it;</li>
 *   <li>an {@code rmi} whose deletion a {@code run} races (the run's container appears after the deletion's
 *       check): the deletion is skipped, never forced, and the container keeps its image.</li>
 * </ul>
 */
class FakeEngineConcurrencyTest {

    @TempDir
    Path dir;

    private Map<String, String> env() {
        return Map.of("IMGCTL_FAKE_STATE", dir.resolve("state.json").toString(), "HOME", dir.toString(),
                "XDG_STATE_HOME", dir.resolve("xdg").toString(), "IMGCTL_LOCK_DIR", dir.resolve("lock").toString());
    }

    /** A plain imgctl command line on the built-in engine. */
    private CliRun imgctl(String... args) {
        return CliRun.run(Cli.standard(), env(), withFake(args));
    }

    private static String[] withFake(String... args) {
        String[] line = new String[args.length + 2];
        line[0] = "--engine";
        line[1] = "fake";
        System.arraycopy(args, 0, line, 2, args.length);
        return line;
    }

    /** The same command line, its engine's first {@code method} call held until {@code release} (once {@code reached}). */
    private CompletableFuture<CliRun> gated(String method, CountDownLatch reached, CountDownLatch release, String... args) {
        AtomicBoolean gateUsed = new AtomicBoolean();
        AbstractModule gate = new AbstractModule() {
            @Provides
            @Singleton
            ContainerEngine engine(Map<EngineKind, Provider<ContainerEngine>> engines) {
                ContainerEngine fake = engines.get(EngineKind.FAKE).get();
                return (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ContainerEngine.class},
                        (proxy, m, a) -> {
                            if (m.getName().equals(method) && gateUsed.compareAndSet(false, true)) {
                                reached.countDown();
                                if (!release.await(2, TimeUnit.MINUTES)) {
                                    throw new IllegalStateException("the test never released the gate");
                                }
                            }
                            try {
                                return m.invoke(fake, a);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
        Cli cli = new Cli(() -> EngineWiring.standard().overriddenWith(gate), Clock.systemUTC(), false);
        return CompletableFuture.supplyAsync(() -> CliRun.run(cli, env(), withFake(args)));
    }

    @Test
    void of_two_prunes_at_once_the_one_holding_the_lock_acts_and_the_other_refuses_and_does_nothing() throws Exception {
        for (String image : List.of("hello-world", "alpine:3.13", "nginx:alpine")) {
            assertThat(imgctl("pull", "-q", image).exitCode()).isZero();
        }
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<CliRun> first = gated("snapshot", reached, release, "prune", "--unused");
        CliRun second;
        try {
            assertThat(reached.await(2, TimeUnit.MINUTES)).as("the first prune took the lock and reads the engine").isTrue();
            second = imgctl("prune", "--unused");
            assertThat(imgctl("images", "-q").outLines()).as("nothing removed while the first prune is held").hasSize(3);
        } finally {
            release.countDown();
        }
        CliRun firstDone = first.get(2, TimeUnit.MINUTES);

        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.out()).isEmpty();
        assertThat(second.errLines()).containsExactly("Error: Tried to prune but failed because another prune holds the lock "
                + new io.imgctl.cli.state.FilePruneLock(dir.resolve("lock"), dir.resolve("xdg/imgctl")).file());
        assertThat(firstDone.exitCode()).as(firstDone.err()).isZero();
        assertThat(firstDone.outLines()).filteredOn(l -> l.startsWith("Deleted: sha256:")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(imgctl("images", "-q").outLines()).isEmpty();
    }

    @Test
    void a_run_whose_image_is_removed_before_its_create_pulls_it_again_and_the_container_gets_it() throws Exception {
        assertThat(imgctl("pull", "-q", "alpine:3.13").exitCode()).isZero();
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<CliRun> run = gated("createContainer", reached, release, "run", "--name", "racer", "alpine:3.13", "true");
        CliRun removed;
        try {
            assertThat(reached.await(2, TimeUnit.MINUTES)).isTrue();
            removed = imgctl("rmi", "alpine:3.13");
        } finally {
            release.countDown();
        }
        CliRun ran = run.get(2, TimeUnit.MINUTES);

        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.outLines()).anyMatch(l -> l.startsWith("Deleted: sha256:"));
        assertThat(ran.exitCode()).as(ran.err()).isZero();
        assertThat(ran.err()).contains("Unable to find image 'alpine:3.13' locally");
        String imageId = imgctl("inspect", "--type", "container", "racer").json().get("imageId").asText();
        assertThat(imgctl("inspect", "--type", "image", imageId).exitCode()).as("the container's image exists").isZero();
    }

    @Test
    void a_run_that_starts_using_the_image_while_its_deletion_is_under_way_makes_the_deletion_skip() throws Exception {
        assertThat(imgctl("pull", "-q", "alpine:3.13").exitCode()).isZero();
        String imageId = imgctl("inspect", "--type", "image", "alpine:3.13").json().get("id").asText();
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The tag is the image's only name, so its untag is carried out by the deletion: one deleteImage
        // call, held here after both checks passed and before anything is removed.
        CompletableFuture<CliRun> rmi = gated("deleteImage", reached, release, "rmi", "alpine:3.13");
        CliRun ran;
        try {
            assertThat(reached.await(2, TimeUnit.MINUTES)).as("the untag and the deletion checked").isTrue();
            ran = imgctl("run", "--name", "user", "alpine:3.13", "true");
        } finally {
            release.countDown();
        }
        CliRun removed = rmi.get(2, TimeUnit.MINUTES);

        // The engine refuses the deletion; each action, checked again on its own, is skipped: the image
        // keeps its tag and the container its image, nothing is forced.
        assertThat(ran.exitCode()).as(ran.err()).isZero();
        assertThat(removed.exitCode()).as(removed.err()).isEqualTo(1);
        assertThat(removed.outLines()).noneMatch(l -> l.startsWith("Untagged: ") || l.startsWith("Deleted: "));
        assertThat(removed.errLines()).anySatisfy(l -> assertThat(l).startsWith("Note: skipped untag alpine:3.13 because container ")
                .contains("now uses image"));
        assertThat(removed.errLines()).anySatisfy(l -> assertThat(l).startsWith("Note: skipped deleteImage " + imageId + " because"));
        assertThat(imgctl("inspect", "--type", "container", "user").json().get("imageId").asText()).isEqualTo(imageId);
        assertThat(imgctl("inspect", "--type", "image", "alpine:3.13").json().get("id").asText())
                .as("the container keeps its image, with its tag").isEqualTo(imageId);
    }
}
