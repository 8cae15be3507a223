package io.imgctl.adapter.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imgctl.application.port.out.EngineSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Registry credentials as the Docker CLI stores them: the {@code auths} map of {@code config.json}
 * (keys such as {@code localhost:5000} or {@code https://index.docker.io/v1/}; values with a base64
 * {@code auth} of {@code user:password}, or {@code username}/{@code password}, or {@code identitytoken}),
 * then the same map in {@code $REGISTRY_AUTH_FILE} (Podman's file, same format).
 *
 * <p>Credential helpers ({@code credsStore}, {@code credHelpers}) are not run: a registry whose secret
 * lives only in a helper is used without credentials.
 *
 * <p>{@link #header(String)} is the {@code X-Registry-Auth} value Docker expects: base64url of
 * {@code {"username","password","serveraddress"}} (or {@code {"identitytoken","serveraddress"}}), and
 * {@code {}} when nothing is known, because Docker's push refuses a request without the header.
 */
final class RegistryAuth {

    static final String DOCKER_HUB_ADDRESS = "https://index.docker.io/v1/";

    /** One stored credential; {@code serverAddress} as Docker wants it in the header. */
    record Credential(String serverAddress, String username, String password, String identityToken) {
        Credential {
            Objects.requireNonNull(serverAddress, "serverAddress");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(identityToken, "identityToken");
        }

        @Override
        public String toString() {
            return "Credential[" + serverAddress + ", " + username + ", ***]";
        }
    }

    private record Entry(String registry, JsonNode value, Path file) {
    }

    private final List<Entry> entries;
    private final ObjectMapper mapper;

    private RegistryAuth(List<Entry> entries, ObjectMapper mapper) {
        this.entries = List.copyOf(entries);
        this.mapper = mapper;
    }

    static RegistryAuth load(DockerConfigDir config, EngineSettings settings, ObjectMapper mapper) {
        List<Entry> entries = new ArrayList<>();
        collect(config.configFile(), config.config(), entries);
        settings.env("REGISTRY_AUTH_FILE").map(Path::of)
                .ifPresent(file -> config.readJson(file).ifPresent(json -> collect(file, json, entries)));
        return new RegistryAuth(entries, mapper);
    }

    private static void collect(Path file, JsonNode json, List<Entry> into) {
        Iterator<Map.Entry<String, JsonNode>> it = json.path("auths").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            into.add(new Entry(normaliseRegistry(e.getKey()), e.getValue(), file));
        }
    }

    /**
     * The registry host a key or a reference domain designates: scheme and path dropped, lower case,
     * and Docker Hub's several spellings ({@code index.docker.io}, {@code registry-1.docker.io},
     * {@code https://index.docker.io/v1/}) folded into {@code docker.io}.
     */
    static String normaliseRegistry(String keyOrDomain) {
        String s = keyOrDomain.trim().toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        if (s.equals("index.docker.io") || s.equals("registry-1.docker.io") || s.equals("registry.hub.docker.com")) {
            return "docker.io";
        }
        return s;
    }

    /** The stored credential for the registry {@code domain} (a reference's domain), if any. */
    Optional<Credential> forRegistry(String domain) {
        String wanted = normaliseRegistry(domain);
        for (Entry entry : entries) {
            if (!entry.registry().equals(wanted)) {
                continue;
            }
            Optional<Credential> credential = decode(entry, wanted);
            if (credential.isPresent()) {
                return credential;
            }
        }
        return Optional.empty();
    }

    private static Optional<Credential> decode(Entry entry, String registry) {
        JsonNode v = entry.value();
        String address = registry.equals("docker.io") ? DOCKER_HUB_ADDRESS : registry;
        String user = v.path("username").asText("");
        String password = v.path("password").asText("");
        String auth = v.path("auth").asText("");
        String token = v.path("identitytoken").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("Tried to read the credentials for " + registry + " in " + entry.file()
                        + " but failed because its \"auth\" is not base64", e);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IllegalStateException("Tried to read the credentials for " + registry + " in " + entry.file()
                        + " but failed because its \"auth\" is not base64 of user:password");
            }
            user = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        if (user.isEmpty() && token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Credential(address, user, password, token));
    }

    /** The {@code X-Registry-Auth} header value for pulls from or pushes to {@code domain}. */
    String header(String domain) {
        ObjectNode json = mapper.createObjectNode();
        forRegistry(domain).ifPresent(c -> {
            if (!c.identityToken().isEmpty()) {
                json.put("identitytoken", c.identityToken());
            } else {
                json.put("username", c.username());
                json.put("password", c.password());
            }
            json.put("serveraddress", c.serverAddress());
        });
        return Base64.getUrlEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
