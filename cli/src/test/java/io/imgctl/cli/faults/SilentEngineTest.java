package io.imgctl.cli.faults;

import io.imgctl.cli.ServedRuns;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that accepts connections and never answers (a hung daemon): every ordinary call gives up
 * after {@code IMGCTL_TIMEOUT} seconds of silence with one line and exit 3, on Docker and Podman, over a
 * UNIX socket and over TCP. Without a timeout these commands would wait forever.
 */
class SilentEngineTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** Accepts every connection and keeps it open, reading nothing and writing nothing. */
    private void acceptForever(ServerSocketChannel server) {
        open.add(server);
        Thread thread = new Thread(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel connection = server.accept();
                    open.add(connection);
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return; // closed at the end of the test
                }
            }
        }, "silent-engine");
        thread.setDaemon(true);
        thread.start();
    }

    private String silentUnixSocket() throws IOException {
        Path socket = dir.resolve("silent.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptForever(server);
        return "unix://" + socket;
    }

    private String silentTcpPort() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptForever(server);
        return "tcp://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run imgctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = ServedRuns.main(o, e, Map.of("HOME", dir.toString(), "IMGCTL_TIMEOUT", "1"), args);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void assertTimesOut(String engine, String endpoint, String action, String... command) {
        String[] args = new String[command.length + 4];
        args[0] = "--engine";
        args[1] = engine;
        args[2] = "--host";
        args[3] = endpoint;
        System.arraycopy(command, 0, args, 4, command.length);
        int before = accepted.get();

        Run run = imgctl(args);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).as(run.err()).singleElement().asString()
                .startsWith("Error: Tried to " + action + " on " + engine + " at " + endpoint)
                .contains(" but it did not answer (it sent nothing for 1 s, the limit for an ordinary call; IMGCTL_TIMEOUT"
                        + " changes it). Start it with: ");
        assertThat(accepted.get()).as("the engine accepted the connection").isGreaterThan(before);
    }

    @Test
    void dockerOverAUnixSocket() throws IOException {
        String socket = silentUnixSocket();
        assertTimesOut("docker", socket, "list images", "images");
        assertTimesOut("docker", socket, "list containers", "ps", "-a");
    }

    @Test
    void dockerOverTcp() throws IOException {
        String port = silentTcpPort();
        assertTimesOut("docker", port, "list images", "images");
        assertTimesOut("docker", port, "list images", "rmi", "localhost:5000/imgctl/base:1");
    }

    @Test
    void podmanOverAUnixSocket() throws IOException {
        String socket = silentUnixSocket();
        assertTimesOut("podman", socket, "list images", "images");
        assertTimesOut("podman", socket, "list containers", "ps", "-a");
    }

    @Test
    void podmanOverTcp() throws IOException {
        String port = silentTcpPort();
        assertTimesOut("podman", port, "list images", "images");
        assertTimesOut("podman", port, "list images", "prune", "--dry-run");
    }
}
