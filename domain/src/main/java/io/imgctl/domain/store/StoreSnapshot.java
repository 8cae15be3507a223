package io.imgctl.domain.store;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an engine holds at one moment: its images (with their layers) and its containers in every
 * state. Removal plans and disk-usage figures are computed from a snapshot, never from live calls.
 */
public record StoreSnapshot(List<Image> images, List<Container> containers, Instant takenAt) {

    public StoreSnapshot {
        images = List.copyOf(Objects.requireNonNull(images, "images"));
        containers = List.copyOf(Objects.requireNonNull(containers, "containers"));
        Objects.requireNonNull(takenAt, "takenAt");
    }

    /** Builds the lookup indexes (by ID, tag, parent, layer, container image) in one pass each. */
    public StoreIndex index() {
        return new StoreIndex(this);
    }

    public List<Container> containersUsing(ImageId id) {
        return containers.stream().filter(c -> c.imageId().equals(id)).toList();
    }
}
