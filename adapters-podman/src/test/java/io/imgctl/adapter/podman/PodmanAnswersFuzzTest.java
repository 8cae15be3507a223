package io.imgctl.adapter.podman;

import io.imgctl.application.testsupport.ScriptedDaemon;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
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
 * Fuzzes what the Podman adapter reads from the service: whatever answers come back (HTTP through
 * okhttp and junixsocket, libpod's JSON for lists, inspect, history and removal reports, the
 * compatible pull and push streams, error bodies, log frames, wait's plain-text exit code), the
 * engine's port either returns valid domain values or throws an {@link EngineException} whose
 * message is one line. Nothing else may escape.
 *
 * <p>{@link #engine} drives the real engine against a {@link ScriptedDaemon} on a UNIX socket: the
 * first line names the operation, the rest are the raw HTTP answers, separated by
 * {@link ScriptedDaemon#SEPARATOR}. The other fuzzers feed the parsers directly; each documents what
 * it may throw.
 *
 * <p>Seeds (under {@code src/test/resources/io/imgctl/adapter/podman/PodmanAnswersFuzzTestInputs/})
 * are answers recorded from Podman 4.3.1, from this module's {@code libpod/} test resources.
 */
class PodmanAnswersFuzzTest {

    static final ImageReference REF = ImageReference.parse("localhost:5000/imgctl/base:1");
    static final ImageReference DIGEST_REF = ImageReference.parse(
            "localhost:5000/imgctl/base@sha256:7a34fda778ba28e2e33ef79afc8980c9cf9b8d6d146660cfb2c8e4ff6f2fc151");
    static final ImageId ID = ImageId.parse("e5127295de3e4816b8bd5692539678d7c0a382d8bfe84138d1f0152d005c790d");
    static final String CONTAINER = "podprobe-c1";

    /** What {@link #engine} can ask, named on an input's first line. */
    enum Operation {
        LIST_IMAGES, FIND_IMAGE, LIST_CONTAINERS, FIND_CONTAINER, CREATE_CONTAINER, REMOVE_CONTAINER, PULL, PUSH,
        DELETE_IMAGE, FORCE_DELETE_IMAGE, UNTAG, UNTAG_DIGEST, TAG, LOGS, WAIT, INFO, PING, SNAPSHOT, COMMIT
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path dir;
    private static ScriptedDaemon daemon;
    private static ContainerEngine podman;

    @BeforeAll
    static void start() throws IOException {
        // Not @TempDir: a UNIX socket path must stay short (108 bytes).
        dir = Files.createTempDirectory("imgctl-fuzz");
        daemon = new ScriptedDaemon(dir.resolve("p.sock"));
        podman = PodmanEngines.create(new EngineSettings(Optional.of("unix://" + daemon.socket()),
                Map.of("HOME", dir.toString(), "XDG_RUNTIME_DIR", dir.toString(), "DOCKER_CONFIG", dir.toString()),
                false));
    }

    @AfterAll
    static void stop() throws IOException {
        daemon.close();
        Files.deleteIfExists(dir);
    }

    /** The harness itself: a recorded answer, served by the scripted daemon, reaches the engine and maps. */
    @Test
    void aRecordedListingServedByTheScriptedDaemonMaps() throws IOException {
        byte[] seed;
        try (InputStream in = PodmanAnswersFuzzTest.class.getResourceAsStream("PodmanAnswersFuzzTestInputs/engine/list-images")) {
            seed = in.readAllBytes();
        }
        int newline = indexOf(seed, (byte) '\n');
        assertThat(operation(new String(seed, 0, newline, StandardCharsets.ISO_8859_1))).isEqualTo(Operation.LIST_IMAGES);
        daemon.script(ScriptedDaemon.split(seed, newline + 1));
        assertThat(podman.listImages()).hasSizeGreaterThan(1).allSatisfy(i -> assertThat(i.id()).isNotNull());
        assertThat(daemon.connections()).isEqualTo(1);
    }

    @FuzzTest(maxDuration = "30s")
    @DictionaryFile(resourcePath = "/io/imgctl/adapter/podman/PodmanAnswersFuzzTest.dict")
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
        return switch (op) {
            case LIST_IMAGES -> podman.listImages();
            case FIND_IMAGE -> podman.findImage(REF.familiar());
            case LIST_CONTAINERS -> podman.listContainers();
            case FIND_CONTAINER -> podman.findContainer(CONTAINER);
            case CREATE_CONTAINER -> podman.createContainer(new ContainerSpec(REF, Optional.of(CONTAINER), List.of("true")));
            case REMOVE_CONTAINER -> {
                podman.removeContainer(CONTAINER, true);
                yield "removed";
            }
            case PULL -> podman.pull(REF, events::add);
            case PUSH -> podman.push(REF, events::add);
            case DELETE_IMAGE -> podman.deleteImage(ID, false);
            case FORCE_DELETE_IMAGE -> podman.deleteImage(ID, true);
            case UNTAG -> podman.untag(REF);
            case UNTAG_DIGEST -> podman.untag(DIGEST_REF);
            case TAG -> {
                podman.tag(ID, REF);
                yield "tagged";
            }
            case LOGS -> podman.logs(CONTAINER);
            case WAIT -> podman.waitContainer(CONTAINER);
            case INFO -> podman.info();
            case PING -> {
                podman.ping();
                yield "pinged";
            }
            case SNAPSHOT -> podman.snapshot();
            case COMMIT -> podman.commit(CONTAINER, REF);
        };
    }

    /**
     * The compatible pull stream read directly, as the engine reads it: records in, events out; an
     * in-band error comes back as a message (the engine throws it as a registry failure); bytes that are
     * not JSON are an {@link IOException} (the engine reports the answer breaking off).
     */
    @FuzzTest(maxDuration = "30s")
    void pullStream(byte[] input) {
        List<PullEvent> events = new ArrayList<>();
        PullStream stream = new PullStream(events::add);
        try (JsonParser parser = MAPPER.getFactory().createParser(input);
             MappingIterator<JsonNode> it = MAPPER.readValues(parser, JsonNode.class)) {
            while (it.hasNextValue()) {
                Optional<String> error = stream.accept(it.nextValue());
                if (error.isPresent()) {
                    assertThat(error.get()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
                    return;
                }
            }
        } catch (IOException e) {
            return;
        }
        int streamed = events.size();
        stream.finish(Optional.of(ID.shortId()));
        events.forEach(e -> assertThat(e.current()).isNotNegative());
        events.forEach(e -> assertThat(e.total()).isNotNegative());
        // finish() reports downloaded layers as pulled, never the image's config blob (Podman reports it as a layer).
        assertThat(events.subList(streamed, events.size()))
                .noneMatch(e -> e.layer().equals(Optional.of(ID.shortId())) && e.status().equals("Pull complete"));
    }

    /**
     * Error answers: the first two bytes are the HTTP status, the rest the body. Always a typed
     * exception with a one-line message, never a failure while making it.
     */
    @FuzzTest(maxDuration = "30s")
    void errorBody(byte[] input) {
        int status = input.length < 2 ? 500 : 400 + ((input[0] & 0xff) << 8 | (input[1] & 0xff)) % 200;
        String body = input.length < 2 ? "" : new String(input, 2, input.length - 2, StandardCharsets.UTF_8);
        EngineException e = PodmanErrors.fromResponse("inspect image x", status, body, MAPPER);
        assertOneLine(e);
        assertThat(e.getMessage()).startsWith("Tried to inspect image x on podman but failed because ");
    }

    /** Multiplexed log frames: any bytes give text, never a failure. */
    @FuzzTest(maxDuration = "30s")
    void logFrames(byte[] input) {
        assertThat(LogFrames.text(input)).isNotNull();
    }

    /**
     * What the engine makes of a user's image name or ID before it goes into a request path: never
     * something that leaves the path segment ({@code ..}, a query, a fragment, a space).
     */
    @FuzzTest(maxDuration = "30s")
    void lookupName(byte[] input) {
        Optional<String> name = PodmanContainerEngine.lookupName(new String(input, StandardCharsets.UTF_8));
        name.ifPresent(n -> assertThat(n).isNotEmpty().doesNotContain("..").doesNotContain("?").doesNotContain("#")
                .doesNotContain(" ").doesNotContain("%"));
    }

    static void assertOneLine(RuntimeException e) {
        assertThat(e.getMessage()).as("the error's message").isNotBlank().doesNotContain("\n").doesNotContain("\r");
    }
}
