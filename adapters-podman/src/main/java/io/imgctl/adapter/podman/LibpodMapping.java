package io.imgctl.adapter.podman;

import com.fasterxml.jackson.databind.JsonNode;
import io.imgctl.domain.removal.EngineRecord;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads libpod's JSON into the domain, normalising what Podman spells differently from Docker:
 * <ul>
 *   <li>IDs: libpod gives bare hex ({@code e512...}); the domain has {@code sha256:e512...}.</li>
 *   <li>Names: Podman lists fully qualified names ({@code docker.io/library/busybox:latest},
 *       {@code localhost/t/run:1}); each is parsed with {@link ImageReference#parse}, which keeps it
 *       as the same reference ({@code localhost/t/run:1} stays in the {@code localhost} domain). A name
 *       that is only {@code repo@digest} (left by a pull by digest) is a digest, not a tag. Dangling
 *       images have {@code RepoTags: null}.</li>
 *   <li>Times: unix seconds in lists and history, RFC 3339 with nanoseconds in inspect and in the
 *       container list's {@code Created}; Podman's "never" is Go's zero time (a negative number).</li>
 *   <li>Container states: Podman's {@code configured}, {@code stopped}, ... go through
 *       {@link ContainerState#parse}; {@code unknown} becomes {@link ContainerState#DEAD}.</li>
 *   <li>Parent: libpod's {@code ParentId} is not stored but computed from the layer tree and history,
 *       so an image pulled from a registry can have a parent (the image whose layers and history it
 *       extends); it is passed on as the engine says.</li>
 * </ul>
 *
 * <p><b>Layers</b> ({@link #layers}): the inspect answer has the diff IDs ({@code RootFS.Layers}, base
 * first) and the OCI history (oldest first, with {@code empty_layer} flags, {@code created},
 * {@code created_by}); {@code GET /libpod/images/{id}/history} has the same entries newest first with
 * each entry's layer size (libimage walks the layer chain from the top, giving every entry that is not
 * an empty layer the size of the next layer down). So the non-empty history entries pair with the diff
 * IDs, both counted from the top; each layer takes its entry's size, instruction, time and comment. Diff IDs
 * without an entry (an image without history) take a size already known for that diff ID, else the
 * image's size when it has a single layer, else 0.
 */
final class LibpodMapping {

    private LibpodMapping() {
    }

    // ------------------------------------------------------------------ images

    /** An item of {@code GET /libpod/images/json}: no layers, no config. */
    static Image listedImage(JsonNode item) {
        return new Image(
                ImageId.parse(item.path("Id").asText()),
                tags(item.path("RepoTags")),
                digests(item.path("RepoDigests")),
                Instant.ofEpochSecond(item.path("Created").asLong(0)),
                Math.max(0, item.path("Size").asLong(0)),
                parent(item.path("ParentId")),
                List.of(),
                ImageConfig.EMPTY);
    }

    /**
     * {@code GET /libpod/images/{name}/json}, with the layers worked out by {@link #layers}. {@code Author}
     * and {@code Comment} are Docker's fields of the same names: {@code commit --author} and
     * {@code --message}. Podman keeps a commit's message only there (the new history entry's comment is
     * {@code FROM <image>}), and an image committed without one inherits its parent's comment.
     */
    static Image inspectedImage(JsonNode inspect, List<Layer> layers) {
        return new Image(
                ImageId.parse(inspect.path("Id").asText()),
                tags(inspect.path("RepoTags")),
                digests(inspect.path("RepoDigests")),
                time(inspect.path("Created")).orElse(Instant.EPOCH),
                Math.max(0, inspect.path("Size").asLong(0)),
                parent(inspect.path("Parent")),
                layers,
                config(inspect),
                inspect.path("Author").asText(""),
                inspect.path("Comment").asText(""));
    }

    /** The diff IDs of an inspect answer, base first. */
    static List<Digest> diffIds(JsonNode inspect) {
        List<Digest> ids = new ArrayList<>();
        for (JsonNode layer : inspect.path("RootFS").path("Layers")) {
            ids.add(Digest.parseLenient(layer.asText()));
        }
        return ids;
    }

    /**
     * Pairs diff IDs with history entries as described in the class comment.
     *
     * @param inspect      the inspect answer (diff IDs, OCI history, size)
     * @param history      the history answer (newest first), or a missing node when not fetched
     * @param knownSizes   sizes of diff IDs seen in other images, used when {@code history} is missing
     */
    static List<Layer> layers(JsonNode inspect, JsonNode history, Map<Digest, Long> knownSizes) {
        List<Digest> diffIds = diffIds(inspect);
        List<JsonNode> steps = new ArrayList<>();
        inspect.path("History").forEach(steps::add);
        List<Long> sizes = new ArrayList<>();
        if (history.isArray() && history.size() == steps.size()) {
            for (int i = history.size() - 1; i >= 0; i--) {
                sizes.add(Math.max(0, history.get(i).path("Size").asLong(0)));
            }
        }
        List<Integer> made = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (!steps.get(i).path("empty_layer").asBoolean(false)) {
                made.add(i);
            }
        }
        Layer[] layers = new Layer[diffIds.size()];
        int step = made.size() - 1;
        for (int d = diffIds.size() - 1; d >= 0; d--, step--) {
            Digest diffId = diffIds.get(d);
            if (step >= 0) {
                int i = made.get(step);
                JsonNode entry = steps.get(i);
                long size = sizes.isEmpty() ? fallbackSize(diffId, diffIds, inspect, knownSizes) : sizes.get(i);
                layers[d] = new Layer(diffId, size, entry.path("created_by").asText(""), time(entry.path("created")),
                        entry.path("comment").asText(""));
            } else {
                layers[d] = new Layer(diffId, fallbackSize(diffId, diffIds, inspect, knownSizes));
            }
        }
        return List.of(layers);
    }

    private static long fallbackSize(Digest diffId, List<Digest> diffIds, JsonNode inspect, Map<Digest, Long> knownSizes) {
        Long known = knownSizes.get(diffId);
        if (known != null) {
            return known;
        }
        return diffIds.size() == 1 ? Math.max(0, inspect.path("Size").asLong(0)) : 0;
    }

    static ImageConfig config(JsonNode inspect) {
        JsonNode c = inspect.path("Config");
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode labelNode = c.path("Labels").isObject() ? c.path("Labels") : inspect.path("Labels");
        labelNode.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText("")));
        return new ImageConfig(
                strings(c.path("Cmd")),
                strings(c.path("Entrypoint")),
                strings(c.path("Env")),
                c.path("WorkingDir").asText(""),
                c.path("User").asText(""),
                labels,
                text(inspect.path("Architecture"), "amd64"),
                text(inspect.path("Os"), "linux"));
    }

    /** {@code RepoTags}: every name with a tag; {@code repo@digest} names and unparsable ones are left out. */
    static List<ImageReference> tags(JsonNode repoTags) {
        List<ImageReference> tags = new ArrayList<>();
        for (JsonNode name : repoTags) {
            reference(name.asText()).filter(r -> r.tag().isPresent())
                    .map(r -> r.digest().isPresent() ? r.withTag(r.tag().get()) : r)
                    .filter(r -> !tags.contains(r))
                    .ifPresent(tags::add);
        }
        return tags;
    }

    /** {@code RepoDigests}: {@code repo@sha256:...} references. */
    static List<ImageReference> digests(JsonNode repoDigests) {
        List<ImageReference> digests = new ArrayList<>();
        for (JsonNode name : repoDigests) {
            reference(name.asText()).filter(r -> r.digest().isPresent())
                    .map(r -> r.tag().isPresent() ? r.withDigest(r.digest().get()) : r)
                    .filter(r -> !digests.contains(r))
                    .ifPresent(digests::add);
        }
        return digests;
    }

    static Optional<ImageReference> reference(String name) {
        if (name == null || name.isEmpty() || name.startsWith("<none>")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ImageReference.parse(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<ImageId> parent(JsonNode node) {
        String text = node.asText("");
        return text.isEmpty() ? Optional.empty() : Optional.of(ImageId.parse(text));
    }

    // ------------------------------------------------------------------ containers

    /**
     * An item of {@code GET /libpod/containers/json}; empty for a container without an image ID (one
     * made from a root file system rather than an image), which the port cannot represent.
     */
    static Optional<Container> container(JsonNode item) {
        String imageId = item.path("ImageID").asText("");
        if (imageId.isEmpty()) {
            return Optional.empty();
        }
        JsonNode names = item.path("Names");
        String name = names.isArray() && names.size() > 0 ? names.get(0).asText("") : "";
        JsonNode size = item.path("Size");
        return Optional.of(new Container(
                item.path("Id").asText(),
                name,
                familiarImage(item.path("Image").asText("")),
                ImageId.parse(imageId),
                strings(item.path("Command")),
                state(item.path("State").asText("")),
                item.path("ExitCode").asInt(0),
                time(item.path("Created")).orElse(Instant.EPOCH),
                time(item.path("StartedAt")),
                time(item.path("ExitedAt")),
                size.isObject() ? Math.max(0, size.path("rwSize").asLong(0)) : 0));
    }

    /** The container's image as the user would have typed it: {@code busybox:latest}, or an ID as is. */
    static String familiarImage(String image) {
        if (ImageReference.isIdentifier(image)) {
            return image;
        }
        return reference(image).map(ImageReference::familiar).orElse(image);
    }

    static ContainerState state(String text) {
        if (text.isBlank()) {
            return ContainerState.DEAD;
        }
        try {
            return ContainerState.parse(text);
        } catch (IllegalArgumentException e) {
            return ContainerState.DEAD;
        }
    }

    // ------------------------------------------------------------------ removal

    /** {@code {"Deleted":[ids],"Untagged":[names]}} as Docker prints it: untagged names first, then IDs. */
    static List<EngineRecord> removalRecords(JsonNode report) {
        List<EngineRecord> records = new ArrayList<>();
        for (JsonNode name : report.path("Untagged")) {
            String text = name.asText("");
            if (!text.isEmpty()) {
                records.add(new EngineRecord(EngineRecord.Kind.UNTAGGED,
                        reference(text).map(ImageReference::familiar).orElse(text)));
            }
        }
        for (JsonNode id : report.path("Deleted")) {
            String text = id.asText("");
            if (!text.isEmpty()) {
                records.add(new EngineRecord(EngineRecord.Kind.DELETED, ImageId.parse(text).toString()));
            }
        }
        return records;
    }

    // ------------------------------------------------------------------ values

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(v -> values.add(v.asText("")));
        } else if (array.isTextual() && !array.asText().isEmpty()) {
            values.add(array.asText());
        }
        return values;
    }

    private static String text(JsonNode node, String fallback) {
        String t = node.asText("");
        return t.isEmpty() ? fallback : t;
    }

    /**
     * A time as libpod writes it: RFC 3339 text, or unix seconds. Go's zero time (year 1, or the
     * negative seconds it makes) and missing values are empty.
     */
    static Optional<Instant> time(JsonNode node) {
        if (node.isNumber()) {
            long seconds = node.asLong();
            return seconds > 0 ? Optional.of(Instant.ofEpochSecond(seconds)) : Optional.empty();
        }
        String text = node.asText("");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            Instant t = OffsetDateTime.parse(text).toInstant();
            return t.getEpochSecond() > 0 ? Optional.of(t) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
