package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.application.port.out.EngineSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryAuthTest {

    @TempDir
    Path home;

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, String> env = new HashMap<>();

    private RegistryAuth load(String configJson) throws IOException {
        Path dir = home.resolve(".docker");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), configJson);
        env.put("HOME", home.toString());
        EngineSettings settings = new EngineSettings(Optional.empty(), env, false);
        return RegistryAuth.load(DockerConfigDir.of(settings), settings, mapper);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode decodeHeader(String header) throws IOException {
        return mapper.readTree(Base64.getUrlDecoder().decode(header));
    }

    @Test
    void base64AuthIsSplitAtTheFirstColon() throws IOException {
        RegistryAuth auth = load("{\"auths\":{\"localhost:5001\":{\"auth\":\"" + b64("imgctl:se:cret") + "\"}}}");

        RegistryAuth.Credential c = auth.forRegistry("localhost:5001").orElseThrow();

        assertThat(c.username()).isEqualTo("imgctl");
        assertThat(c.password()).isEqualTo("se:cret");
        assertThat(c.serverAddress()).isEqualTo("localhost:5001");
        assertThat(c.toString()).doesNotContain("se:cret");
    }

    @Test
    void usernameAndPasswordFieldsWorkToo() throws IOException {
        RegistryAuth auth = load("{\"auths\":{\"http://registry.example:5000/v2/\":"
                + "{\"username\":\"u\",\"password\":\"p\"}}}");

        assertThat(auth.forRegistry("registry.example:5000")).get()
                .extracting(RegistryAuth.Credential::username, RegistryAuth.Credential::password)
                .containsExactly("u", "p");
        assertThat(auth.forRegistry("registry.example:5001")).isEmpty();
    }

    @Test
    void dockerHubKeysAreFoundForDockerIoReferences() throws IOException {
        RegistryAuth auth = load("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub:pw") + "\"}}}");

        RegistryAuth.Credential c = auth.forRegistry("docker.io").orElseThrow();

        assertThat(c.username()).isEqualTo("hub");
        assertThat(c.serverAddress()).isEqualTo(RegistryAuth.DOCKER_HUB_ADDRESS);
    }

    @Test
    void theHeaderIsBase64UrlOfDockersAuthConfigJson() throws IOException {
        RegistryAuth auth = load("{\"auths\":{\"localhost:5001\":{\"auth\":\"" + b64("imgctl:imgctl-secret") + "\"}}}");

        JsonNode header = decodeHeader(auth.header("localhost:5001"));

        assertThat(header.path("username").asText()).isEqualTo("imgctl");
        assertThat(header.path("password").asText()).isEqualTo("imgctl-secret");
        assertThat(header.path("serveraddress").asText()).isEqualTo("localhost:5001");
    }

    @Test
    void withoutCredentialsTheHeaderIsAnEmptyObjectBecausePushNeedsOne() throws IOException {
        RegistryAuth auth = load("{}");

        assertThat(decodeHeader(auth.header("localhost:5000")).size()).isZero();
        assertThat(auth.header("localhost:5000")).isEqualTo("e30=");
    }

    @Test
    void identityTokensAreSentInsteadOfAPassword() throws IOException {
        RegistryAuth auth = load("{\"auths\":{\"localhost:5001\":{\"identitytoken\":\"tok\"}}}");

        JsonNode header = decodeHeader(auth.header("localhost:5001"));

        assertThat(header.path("identitytoken").asText()).isEqualTo("tok");
        assertThat(header.has("password")).isFalse();
    }

    @Test
    void credentialHelpersAreNotRunSoSuchRegistriesGetNoCredentials() throws IOException {
        RegistryAuth auth = load("{\"auths\":{\"localhost:5001\":{}},\"credsStore\":\"desktop\"}");

        assertThat(auth.forRegistry("localhost:5001")).isEmpty();
    }

    @Test
    void registryAuthFileIsReadAfterDockersConfig() throws IOException {
        Path file = home.resolve("auth.json");
        Files.writeString(file, "{\"auths\":{\"localhost:5001\":{\"auth\":\"" + b64("podman:pw") + "\"}}}");
        env.put("REGISTRY_AUTH_FILE", file.toString());

        RegistryAuth auth = load("{\"auths\":{\"localhost:5000\":{\"auth\":\"" + b64("docker:pw") + "\"}}}");

        assertThat(auth.forRegistry("localhost:5000").orElseThrow().username()).isEqualTo("docker");
        assertThat(auth.forRegistry("localhost:5001").orElseThrow().username()).isEqualTo("podman");
    }

    @Test
    void malformedAuthIsReportedWithTheFile() throws IOException {
        RegistryAuth auth = load("{\"auths\":{\"localhost:5001\":{\"auth\":\"" + b64("no-colon") + "\"}}}");

        assertThatThrownBy(() -> auth.forRegistry("localhost:5001"))
                .hasMessageContaining("config.json")
                .hasMessageContaining("user:password");
    }

    @Test
    void aMissingConfigFileMeansNoCredentials() {
        env.put("HOME", home.toString());
        EngineSettings settings = new EngineSettings(Optional.empty(), env, false);

        RegistryAuth auth = RegistryAuth.load(DockerConfigDir.of(settings), settings, mapper);

        assertThat(auth.forRegistry("localhost:5000")).isEmpty();
    }
}
