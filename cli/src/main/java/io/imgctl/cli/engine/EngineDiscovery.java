package io.imgctl.cli.engine;

import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineUnavailableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --engine auto} (SPEC section 1): tries its strategies in order and takes the first engine
 * found; when none is, fails with one line listing what each strategy concluded.
 */
public final class EngineDiscovery {

    public static final Path DOCKER_SOCKET = Path.of("/var/run/docker.sock");
    public static final Path PODMAN_ROOTFUL_SOCKET = Path.of("/run/podman/podman.sock");

    private final List<DiscoveryStrategy> strategies;

    public EngineDiscovery(List<DiscoveryStrategy> strategies) {
        this.strategies = List.copyOf(strategies);
    }

    /**
     * The standard order: {@code --host}, {@code DOCKER_HOST} (Docker), {@code CONTAINER_HOST} (Podman),
     * then the sockets {@code /var/run/docker.sock}, {@code $XDG_RUNTIME_DIR/podman/podman.sock} and
     * {@code /run/podman/podman.sock}, each pinged.
     */
    public static EngineDiscovery standard(Optional<String> hostOption, Map<String, String> env,
                                           DiscoveryStrategy.Probe probe) {
        return standard(hostOption, env, probe, DOCKER_SOCKET, PODMAN_ROOTFUL_SOCKET);
    }

    static EngineDiscovery standard(Optional<String> hostOption, Map<String, String> env,
                                    DiscoveryStrategy.Probe probe, Path dockerSocket, Path podmanRootfulSocket) {
        Optional<Path> rootlessPodman = Optional.ofNullable(env.get("XDG_RUNTIME_DIR"))
                .filter(v -> !v.isBlank())
                .map(dir -> Path.of(dir, "podman", "podman.sock"));
        List<DiscoveryStrategy> list = new ArrayList<>();
        list.add(new HostSettingStrategy("--host", hostOption, EngineKind.DOCKER));
        list.add(new HostSettingStrategy("DOCKER_HOST", Optional.ofNullable(env.get("DOCKER_HOST")), EngineKind.DOCKER));
        list.add(new HostSettingStrategy("CONTAINER_HOST", Optional.ofNullable(env.get("CONTAINER_HOST")),
                EngineKind.PODMAN));
        list.add(new SocketProbeStrategy(EngineKind.DOCKER, Optional.of(dockerSocket), "", probe));
        list.add(new SocketProbeStrategy(EngineKind.PODMAN, rootlessPodman,
                "XDG_RUNTIME_DIR is not set (no rootless Podman socket to try)", probe));
        list.add(new SocketProbeStrategy(EngineKind.PODMAN, Optional.of(podmanRootfulSocket), "", probe));
        return new EngineDiscovery(list);
    }

    public EngineTarget discover() {
        List<String> reasons = new ArrayList<>();
        for (DiscoveryStrategy strategy : strategies) {
            DiscoveryStrategy.Attempt attempt = strategy.attempt();
            if (attempt instanceof DiscoveryStrategy.Attempt.Found found) {
                return found.target();
            } else if (attempt instanceof DiscoveryStrategy.Attempt.NotApplicable na) {
                reasons.add(na.reason());
            } else if (attempt instanceof DiscoveryStrategy.Attempt.Failed failed) {
                reasons.add(failed.reason());
            }
        }
        throw new EngineUnavailableException("Tried to find a Docker or Podman engine but failed because none answered: "
                + String.join("; ", reasons)
                + ". Start Docker or Podman, set --host, or use --engine fake for the built-in engine.");
    }
}
