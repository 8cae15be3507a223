package io.imgctl.adapter.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.InvalidEngineSettingException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodmanEndpointTest {

    private static final Path ROOTLESS = Path.of("/run/user/1000/podman/podman.sock");

    private static EngineSettings settings(Optional<String> host, Map<String, String> env) {
        return new EngineSettings(host, env, false);
    }

    @Test
    void hostFlagWinsOverEverything() {
        PodmanEndpoint e = PodmanEndpoint.resolve(settings(Optional.of("unix:///tmp/p.sock"),
                Map.of("CONTAINER_HOST", "unix:///other.sock", "XDG_RUNTIME_DIR", "/run/user/1000")), p -> true);
        assertThat(e.socket()).contains(Path.of("/tmp/p.sock"));
        assertThat(e.uri()).isEqualTo("unix:///tmp/p.sock");
        assertThat(e.source()).isEqualTo("--host");
    }

    @Test
    void containerHostComesNext() {
        PodmanEndpoint e = PodmanEndpoint.resolve(settings(Optional.empty(),
                Map.of("CONTAINER_HOST", "unix:///other.sock", "XDG_RUNTIME_DIR", "/run/user/1000")), p -> true);
        assertThat(e.socket()).contains(Path.of("/other.sock"));
        assertThat(e.source()).isEqualTo("CONTAINER_HOST");
    }

    @Test
    void rootlessSocketIsUsedOnlyWhenItExists() {
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", "/run/user/1000");
        assertThat(PodmanEndpoint.resolve(settings(Optional.empty(), env), Set.of(ROOTLESS)::contains).socket())
                .contains(ROOTLESS);
        assertThat(PodmanEndpoint.resolve(settings(Optional.empty(), env), p -> false).socket())
                .contains(Path.of("/run/podman/podman.sock"));
    }

    @Test
    void rootfulSocketIsTheDefault() {
        PodmanEndpoint e = PodmanEndpoint.resolve(settings(Optional.empty(), Map.of()), p -> true);
        assertThat(e.uri()).isEqualTo("unix:///run/podman/podman.sock");
        assertThat(e.startHint()).contains("bash scripts/engines.sh up").contains("systemctl start podman.socket");
    }

    @Test
    void emptyValuesAreIgnored() {
        PodmanEndpoint e = PodmanEndpoint.resolve(settings(Optional.of(" "), Map.of("CONTAINER_HOST", "")), p -> false);
        assertThat(e.socket()).contains(Path.of("/run/podman/podman.sock"));
    }

    @Test
    void tcpEndpointsAreAccepted() {
        PodmanEndpoint e = PodmanEndpoint.parse("tcp://127.0.0.1:8888", "--host");
        assertThat(e.host()).contains("127.0.0.1");
        assertThat(e.port()).isEqualTo(8888);
        assertThat(e.socket()).isEmpty();
        assertThat(e.uri()).isEqualTo("tcp://127.0.0.1:8888");
    }

    @Test
    void otherSchemesAndBadForms() {
        assertThatThrownBy(() -> PodmanEndpoint.parse("ssh://core@host/run/podman.sock", "CONTAINER_HOST"))
                .isInstanceOf(InvalidEngineSettingException.class)
                .hasMessageContaining("ssh://core@host")
                .hasMessageContaining("CONTAINER_HOST")
                .hasMessageContaining("only unix:// and tcp://");
        assertThatThrownBy(() -> PodmanEndpoint.parse("tcp://127.0.0.1", "--host"))
                .isInstanceOf(InvalidEngineSettingException.class).hasMessageContaining("needs a host and a port");
        assertThatThrownBy(() -> PodmanEndpoint.parse("unix:relative.sock", "--host"))
                .isInstanceOf(InvalidEngineSettingException.class).hasMessageContaining("absolute socket path");
        assertThatThrownBy(() -> PodmanEndpoint.parse("/run/podman/podman.sock", "--host"))
                .isInstanceOf(InvalidEngineSettingException.class);
        for (String bad : new String[] {"ftp://127.0.0.1:8080", "http+foo://127.0.0.1:8080", "http://127.0.0.1:8080"}) {
            assertThatThrownBy(() -> PodmanEndpoint.parse(bad, "CONTAINER_HOST")).as(bad)
                    .isInstanceOf(InvalidEngineSettingException.class)
                    .hasMessage("Tried to reach podman at " + bad + " (from CONTAINER_HOST) but failed because only unix://"
                            + " and tcp:// endpoints are supported");
        }
    }
}
