package io.imgctl.cli.security;

import io.imgctl.cli.ServedRuns;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --host}, {@code DOCKER_HOST} and {@code CONTAINER_HOST} are checked before anything connects:
 * a scheme imgctl does not speak ({@code ftp://}, {@code http+foo://}, Podman given {@code http://}) is bad
 * usage, exit 2 with one line, never a connection somewhere else. A listening loopback socket at the
 * host and port the bad value names proves it: nothing ever connects to it. A malformed
 * {@code IMGCTL_TIMEOUT} is bad usage the same way.
 */
class EndpointSettingsTest {

    @TempDir
    Path home;

    private ServerSocketChannel listener;
    private String hostPort;

    @BeforeEach
    void listen() throws IOException {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        listener.configureBlocking(false);
        hostPort = "127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run imgctl(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("HOME", home.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = ServedRuns.main(o, e, env, args);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every connection the loopback listener was asked for since it opened. */
    private List<SocketChannel> connectionsMade() throws IOException {
        List<SocketChannel> accepted = new ArrayList<>();
        for (SocketChannel c = listener.accept(); c != null; c = listener.accept()) {
            accepted.add(c);
            c.close();
        }
        return accepted;
    }

    private void assertBadUsageWithoutAConnection(Run run, String... lineParts) throws IOException {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).as(run.err()).singleElement().satisfies(line -> {
            assertThat(line).startsWith("Error: Tried to ");
            for (String part : lineParts) {
                assertThat(line).contains(part);
            }
        });
        assertThat(connectionsMade()).as("connections to %s", hostPort).isEmpty();
    }

    @Test
    void anUnknownSchemeInHostIsExitTwoForEveryEngineChoice() throws IOException {
        for (String scheme : List.of("ftp", "http+foo", "ssh")) {
            String bad = scheme + "://" + hostPort;
            assertBadUsageWithoutAConnection(imgctl(Map.of(), "--host", bad, "images"), bad, "(from --host)");
            assertBadUsageWithoutAConnection(imgctl(Map.of(), "--engine", "docker", "--host", bad, "images"), bad,
                    "imgctl only speaks unix:// and tcp://");
            assertBadUsageWithoutAConnection(imgctl(Map.of(), "--engine", "podman", "--host", bad, "ps"), bad,
                    "only unix:// and tcp:// endpoints are supported");
        }
    }

    @Test
    void anUnknownSchemeInTheEnvironmentIsExitTwoToo() throws IOException {
        String ftp = "ftp://" + hostPort;
        String foo = "http+foo://" + hostPort;
        assertBadUsageWithoutAConnection(imgctl(Map.of("DOCKER_HOST", ftp), "images"), ftp, "(from DOCKER_HOST)");
        assertBadUsageWithoutAConnection(imgctl(Map.of("DOCKER_HOST", foo), "--engine", "docker", "rmi", "x:1"), foo,
                "(from DOCKER_HOST)");
        assertBadUsageWithoutAConnection(imgctl(Map.of("CONTAINER_HOST", foo), "images"), foo, "(from CONTAINER_HOST)");
        assertBadUsageWithoutAConnection(imgctl(Map.of("CONTAINER_HOST", ftp), "--engine", "podman", "prune"), ftp,
                "(from CONTAINER_HOST)");
        // Podman's service speaks plain HTTP over tcp://; an http:// value is not taken for it
        String http = "http://" + hostPort;
        assertBadUsageWithoutAConnection(imgctl(Map.of("CONTAINER_HOST", http), "--engine", "podman", "images"), http);
    }

    @Test
    void anEndpointWithoutASocketPathOrHostIsExitTwo() throws IOException {
        assertBadUsageWithoutAConnection(imgctl(Map.of(), "--engine", "docker", "--host", "unix://", "images"), "unix://");
        assertBadUsageWithoutAConnection(imgctl(Map.of(), "--engine", "podman", "--host", "unix:relative.sock", "images"),
                "absolute socket path");
        assertBadUsageWithoutAConnection(imgctl(Map.of(), "--engine", "podman", "--host", "tcp://127.0.0.1", "images"),
                "needs a host and a port");
    }

    @Test
    void aMalformedTimeoutIsExitTwoBeforeAnyConnection() throws IOException {
        for (String engine : List.of("docker", "podman")) {
            assertBadUsageWithoutAConnection(imgctl(Map.of("IMGCTL_TIMEOUT", "soon"), "--engine", engine, "--host",
                    "tcp://" + hostPort, "images"), "IMGCTL_TIMEOUT=soon", "whole number of seconds");
        }
    }

    @Test
    void theFakeEngineNeedsNoEndpointAndIgnoresTheEnvironmentsOnes() {
        Run run = imgctl(Map.of("DOCKER_HOST", "ftp://" + hostPort, "CONTAINER_HOST", "ftp://" + hostPort),
                "--engine", "fake", "images", "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
    }
}
