package io.imgctl.adapter.docker;

import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.application.port.out.InvalidEngineSettingException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Docker daemon listens, and which setting said so. Resolved like the Docker CLI does:
 * {@code --host}, then {@code DOCKER_HOST}, then the current Docker context ({@code DOCKER_CONTEXT}, else
 * {@code currentContext} in {@code config.json}; the context {@code default} means "no context"), then
 * {@code unix:///var/run/docker.sock}. TLS for {@code tcp://} endpoints follows {@code DOCKER_TLS_VERIFY}
 * and {@code DOCKER_CERT_PATH} (default: the config folder); a context's own TLS material is not read.
 *
 * @param uri         {@code unix:///path}, {@code tcp://host:port}, {@code http://...} or {@code https://...}
 * @param source      which setting chose it, for messages: {@code --host}, {@code DOCKER_HOST}, {@code context "x"}, {@code default}
 * @param tlsCertPath the folder with {@code ca.pem}, {@code cert.pem}, {@code key.pem} when TLS is verified
 */
record DockerEndpoint(URI uri, String source, Optional<Path> tlsCertPath) {

    static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    DockerEndpoint {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(tlsCertPath, "tlsCertPath");
    }

    static DockerEndpoint resolve(EngineSettings settings, DockerConfigDir config) {
        String host;
        String source;
        if (settings.host().filter(h -> !h.isBlank()).isPresent()) {
            host = settings.host().get().trim();
            source = "--host";
        } else if (settings.env("DOCKER_HOST").isPresent()) {
            host = settings.env("DOCKER_HOST").get().trim();
            source = "DOCKER_HOST";
        } else {
            Optional<String> context = settings.env("DOCKER_CONTEXT").or(config::currentContext)
                    .filter(name -> !"default".equals(name));
            if (context.isPresent()) {
                String name = context.get();
                String from = settings.env("DOCKER_CONTEXT").isPresent() ? "DOCKER_CONTEXT" : config.configFile().toString();
                host = config.contextHost(name).orElseThrow(() -> new EngineUnavailableException(
                        "Tried to find the Docker context \"" + name + "\" (named by " + from + ") but failed because "
                                + config.contextMetaFile(name) + " does not exist or names no Docker endpoint;"
                                + " create it with: docker context create " + name + ", or unset it"));
                source = "context \"" + name + "\"";
            } else {
                host = DEFAULT_HOST;
                source = "default";
            }
        }
        URI uri = parse(host, source);
        Optional<Path> tls = Optional.empty();
        // Like the Docker CLI, any non-empty DOCKER_TLS_VERIFY turns verification on.
        if (settings.env("DOCKER_TLS_VERIFY").isPresent() && !"unix".equals(uri.getScheme())) {
            tls = Optional.of(settings.env("DOCKER_CERT_PATH").map(Path::of).orElse(config.path()));
        }
        return new DockerEndpoint(uri, source, tls);
    }

    private static URI parse(String host, String source) {
        URI uri;
        try {
            uri = URI.create(host);
        } catch (IllegalArgumentException e) {
            throw new InvalidEngineSettingException("Tried to use the Docker endpoint " + host + " (from " + source
                    + ") but failed because it is not a valid URI; use unix:///path or tcp://host:port");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "unix":
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw new InvalidEngineSettingException("Tried to use the Docker endpoint " + host + " (from " + source
                            + ") but failed because it names no socket path; use unix:///var/run/docker.sock");
                }
                return uri;
            case "tcp":
            case "http":
            case "https":
                if (uri.getHost() == null) {
                    throw new InvalidEngineSettingException("Tried to use the Docker endpoint " + host + " (from " + source
                            + ") but failed because it names no host; use tcp://host:port");
                }
                return uri;
            default:
                throw new InvalidEngineSettingException("Tried to use the Docker endpoint " + host + " (from " + source
                        + ") but failed because imgctl only speaks unix:// and tcp:// (not " + (scheme.isEmpty() ? "a bare path" : scheme + "://")
                        + "); use unix:///path or tcp://host:port");
        }
    }

    /** The endpoint as users write it, e.g. {@code unix:///var/run/docker.sock}. */
    @Override
    public String toString() {
        return uri.toString();
    }
}
