package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.application.port.out.PullEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fixtures were recorded from Docker 20.10.24 against the loopback registry (see each file). */
class ProgressStreamTest {

    private static final String DIGEST = "sha256:a20085fd226ec69573c3a7b25d4dfc6d5712a0c729fd92ae238829aac5574f28";

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<PullEvent> events = new ArrayList<>();
    private final ProgressStream stream = new ProgressStream(events::add);

    private void read(String fixture) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(fixture)) {
            assertThat(in).as(fixture).isNotNull();
            stream.readAll(in, mapper);
        }
    }

    @Test
    void aPullThatDownloadedReportsEveryStepAndItsDigest() throws IOException {
        read("pull-downloaded.jsonl");

        assertThat(events).hasSize(11);
        assertThat(events.get(0)).isEqualTo(PullEvent.of("Pulling from imgctl-docker-probe/p"));
        assertThat(events.get(1)).isEqualTo(PullEvent.layer("94c3a1c4a1e4", "Already exists"));
        assertThat(events.get(3)).isEqualTo(PullEvent.progress("2b789d47d07d", "Downloading", 135, 135));
        assertThat(events.get(9).status()).isEqualTo("Digest: " + DIGEST);
        assertThat(events.get(9).layer()).isEmpty();
        assertThat(stream.digest()).map(Object::toString).contains(DIGEST);
        assertThat(stream.downloaded()).isTrue();
        assertThat(stream.pullCompleted()).isTrue();
    }

    @Test
    void aPullOfAPresentImageIsUpToDate() throws IOException {
        read("pull-up-to-date.jsonl");

        assertThat(stream.downloaded()).isFalse();
        assertThat(stream.pullCompleted()).isTrue();
        assertThat(stream.digest()).map(Object::toString).contains(DIGEST);
        assertThat(events).extracting(PullEvent::status).last()
                .isEqualTo("Status: Image is up to date for localhost:5000/imgctl-docker-probe/p:1");
    }

    @Test
    void anErrorAfterTheStreamBeganCarriesTheRegistrysMessage() {
        assertThatThrownBy(() -> read("pull-in-band-error.jsonl"))
                .isInstanceOf(ProgressStream.StreamError.class)
                .hasMessageContaining("dial tcp 127.0.0.1:5000: connect: connection refused");
        assertThat(events).containsExactly(PullEvent.of("Pulling from imgctl/base"));
        assertThat(stream.pullCompleted()).isFalse();
    }

    @Test
    void anErrorAsTheFirstMessageWithoutStatusIsAnErrorNotACrash() {
        // The shape that makes docker-java's pull callback throw a NullPointerException.
        assertThatThrownBy(() -> read("pull-error-first.jsonl"))
                .isInstanceOf(ProgressStream.StreamError.class)
                .hasMessage("unauthorized: authentication required");
        assertThat(events).isEmpty();
    }

    @Test
    void aPushReportsItsLayersAndTheDigestAndSizeOfTheManifest() throws IOException {
        read("push.jsonl");

        assertThat(events).extracting(PullEvent::status).containsExactly(
                "The push refers to repository [localhost:5000/imgctl-docker-probe/p]",
                "Preparing", "Preparing", "Mounted from imgctl/derived", "Mounted from imgctl/derived",
                "1: digest: " + DIGEST + " size: 735");
        assertThat(events.get(1).layer()).contains("eacabdeb18df");
        assertThat(stream.digest()).map(Object::toString).contains(DIGEST);
        assertThat(stream.size()).isEqualTo(735);
    }

    @Test
    void theAuxRecordAloneIsEnoughForThePushResult() throws IOException {
        stream.accept(mapper.readTree("{\"progressDetail\":{},\"aux\":{\"Tag\":\"1\",\"Digest\":\"" + DIGEST
                + "\",\"Size\":528}}"));

        assertThat(events).isEmpty();
        assertThat(stream.digest()).map(Object::toString).contains(DIGEST);
        assertThat(stream.size()).isEqualTo(528);
    }

    @Test
    void pushErrorsForMissingLocalImagesAreRecognised() {
        assertThatThrownBy(() -> read("push-missing-image.jsonl"))
                .isInstanceOf(ProgressStream.StreamError.class)
                .satisfies(e -> assertThat(DockerContainerEngine.isMissingLocalImage(e.getMessage())).isTrue());
        assertThatThrownBy(() -> new ProgressStream(e -> { }).readAll(
                getClass().getResourceAsStream("push-missing-tag.jsonl"), mapper))
                .isInstanceOf(ProgressStream.StreamError.class)
                .satisfies(e -> assertThat(DockerContainerEngine.isMissingLocalImage(e.getMessage())).isTrue());
        assertThat(DockerContainerEngine.isMissingLocalImage("unauthorized: authentication required")).isFalse();
    }

    @Test
    void errorWithoutErrorDetailIsStillAnError() throws IOException {
        assertThatThrownBy(() -> stream.accept(mapper.readTree("{\"error\":\"boom\"}")))
                .isInstanceOf(ProgressStream.StreamError.class)
                .hasMessage("boom");
        assertThat(stream.digest()).isEqualTo(Optional.empty());
    }

    /** A push size beyond a long is unknown (-1), not a NumberFormatException out of the stream. */
    @Test
    void aPushSizeBeyondALongIsUnknown() throws IOException {
        stream.readAll(new java.io.ByteArrayInputStream(("{\"status\":\"1: digest: " + DIGEST
                + " size: 99999999999999999999\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8)), mapper);

        assertThat(stream.digest()).map(Object::toString).contains(DIGEST);
        assertThat(stream.size()).isEqualTo(-1);
    }

    /** Found by DockerAnswersFuzzTest: a negative aux Size broke size()'s contract (-1 when unknown). */
    @Test
    void aNegativeAuxSizeIsUnknown() throws IOException {
        stream.readAll(new java.io.ByteArrayInputStream(("{\"aux\":{\"Tag\":\"1\",\"Digest\":\"" + DIGEST
                + "\",\"Size\":-95}}").getBytes(java.nio.charset.StandardCharsets.UTF_8)), mapper);

        assertThat(stream.digest()).map(Object::toString).contains(DIGEST);
        assertThat(stream.size()).isEqualTo(-1);
    }
}
