package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Podman faults end to end through {@link Main#run} (or the resident server, see {@link io.imgctl.cli.ServedRuns}): {@code --engine podman} against a missing socket,
 * and {@code --host tcp://} to okhttp's MockWebServer answering as Podman 4.3.1 does (or failing as it
 * can). Each fault gives one {@code Error:} line and SPEC 4.8's exit code; a stack trace only with
 * {@code --verbose}.
 */
class PodmanFaultsTest {

    private static final String L = "/v4.0.0/libpod";
    /** Recorded from Podman 4.3.1: a pull of a tag the registry does not have answers 200 with this record. */
    private static final String PULL_MISSING = "{\"progressDetail\":{},\"errorDetail\":{\"message\":\"initializing source "
            + "docker://localhost:5000/imgctl/missing:1: reading manifest 1 in localhost:5000/imgctl/missing: manifest "
            + "unknown: manifest unknown\"},\"error\":\"initializing source docker://localhost:5000/imgctl/missing:1: reading "
            + "manifest 1 in localhost:5000/imgctl/missing: manifest unknown: manifest unknown\"}\n";
    private static final String PULL_PROGRESS = "{\"status\":\"Already exists\",\"progressDetail\":{},\"id\":\"94c3a1c4a1e4\"}\n"
            + "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"2b789d47d07d\"}\n"
            + "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"2b789d47d07d\"}\n"
            + "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"96b09a336a2f\"}\n"
            + "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"96b09a336a2f\"}\n";

    /** MockWebServer warns about each connection dropped on purpose here. */
    private static final Logger QUIET = Logger.getLogger(MockWebServer.class.getName());

    static {
        QUIET.setLevel(Level.SEVERE);
    }

    private final MockWebServer podman = new MockWebServer();
    private final Map<String, Supplier<MockResponse>> routes = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private volatile boolean stopped;

    @TempDir
    Path home;

    @BeforeEach
    void start() throws IOException {
        podman.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse peek() {
                return stopped ? new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START) : super.peek();
            }

            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getRequestUrl() == null) {
                    return new MockResponse(); // MockWebServer's record of a connection dropped at its start
                }
                String route = request.getMethod() + " /" + String.join("/", request.getRequestUrl().pathSegments());
                synchronized (requests) {
                    requests.add(route);
                }
                if (stopped) {
                    return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
                }
                Supplier<MockResponse> answer = routes.get(route);
                return answer != null ? answer.get()
                        : libpod(404, "{\"cause\":\"failed to find image\",\"message\":\"image not known\",\"response\":404}");
            }
        });
        podman.start(InetAddress.getLoopbackAddress(), 0);
        on("GET " + L + "/_ping", () -> libpod(200, "OK"));
        on("GET " + L + "/version", () -> libpod(200, "{\"Version\":\"4.3.1\",\"ApiVersion\":\"4.3.1\"}"));
    }

    @AfterEach
    void stop() throws IOException {
        podman.shutdown();
    }

    private void on(String route, Supplier<MockResponse> answer) {
        routes.put(route, answer);
    }

    private static MockResponse libpod(int status, String body) {
        return new MockResponse().setResponseCode(status).addHeader("Libpod-Api-Version", "4.3.1").setBody(body);
    }

    private static MockResponse stream(String ndjson) {
        return new MockResponse().setResponseCode(200).addHeader("Libpod-Api-Version", "4.3.1").setChunkedBody(ndjson, 128);
    }

    private CliRun imgctl(String... args) {
        return imgctl(Map.of("HOME", home.toString()), args);
    }

    private CliRun imgctl(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = ServedRuns.main(o, e, env, args);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String host() {
        return "tcp://127.0.0.1:" + podman.getPort();
    }

    private static void assertOneErrorLine(CliRun run) {
        assertThat(run.errLines()).as(run.err()).filteredOn(l -> l.startsWith("Error")).hasSize(1);
        assertThat(run.err()).as("no stack trace without --verbose").doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aMissingSocketExitsThreeWithOneLineNamingItAndHowToStartTheService() {
        String socket = home.resolve("podman.sock").toString();

        CliRun byHost = imgctl("--engine", "podman", "--host", "unix://" + socket, "images");
        CliRun byEnv = imgctl(Map.of("HOME", home.toString(), "CONTAINER_HOST", "unix://" + socket), "--engine", "podman", "images");

        for (CliRun run : List.of(byHost, byEnv)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
            assertThat(run.errLines()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("Error: Tried to ")
                    .contains("on podman at unix://" + socket + " but it did not answer (the socket " + socket + " does not exist)")
                    .endsWith("Start it with: podman system service --time=0 unix://" + socket));
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void aPullErrorInsideA200StreamExitsOneWithPodmansMessageOnOneLine() {
        on("POST /v1.41/images/create", () -> stream(PULL_MISSING));

        CliRun run = imgctl("--engine", "podman", "--host", host(), "pull", "localhost:5000/imgctl/missing:1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertOneErrorLine(run);
        assertThat(run.errLines()).filteredOn(l -> l.startsWith("Error")).singleElement().satisfies(line -> assertThat(line)
                .startsWith("Error: Tried to pull localhost:5000/imgctl/missing:1 on podman but failed because initializing source")
                .endsWith("manifest unknown: manifest unknown"));
        assertThat(requests).contains("POST /v1.41/images/create");
    }

    @Test
    void a500FromTheServiceExitsOneWithItsMessageOnOneLine() {
        on("GET " + L + "/images/json", () -> libpod(500,
                "{\"cause\":\"layer not known\",\"message\":\"listing images: reading layer abc: layer not known\",\"response\":500}"));

        CliRun run = imgctl("--engine", "podman", "--host", host(), "images");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("Error: Tried to list images on podman but failed because listing images: "
                + "reading layer abc: layer not known (HTTP 500)");
        assertOneErrorLine(run);
    }

    @Test
    void aServiceThatStopsMidPullExitsThreeWithOneLineAndTheStackTraceOnlyWithVerbose() {
        on("POST /v1.41/images/create", () -> {
            stopped = true; // every connection after this answer, which breaks halfway, is dropped
            return stream(PULL_PROGRESS).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
        });

        CliRun run = imgctl("--engine", "podman", "--host", host(), "pull", "localhost:5000/imgctl/derived:1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertOneErrorLine(run);
        assertThat(run.errLines()).filteredOn(l -> l.startsWith("Error")).singleElement().satisfies(line -> assertThat(line)
                .startsWith("Error: Tried to pull localhost:5000/imgctl/derived:1 on podman at " + host()
                        + " but the service stopped while answering (")
                .endsWith("and no longer answers. Start it with: podman system service --time=0 " + host()));

        stopped = false;
        CliRun verbose = imgctl("--engine", "podman", "--host", host(), "--verbose", "pull", "localhost:5000/imgctl/derived:1");
        assertThat(verbose.exitCode()).as(verbose.err()).isEqualTo(3);
        assertThat(verbose.err()).contains("EngineUnavailableException").contains("\tat io.imgctl.adapter.podman.PodmanHttp");
    }

    @Test
    void aConnectionThatBreaksMidPullWhileTheServiceStillAnswersExitsOne() {
        on("POST /v1.41/images/create", () -> stream(PULL_PROGRESS).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));

        CliRun run = imgctl("--engine", "podman", "--host", host(), "pull", "localhost:5000/imgctl/derived:1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertOneErrorLine(run);
        assertThat(run.errLines()).filteredOn(l -> l.startsWith("Error")).singleElement().satisfies(line -> assertThat(line)
                .contains("but failed because the connection broke while reading the answer ("));
    }
}
