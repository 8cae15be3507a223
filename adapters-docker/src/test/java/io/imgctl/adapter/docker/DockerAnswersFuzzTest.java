package io.imgctl.adapter.docker;

import io.imgctl.application.testsupport.ScriptedDaemon;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what the Docker adapter reads from the daemon: whatever answers come back (status line,
 * headers, chunking, JSON lists and inspect answers, pull and push progress streams, removal records,
 * error bodies, log frames), the engine's port either returns valid domain values or throws an
 * {@link EngineException} whose message is one line. Nothing else may escape: no
 * {@code IllegalArgumentException} from a malformed ID, no {@code InvalidReferenceException} (which
 * the CLI would blame on the user), no {@code NullPointerException}.
 *
 * <p>{@link #engine} drives the real engine through its real transport against a {@link ScriptedDaemon}
 * on a UNIX socket: the first line names the operation, the rest are the raw HTTP answers, separated
 * by {@link ScriptedDaemon#SEPARATOR}. The other fuzzers feed the stream and body parsers directly;
 * each documents what it may throw.
 *
 * <p>Seeds (under {@code src/test/resources/io/imgctl/adapter/docker/DockerAnswersFuzzTestInputs/})
 * are answers recorded from Docker 20.10, from this module's test resources.
 */
class DockerAnswersFuzzTest {

    static final ImageReference REF = ImageReference.parse("localhost:5000/imgctl/base:1");
    static final ImageId ID = ImageId.parse("sha256:" + "a".repeat(64));
    static final String CONTAINER = "c1";

    /** What {@link #engine} can ask, named on an input's first line. */
    enum Operation {
        LIST_IMAGES, FIND_IMAGE, LIST_CONTAINERS, FIND_CONTAINER, PULL, PUSH, DELETE_IMAGE, FORCE_DELETE_IMAGE,
        UNTAG, LOGS, WAIT, INFO, PING, SNAPSHOT, COMMIT
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path dir;
    private static ScriptedDaemon daemon;
    private static ContainerEngine docker;
    private static DockerConnection connection;

    @BeforeAll
    static void start() throws IOException {
        // Not @TempDir: a UNIX socket path must stay short (108 bytes).
        dir = Files.createTempDirectory("imgctl-fuzz");
        daemon = new ScriptedDaemon(dir.resolve("d.sock"));
        Path config = Files.createDirectories(dir.resolve("docker-config"));
        EngineSettings settings = new EngineSettings(Optional.of("unix://" + daemon.socket()),
                Map.of("DOCKER_CONFIG", config.toString(), "HOME", dir.toString()), false);
        docker = new DockerContainerEngine(settings);
        DockerConfigDir configDir = DockerConfigDir.of(settings);
        connection = DockerConnection.open(DockerEndpoint.resolve(settings, configDir), configDir, false,
                java.time.Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws IOException {
        connection.close();
        daemon.close();
        Files.deleteIfExists(dir.resolve("docker-config"));
        Files.deleteIfExists(dir);
    }

    /** The harness itself: a recorded answer, served by the scripted daemon, reaches the engine and maps. */
    @Test
    void aRecordedListingServedByTheScriptedDaemonMaps() throws IOException {
        byte[] seed;
        try (InputStream in = DockerAnswersFuzzTest.class.getResourceAsStream("DockerAnswersFuzzTestInputs/engine/list-images")) {
            seed = in.readAllBytes();
        }
        int newline = indexOf(seed, (byte) '\n');
        assertThat(operation(new String(seed, 0, newline, StandardCharsets.ISO_8859_1))).isEqualTo(Operation.LIST_IMAGES);
        daemon.script(ScriptedDaemon.split(seed, newline + 1));
        assertThat(docker.listImages()).hasSizeGreaterThan(1).allSatisfy(i -> assertThat(i.id()).isNotNull());
        assertThat(daemon.connections()).isEqualTo(1);
    }

    @FuzzTest(maxDuration = "30s")
    @DictionaryFile(resourcePath = "/io/imgctl/adapter/docker/DockerAnswersFuzzTest.dict")
    void engine(byte[] input) {
        int newline = indexOf(input, (byte) '\n');
        Operation op = operation(new String(input, 0, Math.max(0, newline), StandardCharsets.ISO_8859_1));
        daemon.script(ScriptedDaemon.split(input, newline + 1));
        try {
            Object result = run(op);
            assertThat(result).as(op + " result").isNotNull();
        } catch (EngineException e) {
            assertOneLine(e);
        }
    }

    /** The operation named on the first line ({@code pull}, {@code list_images}, ...); else one picked by its length. */
    static Operation operation(String line) {
        for (Operation op : Operation.values()) {
            if (op.name().equalsIgnoreCase(line.strip())) {
                return op;
            }
        }
        return Operation.values()[line.length() % Operation.values().length];
    }

    static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static Object run(Operation op) {
        List<PullEvent> events = new ArrayList<>();
        PullListener listener = events::add;
        return switch (op) {
            case LIST_IMAGES -> docker.listImages();
            case FIND_IMAGE -> docker.findImage(REF.familiar());
            case LIST_CONTAINERS -> docker.listContainers();
            case FIND_CONTAINER -> docker.findContainer(CONTAINER);
            case PULL -> docker.pull(REF, listener);
            case PUSH -> docker.push(REF, listener);
            case DELETE_IMAGE -> docker.deleteImage(ID, false);
            case FORCE_DELETE_IMAGE -> docker.deleteImage(ID, true);
            case UNTAG -> docker.untag(REF);
            case LOGS -> docker.logs(CONTAINER);
            case WAIT -> docker.waitContainer(CONTAINER);
            case INFO -> docker.info();
            case PING -> {
                docker.ping();
                yield "pinged";
            }
            case SNAPSHOT -> docker.snapshot();
            case COMMIT -> docker.commit(CONTAINER, REF);
        };
    }

    /**
     * The pull and push progress stream ({@code /images/create}, {@code /images/{name}/push}) read
     * directly: it ends, throws {@link ProgressStream.StreamError} for an in-band error, or an
     * {@link IOException} for bytes that are not JSON (the engine maps both to its typed errors);
     * what it remembers is valid.
     */
    @FuzzTest(maxDuration = "30s")
    void progressStream(byte[] input) {
        List<PullEvent> events = new ArrayList<>();
        ProgressStream stream = new ProgressStream(events::add);
        try {
            stream.readAll(new ByteArrayInputStream(input), MAPPER);
        } catch (ProgressStream.StreamError e) {
            assertThat(e.getMessage()).isNotBlank();
        } catch (IOException e) {
            // not JSON: the engine reports it as the daemon breaking off
        }
        assertThat(stream.size()).isGreaterThanOrEqualTo(-1);
        assertThat(stream.messages()).isGreaterThanOrEqualTo(events.size());
        stream.digest().ifPresent(d -> assertThat(d.toString()).startsWith(d.algorithm() + ":"));
        events.forEach(e -> assertThat(e.current()).isNotNegative());
        events.forEach(e -> assertThat(e.total()).isNotNegative());
    }

    /** Removal records ({@code DELETE /images/{name}}): any JSON gives records, never a failure. */
    @FuzzTest(maxDuration = "30s")
    void removalRecords(byte[] input) {
        JsonNode answer;
        try {
            answer = MAPPER.readTree(input);
        } catch (IOException e) {
            return;
        }
        if (answer == null) {
            return;
        }
        DockerContainerEngine.records(answer).forEach(r -> assertThat(r.value()).isNotNull());
    }

    /** Error bodies ({@code {"message":...}} or text): one line, never a failure. */
    @FuzzTest(maxDuration = "30s")
    void errorBody(byte[] input) {
        String message = connection.messageOf(new String(input, StandardCharsets.UTF_8));
        assertThat(message).doesNotContain("\n").doesNotContain("\r");
        assertThat(connection.failure("inspect image x", 500, message, null).getMessage())
                .doesNotContain("\n").doesNotContain("\r");
    }

    /** Multiplexed log frames: any bytes give text, never a failure. */
    @FuzzTest(maxDuration = "30s")
    void logStream(byte[] input) {
        assertThat(LogStreams.demultiplex(input)).isNotNull();
    }

    /**
     * HTTP answers on the UNIX-socket transport: an answer, whose body reads to its end, or an
     * {@link IOException} (which the connection reports as the daemon not answering), never anything else.
     */
    @FuzzTest(maxDuration = "30s")
    void httpAnswer(byte[] input) {
        try (var response = UnixSocketHttpClient.readResponse("GET", new ByteArrayInputStream(input), () -> { })) {
            assertThat(response.getStatusCode()).isBetween(0, Integer.MAX_VALUE);
            InputStream body = response.getBody();
            byte[] buffer = new byte[512];
            while (body.read(buffer, 0, buffer.length) >= 0) {
                // read it all, as the adapter does
            }
        } catch (IOException e) {
            // a broken answer: the typed error comes from DockerConnection
        }
    }

    static void assertOneLine(RuntimeException e) {
        assertThat(e.getMessage()).as("the error's message").isNotBlank().doesNotContain("\n").doesNotContain("\r");
    }
}
