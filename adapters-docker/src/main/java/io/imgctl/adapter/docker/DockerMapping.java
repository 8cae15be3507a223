package io.imgctl.adapter.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ImageHistory;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Docker's answers (as docker-java reads them) to domain values. */
final class DockerMapping {

    /** Docker API 1.41 lists untagged images with these placeholders (1.43 and later give empty lists). */
    static final String NO_TAG = "<none>:<none>";
    static final String NO_DIGEST = "<none>@<none>";

    private DockerMapping() {
    }

    /** An image from {@code GET /images/json}: no layers; the config holds only the labels the list gives. */
    static Image listedImage(com.github.dockerjava.api.model.Image item) {
        Map<String, String> labels = item.getLabels() == null ? Map.of() : item.getLabels();
        ImageConfig config = labels.isEmpty() ? ImageConfig.EMPTY
                : new ImageConfig(List.of(), List.of(), List.of(), "", "", labels,
                        ImageConfig.EMPTY.architecture(), ImageConfig.EMPTY.os());
        return new Image(
                ImageId.parse(item.getId()),
                references(item.getRepoTags() == null ? List.of() : Arrays.asList(item.getRepoTags()), NO_TAG),
                references(item.getRepoDigests() == null ? List.of() : Arrays.asList(item.getRepoDigests()), NO_DIGEST),
                Instant.ofEpochSecond(item.getCreated() == null ? 0 : item.getCreated()),
                Math.max(0, item.getSize() == null ? 0 : item.getSize()),
                parent(item.getParentId()),
                List.of(),
                config);
    }

    /** An image in full: inspect for the names, config and diff IDs, history for the layer sizes. */
    static Image inspectedImage(InspectImageResponse inspect, List<ImageHistory> history) {
        List<Digest> diffIds = new ArrayList<>();
        if (inspect.getRootFS() != null && inspect.getRootFS().getLayers() != null) {
            for (String layer : inspect.getRootFS().getLayers()) {
                diffIds.add(Digest.parse(layer));
            }
        }
        List<LayerHistory.Entry> entries = new ArrayList<>();
        for (ImageHistory h : history) {
            entries.add(new LayerHistory.Entry(
                    h.getId() == null ? "<missing>" : h.getId(),
                    h.getCreated() == null ? 0 : h.getCreated(),
                    h.getCreatedBy() == null ? "" : h.getCreatedBy(),
                    h.getSize() == null ? 0 : h.getSize()));
        }
        List<Layer> layers = LayerHistory.layers(diffIds, entries);
        return new Image(
                ImageId.parse(inspect.getId()),
                references(nullToEmpty(inspect.getRepoTags()), NO_TAG),
                references(nullToEmpty(inspect.getRepoDigests()), NO_DIGEST),
                instant(inspect.getCreated()).orElse(Instant.EPOCH),
                Math.max(0, inspect.getSize() == null ? 0 : inspect.getSize()),
                parent(inspect.getParent()),
                layers,
                config(inspect.getConfig(), inspect.getArch(), inspect.getOs()));
    }

    static ImageConfig config(ContainerConfig c, String architecture, String os) {
        String arch = architecture == null || architecture.isEmpty() ? ImageConfig.EMPTY.architecture() : architecture;
        String system = os == null || os.isEmpty() ? ImageConfig.EMPTY.os() : os;
        if (c == null) {
            return new ImageConfig(List.of(), List.of(), List.of(), "", "", Map.of(), arch, system);
        }
        return new ImageConfig(
                list(c.getCmd()),
                list(c.getEntrypoint()),
                list(c.getEnv()),
                c.getWorkingDir() == null ? "" : c.getWorkingDir(),
                c.getUser() == null ? "" : c.getUser(),
                c.getLabels() == null ? Map.of() : c.getLabels(),
                arch,
                system);
    }

    /** A container from {@code GET /containers/{id}/json}. */
    static Container container(InspectContainerResponse c) {
        InspectContainerResponse.ContainerState s = c.getState();
        List<String> command = new ArrayList<>();
        if (c.getPath() != null && !c.getPath().isEmpty()) {
            command.add(c.getPath());
        }
        command.addAll(list(c.getArgs()));
        String image = c.getConfig() != null && c.getConfig().getImage() != null ? c.getConfig().getImage() : c.getImageId();
        Long exit = s == null ? null : s.getExitCodeLong();
        return new Container(
                c.getId(),
                c.getName() == null ? "" : c.getName(),
                image,
                ImageId.parse(c.getImageId()),
                command,
                state(s),
                exit == null ? 0 : exit.intValue(),
                instant(c.getCreated()).orElse(Instant.EPOCH),
                s == null ? Optional.empty() : instant(s.getStartedAt()),
                s == null ? Optional.empty() : instant(s.getFinishedAt()),
                c.getSizeRw() == null ? 0 : Math.max(0, c.getSizeRw()));
    }

    private static ContainerState state(InspectContainerResponse.ContainerState s) {
        if (s == null || s.getStatus() == null || s.getStatus().isEmpty()) {
            return ContainerState.CREATED;
        }
        return ContainerState.parse(s.getStatus());
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

    private static Optional<ImageId> parent(String parent) {
        return parent == null || parent.isEmpty() ? Optional.empty() : Optional.of(ImageId.parse(parent));
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }

    private static List<String> nullToEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
