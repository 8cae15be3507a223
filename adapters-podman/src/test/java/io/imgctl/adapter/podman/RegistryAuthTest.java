package io.imgctl.adapter.podman;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.domain.image.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryAuthTest {

    @TempDir
    Path dir;

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Path file(String name, String json) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, json);
        return f;
    }

    private static JsonNode decode(String header) throws IOException {
        return LibpodMappingTest.MAPPER.readTree(Base64.getUrlDecoder().decode(header));
    }

    @Test
    void filesAreSearchedInPodmansOrder() {
        EngineSettings s = new EngineSettings(Optional.empty(), Map.of("REGISTRY_AUTH_FILE", "/a.json",
                "XDG_RUNTIME_DIR", "/run/user/7", "HOME", "/home/u"), false);
        assertThat(RegistryAuth.from(s, LibpodMappingTest.MAPPER).files()).containsExactly(
                Path.of("/a.json"), Path.of("/run/user/7/containers/auth.json"), Path.of("/home/u/.docker/config.json"));
        EngineSettings d = new EngineSettings(Optional.empty(), Map.of("DOCKER_CONFIG", "/cfg"), false);
        assertThat(RegistryAuth.from(d, LibpodMappingTest.MAPPER).files()).containsExactly(Path.of("/cfg/config.json"));
    }

    @Test
    void inlineAuthBecomesTheHeader() throws IOException {
        Path f = file("config.json", "{\"auths\":{\"localhost:5001\":{\"auth\":\"" + basic("imgctl", "imgctl-secret") + "\"}}}");
        RegistryAuth auth = new RegistryAuth(List.of(f), LibpodMappingTest.MAPPER);
        JsonNode json = decode(auth.header(ImageReference.parse("localhost:5001/imgctl/base:1")).orElseThrow());
        assertThat(json.path("username").asText()).isEqualTo("imgctl");
        assertThat(json.path("password").asText()).isEqualTo("imgctl-secret");
        assertThat(json.path("serveraddress").asText()).isEqualTo("localhost:5001");
        assertThat(auth.header(ImageReference.parse("localhost:5000/imgctl/base:1"))).isEmpty();
    }

    @Test
    void firstFileWithAnEntryWinsAndMissingFilesAreSkipped() throws IOException {
        Path podman = file("auth.json", "{\"auths\":{\"localhost:5001\":{\"username\":\"p\",\"password\":\"pw\"}}}");
        Path docker = file("config.json", "{\"auths\":{\"localhost:5001\":{\"auth\":\"" + basic("d", "dw") + "\"}}}");
        RegistryAuth auth = new RegistryAuth(List.of(dir.resolve("nope.json"), podman, docker), LibpodMappingTest.MAPPER);
        assertThat(decode(auth.header(ImageReference.parse("localhost:5001/x:1")).orElseThrow()).path("username").asText())
                .isEqualTo("p");
    }

    @Test
    void dockerHubKeysAndNamespacesMatch() throws IOException {
        Path f = file("config.json", "{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + basic("hub", "1") + "\"},"
                + "\"quay.io/team\":{\"auth\":\"" + basic("team", "2") + "\"},"
                + "\"quay.io\":{\"auth\":\"" + basic("all", "3") + "\"}}}");
        RegistryAuth auth = new RegistryAuth(List.of(f), LibpodMappingTest.MAPPER);
        assertThat(decode(auth.header(ImageReference.parse("alpine:3")).orElseThrow()).path("username").asText()).isEqualTo("hub");
        assertThat(decode(auth.header(ImageReference.parse("quay.io/team/app:1")).orElseThrow()).path("username").asText())
                .isEqualTo("team");
        assertThat(decode(auth.header(ImageReference.parse("quay.io/other/app:1")).orElseThrow()).path("username").asText())
                .isEqualTo("all");
    }

    @Test
    void credentialHelpersAndBrokenFilesGiveNothing() throws IOException {
        Path helper = file("helper.json", "{\"credsStore\":\"desktop\",\"auths\":{\"localhost:5001\":{}}}");
        Path broken = file("broken.json", "{not json");
        RegistryAuth auth = new RegistryAuth(List.of(helper, broken), LibpodMappingTest.MAPPER);
        assertThat(auth.header(ImageReference.parse("localhost:5001/x:1"))).isEmpty();
        assertThat(decode(auth.anonymous()).size()).isZero();
    }

    @Test
    void keysAreNormalised() {
        assertThat(RegistryAuth.normaliseKey("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(RegistryAuth.normaliseKey("http://localhost:5001")).isEqualTo("localhost:5001");
        assertThat(RegistryAuth.normaliseKey("registry-1.docker.io/team")).isEqualTo("docker.io/team");
    }
}
