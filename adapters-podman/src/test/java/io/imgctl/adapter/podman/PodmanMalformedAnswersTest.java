package io.imgctl.adapter.podman;

import io.imgctl.application.testsupport.ScriptedDaemon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Answers that PodmanAnswersFuzzTest found crashing the engine with the domain's own exceptions or
 * breaking its one-line errors: each is now the service's failure, an {@link EngineFailureException}
 * in one line.
 */
class PodmanMalformedAnswersTest {

    private static final String HEX = "e5127295de3e4816b8bd5692539678d7c0a382d8bfe84138d1f0152d005c790d";
    private static final ImageReference REF = ImageReference.parse("localhost:5000/imgctl/base:1");

    private final Path dir;
    private final ScriptedDaemon daemon;
    private final ContainerEngine podman;

    PodmanMalformedAnswersTest() throws IOException {
        dir = Files.createTempDirectory("imgctl-answers");
        daemon = new ScriptedDaemon(dir.resolve("p.sock"));
        podman = PodmanEngines.create(new EngineSettings(Optional.of("unix://" + daemon.socket()),
                Map.of("HOME", dir.toString(), "XDG_RUNTIME_DIR", dir.toString()), false));
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
        Files.deleteIfExists(dir);
    }

    private void answer(String... bodies) {
        daemon.script(Arrays.stream(bodies)
                .map(b -> ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + b.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + b).getBytes(StandardCharsets.UTF_8))
                .toList());
    }

    @Test
    void anImageIdThatIsNoDigest() {
        answer("[{\"Id\":\"nope\",\"RepoTags\":[\"localhost:5000/imgctl/base:1\"]}]");

        assertThatThrownBy(podman::listImages)
                .isExactlyInstanceOf(EngineFailureException.class)
                .hasMessageStartingWith("Tried to list images on podman at unix://")
                .hasMessageEndingWith(" but failed because Podman's answer could not be read: "
                        + "IllegalArgumentException: invalid checksum digest length");
    }

    @Test
    void anAnswerThatIsNotJsonIsReportedInOneLine() {
        answer("[{\"Id\":\"" + HEX + "\", E}]");

        assertThatThrownBy(podman::listContainers)
                .isExactlyInstanceOf(EngineFailureException.class)
                .hasMessageContaining("Tried to list containers on podman at unix://")
                .hasMessageContaining("but failed because its answer was not valid JSON (Unexpected character ('E'")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aContainerWhoseIdIsNotHex() {
        answer("[{\"Id\":\"xyz\",\"ImageID\":\"" + HEX + "\",\"Names\":[\"c1\"],\"State\":\"exited\"}]");

        assertThatThrownBy(podman::listContainers)
                .isExactlyInstanceOf(EngineFailureException.class)
                .hasMessageContaining("Podman's answer could not be read: IllegalArgumentException: container ID must be 64 hex");
    }

    @Test
    void aRemovalReportNamingNoImage() {
        answer("{\"Deleted\":[\"not-an-id\"],\"Untagged\":[]}");

        assertThatThrownBy(() -> podman.deleteImage(ImageId.parse(HEX), false))
                .isExactlyInstanceOf(EngineFailureException.class)
                .hasMessageContaining("Tried to delete image e5127295de3e on podman at ")
                .hasMessageContaining("Podman's answer could not be read");
    }

    @Test
    void aCommitAnsweredWithoutAnId() {
        answer("{}");

        assertThatThrownBy(() -> podman.commit("c1", REF))
                .isExactlyInstanceOf(EngineFailureException.class)
                .hasMessageContaining("Tried to commit container c1 as localhost:5000/imgctl/base:1 on podman at ");
    }

    @Test
    void aPushSizeBeyondALongIsUnknown() {
        answer("{\"Id\":\"" + HEX + "\",\"RootFS\":{\"Layers\":[\"sha256:" + HEX + "\"]}}", // the image's layers
                "{\"status\":\"1: digest: sha256:" + HEX + " size: 99999999999999999999\"}\n");

        PushResult pushed = podman.push(REF, e -> { });

        assertThat(pushed.digest()).hasToString("sha256:" + HEX);
        assertThat(pushed.size()).isEqualTo(-1);
    }

    /** okhttp's own failure on a negative Content-Length (an IllegalArgumentException from okio). */
    @Test
    void aNegativeContentLength() {
        daemon.script(java.util.List.of(
                "HTTP/1.1 200 OK\r\nContent-Length: -6213559680026\r\n\r\nhello".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> podman.logs("c1"))
                .isExactlyInstanceOf(EngineFailureException.class)
                .hasMessageContaining("Tried to read the logs of container c1 on podman at ")
                .hasMessageContaining("its answer could not be read (IllegalArgumentException: ");
    }
}
