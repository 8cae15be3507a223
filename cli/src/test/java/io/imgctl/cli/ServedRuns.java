package io.imgctl.cli;

import io.imgctl.application.service.ListingMemory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the CLI's tests run a command line: in this process through {@link Cli#run}, or, when the system
 * property {@value #PROPERTY} is true (the cli module's second test run), through a real resident server
 * on a UNIX socket, spoken to with the frames {@code lib/resident.pl} sends. The same assertions then
 * hold a served command to what a JVM of its own prints: same stdout and stderr bytes, same exit code.
 *
 * <p>The server runs each command with the {@link Cli} its test built (a test's own wiring or clock),
 * named by a token in the command's environment ({@value #TOKEN}); nothing else differs from production.
 */
public final class ServedRuns {

    static final String PROPERTY = "imgctl.test.served";
    static final String TOKEN = "IMGCTL_TEST_CLI";
    private static final String INSTALLATION = "imgctl-tests\n0";
    private static final Map<String, Cli> CLIS = new ConcurrentHashMap<>();
    private static Path socket;

    private ServedRuns() {
    }

    /** Whether this test run serves its commands. */
    public static boolean served() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** {@link Main#run}, or the same command line served. */
    public static int main(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        return run(Cli.standard(), out, err, env, args);
    }

    /** {@code cli.run(...)}, or the same command line served with {@code cli}. */
    static int run(Cli cli, PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        if (!served()) {
            return cli.run(out, err, env, args);
        }
        String token = UUID.randomUUID().toString();
        CLIS.put(token, cli);
        Map<String, String> tokened = new HashMap<>(env);
        tokened.put(TOKEN, token);
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(server()))) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            ResidentFrames.write(request, 'I', INSTALLATION);
            ResidentFrames.write(request, 'T', cli.terminal() ? "1" : "0");
            for (Map.Entry<String, String> e : tokened.entrySet()) {
                ResidentFrames.write(request, 'E', e.getKey() + "=" + e.getValue());
            }
            for (String arg : args) {
                ResidentFrames.write(request, 'A', arg);
            }
            ResidentFrames.write(request, 'R', "");
            Channels.newOutputStream(channel).write(request.toByteArray());
            return answer(Channels.newInputStream(channel), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            CLIS.remove(token);
        }
    }

    private static int answer(InputStream in, PrintStream out, PrintStream err) throws IOException {
        for (ResidentFrames.Frame frame; (frame = ResidentFrames.read(in)) != null; ) {
            switch (frame.type()) {
                case 'O' -> out.write(frame.payload());
                case 'E' -> err.write(frame.payload());
                case 'X' -> {
                    out.flush();
                    err.flush();
                    return Integer.parseInt(frame.text());
                }
                case 'F' -> throw new AssertionError("the resident server did not serve the command: " + frame.text());
                default -> throw new AssertionError("unknown frame " + frame.type());
            }
        }
        throw new AssertionError("the resident server closed the connection without an exit code");
    }

    private static synchronized Path server() throws IOException {
        if (socket == null) {
            Path dir = Files.createTempDirectory("imgctl-served-tests-");
            Path at = dir.resolve("run").resolve("resident.sock");
            ResidentServer server = ResidentServer.bind(at, INSTALLATION, Duration.ZERO, ListingMemory.none(),
                    request -> {
                        String token = request.env().get(TOKEN);
                        Cli cli = token == null ? null : CLIS.get(token);
                        return cli != null ? cli.withTerminal(request.terminal()) : Cli.standard();
                    });
            Thread serving = new Thread(server::serve, "imgctl-served-tests");
            serving.setDaemon(true);
            serving.start();
            socket = at;
        }
        return socket;
    }
}
