package io.imgctl.adapter.podman;

import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.InvalidEngineSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where the Podman API service listens: a UNIX socket or a plain-HTTP TCP address.
 *
 * <p>Chosen in this order, the first that applies wins:
 * <ol>
 *   <li>{@code --host} ({@link EngineSettings#host()});</li>
 *   <li>{@code CONTAINER_HOST}, Podman's own client variable;</li>
 *   <li>the rootless socket {@code $XDG_RUNTIME_DIR/podman/podman.sock}, if that file exists;</li>
 *   <li>the rootful socket {@code /run/podman/podman.sock}.</li>
 * </ol>
 * Accepted forms: {@code unix:///path} and {@code tcp://host:port}. Podman's {@code ssh://} is not
 * supported; any other form is an {@link InvalidEngineSettingException} (bad usage), found before any
 * connection is attempted.
 *
 * @param uri    the endpoint as users write it, e.g. {@code unix:///run/podman/podman.sock}
 * @param socket the socket file, for {@code unix://}
 * @param host   the host, for {@code tcp://}
 * @param port   the port, for {@code tcp://}
 * @param source where the choice came from ({@code --host}, {@code CONTAINER_HOST}, ...)
 */
record PodmanEndpoint(String uri, Optional<Path> socket, Optional<String> host, int port, String source) {

    static final Path ROOTFUL_SOCKET = Path.of("/run/podman/podman.sock");

    PodmanEndpoint {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(source, "source");
        if (socket.isPresent() == host.isPresent()) {
            throw new IllegalArgumentException("an endpoint is either a socket or a host: " + uri);
        }
    }

    static PodmanEndpoint unix(Path socket, String source) {
        return new PodmanEndpoint("unix://" + socket, Optional.of(socket), Optional.empty(), 0, source);
    }

    /** Resolves the endpoint from the settings, checking for the rootless socket on the file system. */
    static PodmanEndpoint resolve(EngineSettings settings) {
        return resolve(settings, Files::exists);
    }

    static PodmanEndpoint resolve(EngineSettings settings, Predicate<Path> exists) {
        Objects.requireNonNull(settings, "settings");
        Optional<String> flag = settings.host().filter(h -> !h.isBlank());
        if (flag.isPresent()) {
            return parse(flag.get().strip(), "--host");
        }
        Optional<String> env = settings.env("CONTAINER_HOST");
        if (env.isPresent()) {
            return parse(env.get().strip(), "CONTAINER_HOST");
        }
        Optional<String> runtimeDir = settings.env("XDG_RUNTIME_DIR");
        if (runtimeDir.isPresent()) {
            Path rootless = Path.of(runtimeDir.get(), "podman", "podman.sock");
            if (exists.test(rootless)) {
                return unix(rootless, "$XDG_RUNTIME_DIR/podman/podman.sock");
            }
        }
        return unix(ROOTFUL_SOCKET, "the rootful default");
    }

    /** Parses {@code unix:///path} or {@code tcp://host:port}. */
    static PodmanEndpoint parse(String text, String source) {
        URI parsed;
        try {
            parsed = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid(text, source, "it is not a URI (" + e.getReason() + ")");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme();
        switch (scheme) {
            case "unix": {
                String path = parsed.getPath();
                if (path == null || path.isEmpty() || !path.startsWith("/")) {
                    throw invalid(text, source, "a unix:// endpoint needs an absolute socket path, e.g. "
                            + "unix:///run/podman/podman.sock");
                }
                return unix(Path.of(path), source);
            }
            case "tcp": {
                if (parsed.getHost() == null || parsed.getPort() < 0) {
                    throw invalid(text, source, "a tcp:// endpoint needs a host and a port, e.g. tcp://127.0.0.1:8080");
                }
                return new PodmanEndpoint("tcp://" + parsed.getHost() + ":" + parsed.getPort(),
                        Optional.empty(), Optional.of(parsed.getHost()), parsed.getPort(), source);
            }
            default:
                throw invalid(text, source, "only unix:// and tcp:// endpoints are supported");
        }
    }

    private static InvalidEngineSettingException invalid(String text, String source, String why) {
        return new InvalidEngineSettingException("Tried to reach podman at " + text + " (from " + source
                + ") but failed because " + why);
    }

    /** How to get the service running at this endpoint, for error messages. */
    String startHint() {
        if (socket.isPresent() && socket.get().equals(ROOTFUL_SOCKET)) {
            return "Start it with: bash scripts/engines.sh up (or systemctl start podman.socket)";
        }
        return "Start it with: podman system service --time=0 " + uri;
    }

    @Override
    public String toString() {
        return uri;
    }
}
