package io.imgctl.adapter.podman;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.domain.image.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Registry credentials for pulls and pushes, sent to Podman as the {@code X-Registry-Auth} header
 * (base64url of {@code {"username","password","serveraddress"}} or {@code {"identitytoken"}}).
 *
 * <p>The files are searched in Podman's order, and the first one with an entry for the registry wins:
 * {@code $REGISTRY_AUTH_FILE}, {@code $XDG_RUNTIME_DIR/containers/auth.json}, then Docker's
 * {@code $DOCKER_CONFIG/config.json} (default {@code ~/.docker/config.json}). An entry's key is a
 * registry ({@code localhost:5001}, {@code https://index.docker.io/v1/}) or, as Podman allows, a
 * registry with a repository namespace ({@code quay.io/team}); the longest key that covers the image wins.
 * Only inline credentials ({@code auth}, {@code username}/{@code password}, {@code identitytoken}) are
 * read: credential helpers ({@code credsStore}, {@code credHelpers}) are not run.
 */
final class RegistryAuth {

    private final List<Path> files;
    private final ObjectMapper mapper;

    RegistryAuth(List<Path> files, ObjectMapper mapper) {
        this.files = List.copyOf(files);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    static RegistryAuth from(EngineSettings settings, ObjectMapper mapper) {
        List<Path> files = new ArrayList<>();
        settings.env("REGISTRY_AUTH_FILE").ifPresent(f -> files.add(Path.of(f)));
        settings.env("XDG_RUNTIME_DIR").ifPresent(d -> files.add(Path.of(d, "containers", "auth.json")));
        Optional<String> dockerConfig = settings.env("DOCKER_CONFIG");
        if (dockerConfig.isPresent()) {
            files.add(Path.of(dockerConfig.get(), "config.json"));
        } else {
            Optional<String> home = settings.env("HOME").or(() -> Optional.ofNullable(System.getProperty("user.home")));
            home.ifPresent(h -> files.add(Path.of(h, ".docker", "config.json")));
        }
        return new RegistryAuth(files, mapper);
    }

    List<Path> files() {
        return files;
    }

    /** The header value for {@code reference}'s registry, when a file has credentials for it. */
    Optional<String> header(ImageReference reference) {
        for (Path file : files) {
            Optional<ObjectNode> credentials = credentials(file, reference);
            if (credentials.isPresent()) {
                return Optional.of(encode(credentials.get()));
            }
        }
        return Optional.empty();
    }

    /** The header value that says "no credentials" ({@code {}}), which some endpoints want rather than none. */
    String anonymous() {
        return encode(mapper.createObjectNode());
    }

    private String encode(ObjectNode json) {
        try {
            return Base64.getUrlEncoder().encodeToString(mapper.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode registry credentials", e);
        }
    }

    private Optional<ObjectNode> credentials(Path file, ImageReference reference) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode auths;
        try {
            auths = mapper.readTree(file.toFile()).path("auths");
        } catch (IOException e) {
            return Optional.empty();
        }
        JsonNode best = null;
        int bestLength = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = normaliseKey(entry.getKey());
            if (covers(key, reference) && key.length() > bestLength) {
                best = entry.getValue();
                bestLength = key.length();
            }
        }
        return best == null ? Optional.empty() : toCredentials(best, reference.domain());
    }

    private Optional<ObjectNode> toCredentials(JsonNode entry, String registry) {
        ObjectNode out = mapper.createObjectNode();
        String token = entry.path("identitytoken").asText("");
        if (!token.isEmpty()) {
            out.put("identitytoken", token);
            out.put("serveraddress", registry);
            return Optional.of(out);
        }
        String user = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getMimeDecoder().decode(auth), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            user = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        if (user.isEmpty()) {
            return Optional.empty();
        }
        out.put("username", user);
        out.put("password", password);
        out.put("serveraddress", registry);
        return Optional.of(out);
    }

    /** {@code https://index.docker.io/v1/} → {@code docker.io}; {@code http://localhost:5001} → {@code localhost:5001}. */
    static String normaliseKey(String key) {
        String k = key.strip();
        int scheme = k.indexOf("://");
        if (scheme >= 0) {
            k = k.substring(scheme + 3);
        }
        while (k.endsWith("/")) {
            k = k.substring(0, k.length() - 1);
        }
        if (k.endsWith("/v1") || k.endsWith("/v2")) {
            k = k.substring(0, k.length() - 3);
        }
        int slash = k.indexOf('/');
        String host = slash < 0 ? k : k.substring(0, slash);
        if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
            k = ImageReference.DEFAULT_DOMAIN + (slash < 0 ? "" : k.substring(slash));
        }
        return k;
    }

    private static boolean covers(String key, ImageReference reference) {
        return key.equals(reference.domain()) || reference.name().startsWith(key + "/") || key.equals(reference.name());
    }
}
