package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.application.port.out.InvalidEngineSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerEndpointTest {

    @TempDir
    Path home;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void isolateFromTheMachine() {
        env.put("HOME", home.toString());
    }

    private DockerEndpoint resolve(Optional<String> host) {
        EngineSettings settings = new EngineSettings(host, env, false);
        return DockerEndpoint.resolve(settings, DockerConfigDir.of(settings));
    }

    private void writeContext(Path configDir, String name, String host) throws IOException {
        Path meta = new DockerConfigDir(configDir).contextMetaFile(name);
        Files.createDirectories(meta.getParent());
        Files.writeString(meta, "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":"
                + "{\"Host\":\"" + host + "\",\"SkipTLSVerify\":false}}}");
    }

    private void writeConfig(Path configDir, String json) throws IOException {
        Files.createDirectories(configDir);
        Files.writeString(configDir.resolve("config.json"), json);
    }

    @Test
    void withNothingSetItIsTheDefaultSocket() {
        DockerEndpoint endpoint = resolve(Optional.empty());

        assertThat(endpoint.toString()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(endpoint.source()).isEqualTo("default");
        assertThat(endpoint.tlsCertPath()).isEmpty();
    }

    @Test
    void hostOptionWinsOverEverything() throws IOException {
        env.put("DOCKER_HOST", "tcp://127.0.0.1:2375");
        env.put("DOCKER_CONTEXT", "other");
        writeContext(home.resolve(".docker"), "other", "unix:///ctx.sock");

        DockerEndpoint endpoint = resolve(Optional.of("unix:///tmp/given.sock"));

        assertThat(endpoint.toString()).isEqualTo("unix:///tmp/given.sock");
        assertThat(endpoint.source()).isEqualTo("--host");
    }

    @Test
    void dockerHostWinsOverTheContext() throws IOException {
        env.put("DOCKER_HOST", "tcp://127.0.0.1:2375");
        env.put("DOCKER_CONTEXT", "other");
        writeContext(home.resolve(".docker"), "other", "unix:///ctx.sock");

        DockerEndpoint endpoint = resolve(Optional.empty());

        assertThat(endpoint.toString()).isEqualTo("tcp://127.0.0.1:2375");
        assertThat(endpoint.source()).isEqualTo("DOCKER_HOST");
    }

    @Test
    void blankHostOptionAndEmptyDockerHostCountAsUnset() {
        env.put("DOCKER_HOST", "");

        assertThat(resolve(Optional.of("  ")).source()).isEqualTo("default");
    }

    @Test
    void dockerContextVariableNamesTheContextWhoseMetaFileIsUnderTheSha256OfItsName() throws IOException {
        env.put("DOCKER_CONTEXT", "remote");
        writeContext(home.resolve(".docker"), "remote", "tcp://10.0.0.1:2376");

        DockerEndpoint endpoint = resolve(Optional.empty());

        assertThat(endpoint.toString()).isEqualTo("tcp://10.0.0.1:2376");
        assertThat(endpoint.source()).isEqualTo("context \"remote\"");
        // sha256("remote"), the folder name the Docker CLI uses
        assertThat(new DockerConfigDir(home.resolve(".docker")).contextMetaFile("remote").toString())
                .contains("contexts/meta/" + DockerConfigDir.sha256Hex("remote") + "/meta.json");
        assertThat(DockerConfigDir.sha256Hex("default"))
                .isEqualTo("37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f");
    }

    @Test
    void currentContextFromConfigJsonUnderDockerConfig() throws IOException {
        Path configDir = home.resolve("elsewhere");
        env.put("DOCKER_CONFIG", configDir.toString());
        writeConfig(configDir, "{\"currentContext\":\"rootless\"}");
        writeContext(configDir, "rootless", "unix:///run/user/1000/docker.sock");
        // the default folder has a different current context, which must be ignored
        writeConfig(home.resolve(".docker"), "{\"currentContext\":\"nope\"}");

        DockerEndpoint endpoint = resolve(Optional.empty());

        assertThat(endpoint.toString()).isEqualTo("unix:///run/user/1000/docker.sock");
        assertThat(endpoint.source()).isEqualTo("context \"rootless\"");
    }

    @Test
    void dockerContextVariableWinsOverCurrentContext() throws IOException {
        Path configDir = home.resolve(".docker");
        writeConfig(configDir, "{\"currentContext\":\"a\"}");
        writeContext(configDir, "a", "unix:///a.sock");
        writeContext(configDir, "b", "unix:///b.sock");
        env.put("DOCKER_CONTEXT", "b");

        assertThat(resolve(Optional.empty()).toString()).isEqualTo("unix:///b.sock");
    }

    @Test
    void theDefaultContextMeansTheDefaultSocket() throws IOException {
        writeConfig(home.resolve(".docker"), "{\"currentContext\":\"default\"}");

        assertThat(resolve(Optional.empty()).toString()).isEqualTo("unix:///var/run/docker.sock");
    }

    @Test
    void aContextWithoutMetadataIsReportedWithThePathThatWasLookedAt() throws IOException {
        writeConfig(home.resolve(".docker"), "{\"currentContext\":\"ghost\"}");

        assertThatThrownBy(() -> resolve(Optional.empty()))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("Docker context \"ghost\"")
                .hasMessageContaining(DockerConfigDir.sha256Hex("ghost"))
                .hasMessageContaining("docker context create ghost");
    }

    @Test
    void unsupportedSchemesAreRefusedWithWhatWorks() {
        assertThatThrownBy(() -> resolve(Optional.of("ssh://user@host")))
                .isInstanceOf(InvalidEngineSettingException.class)
                .hasMessageContaining("ssh://")
                .hasMessageContaining("unix:///path or tcp://host:port");
        assertThatThrownBy(() -> resolve(Optional.of("/var/run/docker.sock")))
                .isInstanceOf(InvalidEngineSettingException.class)
                .hasMessageContaining("a bare path");
        for (String bad : new String[] {"ftp://127.0.0.1:2375", "http+foo://127.0.0.1:2375", "unix://", "tcp:///no-host"}) {
            assertThatThrownBy(() -> resolve(Optional.of(bad))).as(bad).isInstanceOf(InvalidEngineSettingException.class)
                    .hasMessageStartingWith("Tried to use the Docker endpoint " + bad + " (from --host) but failed because");
        }
        env.put("DOCKER_HOST", "ftp://127.0.0.1:2375");
        assertThatThrownBy(() -> resolve(Optional.empty())).isInstanceOf(InvalidEngineSettingException.class)
                .hasMessageContaining("(from DOCKER_HOST)").hasMessageContaining("not ftp://");
    }

    @Test
    void tlsVerifyTakesTheCertificatesFromDockerCertPathOrTheConfigFolder() {
        env.put("DOCKER_HOST", "tcp://docker.example:2376");
        env.put("DOCKER_TLS_VERIFY", "1");
        assertThat(resolve(Optional.empty()).tlsCertPath()).contains(home.resolve(".docker"));

        env.put("DOCKER_CERT_PATH", "/certs");
        assertThat(resolve(Optional.empty()).tlsCertPath()).contains(Path.of("/certs"));

        assertThat(resolve(Optional.of("unix:///x.sock")).tlsCertPath()).isEmpty();
    }
}
