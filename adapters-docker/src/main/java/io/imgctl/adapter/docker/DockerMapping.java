package io.imgctl.adapter.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Docker's JSON answers to domain values: {@code GET /images/json}, {@code GET /images/{name}/json}
 * with {@code /history}, and {@code GET /containers/{id}/json}. The reads are mapped from the JSON
 * directly rather than through docker-java's model classes, which cost a few hundred milliseconds of
 * start-up in every listing.
 */
final class DockerMapping {

    /** Docker API 1.41 lists untagged images with these placeholders (1.43 and later give empty lists). */
    static final String NO_TAG = "<none>:<none>";
    static final String NO_DIGEST = "<none>@<none>";

    private DockerMapping() {
    }

    /** An image from {@code GET /images/json}: no layers; the config holds only the labels the list gives. */
    static Image listedImage(JsonNode item) {
        Map<String, String> labels = stringMap(item.path("Labels"));
        ImageConfig config = labels.isEmpty() ? ImageConfig.EMPTY
                : new ImageConfig(List.of(), List.of(), List.of(), "", "", labels,
                        ImageConfig.EMPTY.architecture(), ImageConfig.EMPTY.os());
        return new Image(
                ImageId.parse(item.path("Id").asText()),
                references(strings(item.path("RepoTags")), NO_TAG),
                references(strings(item.path("RepoDigests")), NO_DIGEST),
                Instant.ofEpochSecond(item.path("Created").asLong(0)),
                Math.max(0, item.path("Size").asLong(0)),
                parent(item.path("ParentId").asText("")),
                List.of(),
                config);
    }

    /**
     * An image in full: inspect for the names, config, diff IDs, {@code Author} and {@code Comment}; history
     * for the layer sizes and each layer's comment.
     */
    static Image inspectedImage(JsonNode inspect, JsonNode history) {
        List<Digest> diffIds = diffIds(inspect);
        List<LayerHistory.Entry> entries = new ArrayList<>();
        for (JsonNode h : history) {
            entries.add(new LayerHistory.Entry(
                    h.path("Id").asText("<missing>"),
                    h.path("Created").asLong(0),
                    h.path("CreatedBy").asText(""),
                    h.path("Size").asLong(0),
                    h.path("Comment").asText("")));
        }
        return inspectedImage(inspect, LayerHistory.layers(diffIds, entries));
    }

    /** An image from inspect alone: names, parent, size and config, no layers (their sizes are in the history). */
    static Image inspectedImageWithoutLayers(JsonNode inspect) {
        return inspectedImage(inspect, List.of());
    }

    /** The diff IDs of an image's layers, from inspect, base first. */
    static List<Digest> diffIds(JsonNode inspect) {
        List<Digest> diffIds = new ArrayList<>();
        for (String layer : strings(inspect.path("RootFS").path("Layers"))) {
            diffIds.add(Digest.parse(layer));
        }
        return diffIds;
    }

    private static Image inspectedImage(JsonNode inspect, List<Layer> layers) {
        return new Image(
                ImageId.parse(inspect.path("Id").asText()),
                references(strings(inspect.path("RepoTags")), NO_TAG),
                references(strings(inspect.path("RepoDigests")), NO_DIGEST),
                instant(inspect.path("Created").asText("")).orElse(Instant.EPOCH),
                Math.max(0, inspect.path("Size").asLong(0)),
                parent(inspect.path("Parent").asText("")),
                layers,
                config(inspect.path("Config"), inspect.path("Architecture").asText(""), inspect.path("Os").asText("")),
                inspect.path("Author").asText(""),
                inspect.path("Comment").asText(""));
    }

    static ImageConfig config(JsonNode c, String architecture, String os) {
        return new ImageConfig(
                strings(c.path("Cmd")),
                strings(c.path("Entrypoint")),
                strings(c.path("Env")),
                c.path("WorkingDir").asText(""),
                c.path("User").asText(""),
                stringMap(c.path("Labels")),
                architecture.isEmpty() ? ImageConfig.EMPTY.architecture() : architecture,
                os.isEmpty() ? ImageConfig.EMPTY.os() : os);
    }

    /** A container from {@code GET /containers/{id}/json}. */
    static Container container(JsonNode c) {
        JsonNode s = c.path("State");
        List<String> command = new ArrayList<>();
        String path = c.path("Path").asText("");
        if (!path.isEmpty()) {
            command.add(path);
        }
        command.addAll(strings(c.path("Args")));
        String imageId = c.path("Image").asText();
        String image = c.path("Config").path("Image").asText("");
        String status = s.path("Status").asText("");
        return new Container(
                c.path("Id").asText(),
                c.path("Name").asText(""),
                image.isEmpty() ? imageId : image,
                ImageId.parse(imageId),
                command,
                status.isEmpty() ? ContainerState.CREATED : ContainerState.parse(status),
                s.path("ExitCode").asInt(0),
                instant(c.path("Created").asText("")).orElse(Instant.EPOCH),
                instant(s.path("StartedAt").asText("")),
                instant(s.path("FinishedAt").asText("")),
                Math.max(0, c.path("SizeRw").asLong(0)));
    }

    /**
     * Parses Docker's RFC 3339 (nano) timestamps; Docker writes {@code 0001-01-01T00:00:00Z} for
     * "never", which is absence here.
     */
    static Optional<Instant> instant(String text) {
        if (text == null || text.isEmpty() || text.startsWith("0001-01-01")) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Parses Docker's familiar names, skipping its {@code <none>} placeholders. */
    static List<ImageReference> references(List<String> names, String placeholder) {
        List<ImageReference> refs = new ArrayList<>();
        for (String name : names) {
            if (name == null || name.isEmpty() || name.equals(placeholder) || name.startsWith("<none>")) {
                continue;
            }
            refs.add(ImageReference.parse(name));
        }
        return refs;
    }

    /** A JSON array of strings; Docker writes {@code null} for an empty one. */
    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array.isArray()) {
            for (JsonNode v : array) {
                values.add(v.asText());
            }
        } else if (array.isTextual()) {
            values.add(array.asText());
        }
        return values;
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        if (object.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = object.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), e.getValue().asText());
            }
        }
        return map;
    }

    private static Optional<ImageId> parent(String parent) {
        return parent.isEmpty() ? Optional.empty() : Optional.of(ImageId.parse(parent));
    }
}
