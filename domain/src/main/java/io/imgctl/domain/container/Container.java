package io.imgctl.domain.container;

import io.imgctl.domain.image.ImageId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container: a writable layer on top of an image's read-only layers, plus a process.
 *
 * @param id        64 hex characters
 * @param name      its name, without Docker's leading slash
 * @param image     the reference it was created from, as given
 * @param imageId   the ID of the image it was created from (it survives the image's removal on Docker)
 * @param command   the command it runs
 * @param state     its lifecycle state
 * @param exitCode  the last exit code (0 when it never ran)
 * @param created   when it was created
 * @param started   when it last started, if ever
 * @param finished  when it last finished, if ever
 * @param sizeRw    bytes in its writable layer, when known (zero otherwise)
 */
public record Container(
        String id,
        String name,
        String image,
        ImageId imageId,
        List<String> command,
        ContainerState state,
        int exitCode,
        Instant created,
        Optional<Instant> started,
        Optional<Instant> finished,
        long sizeRw) {

    /**
     * The listing order, total: newest first; containers created in the same instant by name, then by ID.
     * Every listing and plan uses it (issue 18).
     */
    public static final Comparator<Container> NEWEST_FIRST = Comparator.comparing(Container::created).reversed()
            .thenComparing(Container::name).thenComparing(Container::id);

    private static final Pattern ID = Pattern.compile("[a-f0-9]{64}");

    public Container {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("container ID must be 64 hex characters: " + id);
        }
        Objects.requireNonNull(name, "name");
        name = name.startsWith("/") ? name.substring(1) : name;
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(imageId, "imageId");
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
    }

    public String shortId() {
        return id.substring(0, 12);
    }

    public boolean isRunning() {
        return state.isActive();
    }

    /** Whether a user's argument designates this container: its full name, or a prefix of its ID. */
    public boolean matches(String nameOrIdPrefix) {
        return name.equals(nameOrIdPrefix) || (!nameOrIdPrefix.isEmpty() && id.startsWith(nameOrIdPrefix));
    }

    /** The latest moment this container shows use of its image: finished, started or created. */
    public Instant lastUsed() {
        Instant last = created;
        if (started.isPresent() && started.get().isAfter(last)) {
            last = started.get();
        }
        if (finished.isPresent() && finished.get().isAfter(last)) {
            last = finished.get();
        }
        return last;
    }
}
