package io.imgctl.adapter.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.imgctl.application.port.out.EngineSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The Docker CLI's configuration folder: {@code $DOCKER_CONFIG}, else {@code ~/.docker}. It holds
 * {@code config.json} (current context, registry credentials) and {@code contexts/meta/<sha256 of the
 * context name>/meta.json} (each context's endpoint), the layout the Docker CLI writes.
 */
final class DockerConfigDir {

    private final Path dir;

    DockerConfigDir(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** {@code DOCKER_CONFIG} from the settings' environment, else {@code $HOME/.docker}. */
    static DockerConfigDir of(EngineSettings settings) {
        Path dir = settings.env("DOCKER_CONFIG")
                .map(Path::of)
                .orElseGet(() -> Path.of(settings.env("HOME").orElse(System.getProperty("user.home")), ".docker"));
        return new DockerConfigDir(dir);
    }

    Path path() {
        return dir;
    }

    Path configFile() {
        return dir.resolve("config.json");
    }

    /** The parsed {@code config.json}; a missing node when the file does not exist. */
    JsonNode config() {
        return readJson(configFile()).orElse(MissingNode.getInstance());
    }

    /** {@code currentContext} from {@code config.json}, when set. */
    Optional<String> currentContext() {
        return text(config().path("currentContext"));
    }

    /** Where the Docker CLI keeps the metadata of the context {@code name}. */
    Path contextMetaFile(String name) {
        return dir.resolve("contexts").resolve("meta").resolve(sha256Hex(name)).resolve("meta.json");
    }

    /** The Docker endpoint ({@code Endpoints.docker.Host}) of the context {@code name}, if its metadata names one. */
    Optional<String> contextHost(String name) {
        return readJson(contextMetaFile(name))
                .flatMap(meta -> text(meta.path("Endpoints").path("docker").path("Host")));
    }

    /** Reads a JSON file; empty when it does not exist. Unreadable or malformed files are reported. */
    Optional<JsonNode> readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonTrees.parse(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new IllegalStateException("Tried to read " + file + " but failed because it is not valid JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
