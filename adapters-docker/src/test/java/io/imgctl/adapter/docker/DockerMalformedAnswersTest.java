package io.imgctl.adapter.docker;

import io.imgctl.application.testsupport.ScriptedDaemon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.domain.image.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Answers that DockerAnswersFuzzTest found crashing the engine with the domain's own exceptions:
 * each is now the daemon's failure, an {@link EngineFailureException} in one line.
 */
class DockerMalformedAnswersTest {

    private static final String ID = "sha256:" + "a".repeat(64);
    private static final ImageReference REF = ImageReference.parse("localhost:5000/imgctl/base:1");

    private final Path dir;
    private final ScriptedDaemon daemon;
    private final ContainerEngine docker;

    DockerMalformedAnswersTest() throws IOException {
        dir = Files.createTempDirectory("imgctl-answers");
        daemon = new ScriptedDaemon(dir.resolve("d.sock"));
        docker = new DockerContainerEngine(new EngineSettings(Optional.of("unix://" + daemon.socket()),
                Map.of("DOCKER_CONFIG", dir.toString(), "HOME", dir.toString()), false));
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
        Files.deleteIfExists(dir);
    }

    private void answer(String... bodies) {
        daemon.script(java.util.Arrays.stream(bodies)
                .map(b -> ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + b).getBytes(StandardCharsets.UTF_8))
                .toList());
    }

    @Test
    void anImageIdThatIsNoDigest() {
        answer("[{\"Id\":\"sha256:nope\",\"RepoTags\":[\"localhost:5000/imgctl/base:1\"]}]");

        assertThatThrownBy(docker::listImages)
                .isExactlyInstanceOf(EngineFailureException.class)
                .hasMessageStartingWith("Tried to list images on docker at unix://")
                .hasMessageEndingWith(" but failed because Docker's answer could not be read: "
                        + "IllegalArgumentException: invalid checksum digest length");
    }

    @Test
    void aTagThatIsNoReferenceIsTheDaemonsFaultNotTheUsers() {
        answer("[{\"Id\":\"" + ID + "\",\"RepoTags\":[\"Bad Name:1\\nsecond line\"]}]");

        assertThatThrownBy(docker::listImages)
                .isExactlyInstanceOf(EngineFailureException.class)
                .hasMessageContaining("Docker's answer could not be read: it named an image Bad Name:1 second line ("
                        + "invalid reference format")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aCommitAnsweredWithoutAnId() {
        answer("{\"Id\":\"\"}");

        assertThatThrownBy(() -> docker.commit("c1", REF))
                .isExactlyInstanceOf(EngineFailureException.class)
                .hasMessageContaining("Tried to commit container c1 on docker at ")
                .hasMessageContaining("Docker's answer could not be read");
    }

    @Test
    void aContainerWhoseIdIsNotHex() {
        answer("{\"Id\":\"xyz\",\"Image\":\"" + ID + "\",\"State\":{\"Status\":\"exited\"}}");

        assertThatThrownBy(() -> docker.findContainer("c1"))
                .isExactlyInstanceOf(EngineFailureException.class)
                .hasMessageContaining("Tried to read container xyz on docker at ")
                .hasMessageContaining("container ID must be 64 hex characters");
    }

    @Test
    void aPulledImageWithoutAnId() {
        answer("{\"status\":\"Status: Image is up to date for localhost:5000/imgctl/base:1\"}", "{\"Id\":\"\"}");

        assertThatThrownBy(() -> docker.pull(REF, PullListener.IGNORE))
                .isExactlyInstanceOf(EngineFailureException.class)
                .hasMessageContaining("Tried to pull localhost:5000/imgctl/base:1 on docker at ");
        assertThat(daemon.connections()).isEqualTo(2);
    }

    @Test
    void aWellFormedAnswerStillMaps() {
        answer("[{\"Id\":\"" + ID + "\",\"RepoTags\":[\"localhost:5000/imgctl/base:1\"],\"Created\":1,\"Size\":5}]");

        assertThat(docker.listImages()).singleElement()
                .satisfies(i -> assertThat(i.tags()).containsExactly(REF));
        assertThat(daemon.connections()).isEqualTo(1);
    }
}
