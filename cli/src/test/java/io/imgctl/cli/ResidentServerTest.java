package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.service.ListingMemory;
import io.imgctl.cli.engine.EngineWiring;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident server over its real UNIX socket, with a client in this test speaking the frames that
 * {@code lib/resident.pl} speaks: what it runs answers exactly as the same command line in a JVM of its
 * own (same stdout, stderr and exit code, on the built-in engine); what it leaves to a JVM is answered
 * "not served" and not run; it serves commands at once, stops on request or when idle, and keeps its
 * socket owner-only. (scripts/resident-check.sh runs the launcher and the Perl client against it, on
 * the built-in engine, Docker and Podman.)
 */
class ResidentServerTest {

    private static final String INSTALLATION = "/opt/imgctl\n1700000000";

    @TempDir
    Path dir;

    private Path socket;
    private ResidentServer server;
    private Thread serving;

    private Cli cli(boolean terminal) {
        return new Cli(EngineWiring::standard, Clock.fixed(TestData.NOW, ZoneOffset.UTC), terminal);
    }

    private Cli cliFor(ResidentServer.Request request) {
        return cli(request.terminal());
    }

    private Map<String, String> env() {
        return Map.of("IMGCTL_FAKE_STATE", dir.resolve("state.json").toString(), "HOME", dir.toString(),
                "XDG_STATE_HOME", dir.resolve("xdg").toString(), "IMGCTL_LOCK_DIR", dir.resolve("lock").toString());
    }

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("run").resolve("resident.sock");
        startServer(Duration.ZERO);
    }

    private void startServer(Duration idle) throws IOException {
        server = ResidentServer.bind(socket, INSTALLATION, idle, ListingMemory.none(), this::cliFor);
        serving = new Thread(server::serve, "test-resident");
        serving.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        serving.join(10_000);
    }

    /** What came back: the exit code (null when not served), stdout, stderr, and the reason when not served. */
    record Answer(Integer code, String out, String err, String notServed) {
    }

    private Answer ask(char action, String installation, Map<String, String> env, String... args) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            OutputStream out = Channels.newOutputStream(channel);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            ResidentFrames.write(request, 'I', installation);
            ResidentFrames.write(request, 'T', "0");
            for (Map.Entry<String, String> e : env.entrySet()) {
                ResidentFrames.write(request, 'E', e.getKey() + "=" + e.getValue());
            }
            for (String arg : args) {
                ResidentFrames.write(request, 'A', arg);
            }
            ResidentFrames.write(request, action, "");
            out.write(request.toByteArray());
            return read(Channels.newInputStream(channel));
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (ResidentFrames.Frame frame; (frame = ResidentFrames.read(in)) != null; ) {
            switch (frame.type()) {
                case 'O' -> out.write(frame.payload());
                case 'E' -> err.write(frame.payload());
                case 'X' -> {
                    return new Answer(Integer.parseInt(frame.text()), out.toString(StandardCharsets.UTF_8),
                            err.toString(StandardCharsets.UTF_8), null);
                }
                case 'F' -> {
                    return new Answer(null, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                            frame.text());
                }
                default -> throw new AssertionError("unknown frame " + frame.type());
            }
        }
        throw new AssertionError("the server closed the connection without an exit code or a refusal");
    }

    private Answer run(String... args) throws IOException {
        return ask('R', INSTALLATION, env(), args);
    }

    private CliRun direct(String... args) {
        return CliRun.run(cli(false), env(), args);
    }

    private void assertSameAsDirect(String... args) throws IOException {
        CliRun expected = direct(args);
        Answer served = run(args);
        assertThat(served.notServed()).as("not served: %s", String.join(" ", args)).isNull();
        assertThat(served.code()).as("exit code of %s", String.join(" ", args)).isEqualTo(expected.exitCode());
        assertThat(served.out()).as("stdout of %s", String.join(" ", args)).isEqualTo(expected.out());
        assertThat(served.err()).as("stderr of %s", String.join(" ", args)).isEqualTo(expected.err());
    }

    @Test
    void servedCommandsAnswerExactlyAsTheSameCommandLineRunDirectly() throws IOException {
        assertThat(direct("--engine", "fake", "pull", "alpine:3.13").exitCode()).isZero();
        assertThat(direct("--engine", "fake", "run", "--name", "one", "alpine:3.13", "true").exitCode()).isZero();

        assertSameAsDirect("--engine", "fake", "images");
        assertSameAsDirect("--engine", "fake", "images", "-q", "--no-trunc");
        assertSameAsDirect("--engine", "fake", "images", "--format", "json");
        assertSameAsDirect("--engine", "fake", "ps", "-a");
        assertSameAsDirect("--engine", "fake", "inspect", "alpine:3.13");
        assertSameAsDirect("--engine", "fake", "history", "alpine:3.13");
        assertSameAsDirect("--engine", "fake", "layers", "alpine:3.13");
        assertSameAsDirect("--engine", "fake", "df");
        assertSameAsDirect("ref", "localhost:5000/team/app:1");
        assertSameAsDirect("--version");
        assertSameAsDirect("images", "--help");
        // Failures too: an unknown image (1), a malformed reference and a bad option (2).
        assertSameAsDirect("--engine", "fake", "inspect", "no-such-image:1");
        assertSameAsDirect("ref", "bad::ref");
        assertSameAsDirect("--engine", "fake", "images", "--no-such-option");

        assertThat(run("--engine", "fake", "inspect", "no-such-image:1").code()).isEqualTo(ExitCodes.FAILED);
        assertThat(run("ref", "bad::ref").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("--engine", "fake", "images", "-q").out().lines()).hasSize(1);
    }

    @Test
    void rmiIsServedAndAnswersAsInAJvmOfItsOwn() throws IOException {
        assertThat(direct("--engine", "fake", "pull", "alpine:3.13").exitCode()).isZero();
        assertThat(direct("--engine", "fake", "run", "--name", "user", "alpine:3.13", "true").exitCode()).isZero();
        // Refused (a container uses it) and a dry run change nothing: the same answer both ways.
        assertSameAsDirect("--engine", "fake", "rmi", "alpine:3.13");
        assertSameAsDirect("--engine", "fake", "rmi", "--dry-run", "--with-containers", "alpine:3.13");
        assertSameAsDirect("--engine", "fake", "rmi", "no-such-image:1");
        assertSameAsDirect("--engine", "fake", "rmi", "bad::ref");

        assertThat(direct("--engine", "fake", "pull", "nginx:alpine").exitCode()).isZero();
        Answer served = run("--engine", "fake", "rmi", "nginx:alpine");
        assertThat(served.notServed()).isNull();
        assertThat(served.code()).isZero();
        assertThat(served.out()).startsWith("Untagged: nginx:alpine\n").contains("Deleted: sha256:");
        assertThat(direct("--engine", "fake", "images", "nginx").out().lines()).as("removed").hasSize(1);
        assertThat(direct("--engine", "fake", "pull", "nginx:alpine").exitCode()).isZero();
        CliRun inItsOwn = direct("--engine", "fake", "rmi", "nginx:alpine");
        assertThat(served.out()).isEqualTo(inItsOwn.out());
        assertThat(served.err()).isEqualTo(inItsOwn.err());
    }

    @Test
    void aClientThatGoesAwayInterruptsItsCommandOnlyWhileItRuns() throws Exception {
        Path address = dir.resolve("watch.sock");
        try (ServerSocketChannel listening = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            listening.bind(UnixDomainSocketAddress.of(address));
            SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(address));
            try (SocketChannel accepted = listening.accept()) {
                Cancellation cancellation = new Cancellation();
                boolean[] cutOff = new boolean[1];
                cancellation.onCancel(() -> cutOff[0] = true);
                ResidentServer.ClientWatch watch = ResidentServer.ClientWatch.start(accepted, cancellation);
                client.close();
                assertThatThrownBy(() -> Thread.sleep(10_000)).as("interrupted when the client closed")
                        .isInstanceOf(InterruptedException.class);
                assertThat(watch.clientGone()).isTrue();
                assertThat(cutOff[0]).as("the command's engine connections were closed").isTrue();
                watch.close();
            } finally {
                Thread.interrupted();
            }

            SocketChannel staying = SocketChannel.open(UnixDomainSocketAddress.of(address));
            try (SocketChannel accepted = listening.accept()) {
                Cancellation cancellation = new Cancellation();
                ResidentServer.ClientWatch watch = ResidentServer.ClientWatch.start(accepted, cancellation);
                watch.close(); // the command ended first
                staying.close();
                Thread.sleep(300);
                assertThat(Thread.currentThread().isInterrupted()).as("no interrupt after the command ended").isFalse();
                assertThat(watch.clientGone()).isFalse();
                assertThat(cancellation.cancelled()).isFalse();
            }
        }
    }

    @Test
    void anEngineThatIsDownGetsTheSameLineAndCode() throws IOException {
        Path missing = dir.resolve("no-daemon.sock");
        Map<String, String> env = new HashMap<>(env());
        env.put("DOCKER_HOST", "unix://" + missing);
        CliRun expected = CliRun.run(cli(false), env, "--engine", "docker", "images");
        Answer served = ask('R', INSTALLATION, env, "--engine", "docker", "images");

        assertThat(expected.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(served.code()).isEqualTo(expected.exitCode());
        assertThat(served.err()).isEqualTo(expected.err()).contains(missing.toString());
    }

    @Test
    void commandsThatChangeThingsAnswerAsTheSameSequenceRunInJvmsOfTheirOwn() throws IOException {
        Map<String, String> direct = env();
        Map<String, String> served = new HashMap<>(env());
        Path other = dir.resolve("served");
        served.put("IMGCTL_FAKE_STATE", other.resolve("state.json").toString());
        served.put("XDG_STATE_HOME", other.resolve("xdg").toString());
        served.put("IMGCTL_LOCK_DIR", other.resolve("lock").toString());
        List<String[]> lines = List.of(
                new String[] {"--engine", "fake", "pull", "alpine:3.13"},
                new String[] {"--engine", "fake", "pull", "node:alpine3.13"},
                new String[] {"--engine", "fake", "tag", "alpine:3.13", "mine:1"},
                new String[] {"--engine", "fake", "run", "--name", "one", "alpine:3.13", "echo", "hi"},
                new String[] {"--engine", "fake", "run", "--name", "one", "alpine:3.13"},
                new String[] {"--engine", "fake", "rm", "-f", "one"},
                new String[] {"--engine", "fake", "rm", "no-such-container"},
                new String[] {"--engine", "fake", "prune", "--unused", "--dry-run"},
                new String[] {"--engine", "fake", "prune", "--dangling"},
                new String[] {"--engine", "fake", "rmi", "mine:1"},
                new String[] {"--verbose", "--engine", "fake", "images"},
                new String[] {"completion", "bash"},
                new String[] {"--help"},
                new String[] {},
                new String[] {"no-such-command"},
                new String[] {"--engine", "docker", "--host", "unix://", "images"});
        for (String[] line : lines) {
            CliRun expected = CliRun.run(cli(false), direct, line);
            Answer answer = ask('R', INSTALLATION, served, line);
            String what = String.join(" ", line);
            assertThat(answer.notServed()).as("not served: %s", what).isNull();
            assertThat(answer.code()).as("exit code of %s", what).isEqualTo(expected.exitCode());
            assertThat(answer.out()).as("stdout of %s", what).isEqualTo(expected.out());
            // a new container's ID is random in either JVM
            assertThat(randomIds(answer.err())).as("stderr of %s", what).isEqualTo(randomIds(expected.err()));
        }
        assertThat(CliRun.run(cli(false), served, "--engine", "fake", "images", "-q").out().lines())
                .as("the served pulls happened").hasSize(2);
    }

    private static String randomIds(String text) {
        return text.replaceAll("\\b[0-9a-f]{64}\\b", "<container id>");
    }

    @Test
    void onlyWhatAJvmOfTheServersOwnCannotDoIsLeftToAJvm() throws IOException {
        Map<String, String> relative = new HashMap<>(env());
        relative.put("IMGCTL_FAKE_STATE", "state.json");
        assertThat(ask('R', INSTALLATION, relative, "--engine", "fake", "images").notServed())
                .isEqualTo("IMGCTL_FAKE_STATE is a relative path");
        Map<String, String> relativeHost = new HashMap<>(env());
        relativeHost.put("DOCKER_HOST", "unix://docker.sock");
        assertThat(ask('R', INSTALLATION, relativeHost, "images").notServed()).contains("relative path");
        assertThat(run("--host", "unix://relative.sock", "images").notServed()).contains("relative path");

        Answer otherBuild = ask('R', "/opt/imgctl\n1700000001", env(), "ref", "alpine");
        assertThat(otherBuild.notServed()).contains("runs the installation /opt/imgctl@1700000000");
        assertThat(otherBuild.out()).isEmpty();
        assertThat(otherBuild.err()).isEmpty();
    }

    @Test
    void commandsRunAtOnceEachGetTheirOwnAnswer() throws Exception {
        assertThat(direct("--engine", "fake", "pull", "alpine:3.13").exitCode()).isZero();
        String images = direct("--engine", "fake", "images").out();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String[] line = i % 2 == 0 ? new String[] {"--engine", "fake", "images"}
                        : new String[] {"ref", "--format", "json", "localhost:5000/team/app:" + i};
                answers.add(pool.submit(() -> run(line)));
            }
            for (int i = 0; i < answers.size(); i++) {
                Answer answer = answers.get(i).get(30, TimeUnit.SECONDS);
                assertThat(answer.code()).isZero();
                if (i % 2 == 0) {
                    assertThat(answer.out()).isEqualTo(images);
                } else {
                    assertThat(answer.out()).contains("\"localhost:5000/team/app:" + i + "\"")
                            .doesNotContain("app:" + (i + 2) + "\"");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void statusCountsTheListingsAnsweredFromWhatTheServerKeeps() throws Exception {
        server.close();
        serving.join(10_000);
        server = ResidentServer.bind(socket, INSTALLATION, Duration.ZERO,
                new ListingMemory(Duration.ofMillis(750)), this::cliFor);
        serving = new Thread(server::serve, "test-resident");
        serving.start();

        assertThat(ask('P', INSTALLATION, env()).out()).contains("  listings that take 750 ms or more (any where the events "
                + "are quick to read) are kept while the engine's events show no change to them; 0 answered from them\n");
    }

    @Test
    void statusSaysWhatRunsAndStopRemovesTheSocketAndEndsServing() throws Exception {
        run("ref", "alpine");
        Answer status = ask('P', INSTALLATION, env());
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("pid " + ProcessHandle.current().pid(), socket.toString(),
                "installation /opt/imgctl\n", "1 commands served", "no idle limit");
        assertThat(ask('P', "/elsewhere\n1", env()).out()).contains("a different build");
        assertThat(status.out()).doesNotContain("listings");

        Answer stop = ask('S', INSTALLATION, env());
        assertThat(stop.code()).isZero();
        assertThat(stop.out()).startsWith("stopped the resident server");
        serving.join(10_000);
        assertThat(serving.isAlive()).isFalse();
        assertThat(socket).doesNotExist();
        assertThat(server.listening()).isFalse();
    }

    @Test
    void anIdleServerStopsByItself() throws Exception {
        server.close();
        serving.join(10_000);
        startServer(Duration.ofMillis(300));
        assertThat(run("ref", "alpine").code()).isZero();
        serving.join(30_000);
        assertThat(serving.isAlive()).as("still serving after the idle limit").isFalse();
        assertThat(socket).doesNotExist();
    }

    @Test
    void aBrokenRequestEndsOnlyItsOwnConnection() throws IOException {
        for (byte[] bad : List.of(new byte[] {'Z', 0, 0, 0, 0}, new byte[] {'A', 0x7f, 0, 0, 0}, new byte[] {'A', 0, 0})) {
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                Channels.newOutputStream(channel).write(bad);
                channel.shutdownOutput();
                assertThat(Channels.newInputStream(channel).read()).as("an answer to a broken request").isEqualTo(-1);
            }
        }
        assertThat(run("ref", "alpine").code()).isZero();
    }

    @Test
    void theSocketAndItsDirectoryAreOwnerOnlyAndOneServerListensAtATime() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
        assertThatThrownBy(() -> ResidentServer.bind(socket, INSTALLATION, Duration.ZERO, ListingMemory.none(), this::cliFor))
                .isInstanceOf(IOException.class).hasMessageContaining("already listens on " + socket);

        Path open = dir.resolve("open");
        Files.createDirectories(open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> ResidentServer.bind(open.resolve("s.sock"), INSTALLATION, Duration.ZERO, ListingMemory.none(), this::cliFor))
                .isInstanceOf(IOException.class).hasMessageContaining("can be written by others");
    }

    @Test
    void aSocketLeftByAServerThatIsGoneIsReplaced() throws IOException {
        Path stale = dir.resolve("stale").resolve("resident.sock");
        Files.createDirectories(stale.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            gone.bind(UnixDomainSocketAddress.of(stale));
        }
        assertThat(stale).exists();
        try (ResidentServer replacement = ResidentServer.bind(stale, INSTALLATION, Duration.ZERO, ListingMemory.none(), this::cliFor)) {
            assertThat(replacement.listening()).isTrue();
        }
        assertThat(stale).doesNotExist();
    }
}
