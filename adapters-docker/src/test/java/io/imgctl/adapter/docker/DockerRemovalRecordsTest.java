package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.domain.image.ImageReference;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerRemovalRecordsTest {

    private static final String DIGEST = "sha256:a20085fd226ec69573c3a7b25d4dfc6d5712a0c729fd92ae238829aac5574f28";

    private final ObjectMapper mapper = new ObjectMapper();

    private static JsonNode image(String repoTags, String repoDigests) throws IOException {
        return new ObjectMapper().readTree(
                "{\"Id\":\"sha256:" + "a".repeat(64) + "\",\"RepoTags\":" + repoTags + ",\"RepoDigests\":" + repoDigests + "}");
    }

    @Test
    void recordedDeleteAnswerKeepsDockersOrder() throws IOException {
        // DELETE /images/localhost:5000/imgctl/derived:1 on Docker 20.10 (last tag, no containers)
        List<EngineRecord> records = DockerContainerEngine.records(mapper.readTree(
                "[{\"Untagged\":\"localhost:5000/imgctl/derived:1\"},"
                        + "{\"Untagged\":\"localhost:5000/imgctl/derived@" + DIGEST + "\"},"
                        + "{\"Deleted\":\"sha256:96b09a336a2f08827f38ddee210390f3b175c78a609f85d7fe962cb33c450d7a\"},"
                        + "{\"Deleted\":\"sha256:f7517e5fcd939aca8f470edd03e2a7907fb194cda12ddd8b01de563a1f056be3\"}]"));

        assertThat(records).extracting(EngineRecord::toString).containsExactly(
                "Untagged: localhost:5000/imgctl/derived:1",
                "Untagged: localhost:5000/imgctl/derived@" + DIGEST,
                "Deleted: sha256:96b09a336a2f08827f38ddee210390f3b175c78a609f85d7fe962cb33c450d7a",
                "Deleted: sha256:f7517e5fcd939aca8f470edd03e2a7907fb194cda12ddd8b01de563a1f056be3");
    }

    @Test
    void anotherTagKeepsTheImage() throws IOException {
        JsonNode image = image("[\"localhost:5000/a:1\",\"localhost:5000/b:2\"]", "[]");

        assertThat(DockerContainerEngine.keepsAReferenceWithout(image, ImageReference.parse("localhost:5000/a:1"))).isTrue();
    }

    @Test
    void theLastTagDoesNotEvenWithADigestOfTheSameRepositoryWhichDockerDropsWithIt() throws IOException {
        JsonNode image = image("[\"localhost:5000/a:1\"]", "[\"localhost:5000/a@" + DIGEST + "\"]");

        assertThat(DockerContainerEngine.keepsAReferenceWithout(image, ImageReference.parse("localhost:5000/a:1"))).isFalse();
    }

    @Test
    void aDigestOfAnotherRepositoryKeepsTheImage() throws IOException {
        JsonNode image = image("[\"localhost:5000/a:1\"]", "[\"localhost:5000/other@" + DIGEST + "\"]");

        assertThat(DockerContainerEngine.keepsAReferenceWithout(image, ImageReference.parse("localhost:5000/a:1"))).isTrue();
    }

    @Test
    void anotherTagOfTheSameRepositoryKeepsItsDigestsAndTheImage() throws IOException {
        JsonNode image = image("[\"localhost:5000/a:1\",\"localhost:5000/a:2\"]", "[\"localhost:5000/a@" + DIGEST + "\"]");

        assertThat(DockerContainerEngine.keepsAReferenceWithout(image, ImageReference.parse("localhost:5000/a:2"))).isTrue();
    }

    @Test
    void dockerHubNamesAreComparedNormalised() throws IOException {
        JsonNode image = image("[\"busybox:latest\",\"<none>:<none>\"]", "[\"<none>@<none>\"]");

        assertThat(DockerContainerEngine.keepsAReferenceWithout(image, ImageReference.parse("docker.io/library/busybox:latest")))
                .isFalse();
    }
}
