package io.imgctl.domain.store;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What an engine holds at one moment: its images (with their layers) and its containers in every
 * state. Removal plans and disk-usage figures are computed from a snapshot, never from live calls.
 *
 * <p>A snapshot holds its images in {@link Image#NEWEST_FIRST} order and its containers in
 * {@link Container#NEWEST_FIRST} order, whatever order they were given in: engines list things made in
 * the same second in an order that changes from call to call, and everything computed from a snapshot
 * (df's rows, a layer's holders and the size it is counted with, a plan's actions and kept entries)
 * follows the snapshot's order.
 */
public record StoreSnapshot(List<Image> images, List<Container> containers, Instant takenAt) {

    public StoreSnapshot {
        images = sorted(Objects.requireNonNull(images, "images"), Image.NEWEST_FIRST);
        containers = sorted(Objects.requireNonNull(containers, "containers"), Container.NEWEST_FIRST);
        Objects.requireNonNull(takenAt, "takenAt");
    }

    private static <T> List<T> sorted(List<T> given, Comparator<? super T> order) {
        List<T> copy = new ArrayList<>(given);
        copy.sort(order);
        return List.copyOf(copy);
    }

    /** Builds the lookup indexes (by ID, tag, parent, layer, container image) in one pass each. */
    public StoreIndex index() {
        return new StoreIndex(this);
    }

    public List<Container> containersUsing(ImageId id) {
        return containers.stream().filter(c -> c.imageId().equals(id)).toList();
    }
}
