package io.imgctl.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code imgctl df --format json} against Docker's own figures ({@code GET /system/df}, what
 * {@code docker system df -v} prints) for the fixture images: size, shared size and unique size in bytes.
 */
class DfCrossCheckOnDockerTest {

    private static final Path SOCKET = Path.of("/var/run/docker.sock");
    private static final List<String> FIXTURES = List.of("localhost:5000/imgctl/base:1", "localhost:5000/imgctl/derived:1");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shared_and_unique_sizes_of_the_fixture_images_equal_dockers() throws IOException {
        if (!Files.exists(SOCKET)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and no Docker socket at " + SOCKET + ". Start the engines with: bash scripts/engines.sh up");
            }
            Assumptions.abort("Skipped: no Docker socket at " + SOCKET);
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        for (String fixture : FIXTURES) {
            Imgctl pull = Imgctl.run(env, List.of("--engine", "docker", "pull", "-q", fixture));
            assertThat(pull.exitCode()).as("%s", pull).isZero();
        }

        JsonNode ours = Imgctl.run(env, List.of("--engine", "docker", "df", "--format", "json")).json();
        JsonNode theirs = JSON.readTree(get("/system/df"));

        for (String fixture : FIXTURES) {
            JsonNode mine = find(ours.get("images"), "tags", fixture);
            JsonNode docker = find(theirs.get("Images"), "RepoTags", fixture);
            long dockerSize = docker.get("Size").asLong();
            long dockerShared = docker.get("SharedSize").asLong();
            assertThat(mine.get("id").asText()).isEqualTo(docker.get("Id").asText());
            assertThat(mine.get("size").asLong()).as("size of %s", fixture).isEqualTo(dockerSize);
            assertThat(mine.get("sharedSize").asLong()).as("shared size of %s", fixture).isEqualTo(dockerShared);
            // docker system df -v prints UNIQUE SIZE as Size - SharedSize
            assertThat(mine.get("uniqueSize").asLong()).as("unique size of %s", fixture).isEqualTo(dockerSize - dockerShared);
        }
        assertThat(find(ours.get("images"), "tags", FIXTURES.get(0)).get("sharedSize").asLong())
                .as("base shares its layer with derived").isPositive();
    }

    private static JsonNode find(JsonNode images, String field, String tag) {
        for (JsonNode image : images) {
            for (JsonNode t : image.path(field)) {
                if (t.asText().equals(tag)) {
                    return image;
                }
            }
        }
        throw new AssertionError("no image tagged " + tag + " in " + images);
    }

    /** A plain HTTP/1.0 GET over Docker's socket (no chunked encoding to undo). */
    private static String get(String path) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(SOCKET))) {
            channel.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                response.write(buffer.array(), 0, buffer.limit());
                buffer.clear();
            }
            String text = response.toString(StandardCharsets.UTF_8);
            assertThat(text).as("Docker's answer to GET %s", path).startsWith("HTTP/1.0 200");
            return text.substring(text.indexOf("\r\n\r\n") + 4);
        }
    }
}
