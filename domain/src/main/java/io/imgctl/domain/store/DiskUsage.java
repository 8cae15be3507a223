package io.imgctl.domain.store;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code df}: per image its size, the bytes it shares with other images and the bytes only it holds;
 * totals with each layer counted once. {@code reclaimableBytes} is what removing every image that no
 * container uses would free, so it equals the drop in {@code totalSize} such a removal causes.
 *
 * <p>An image listed without layer detail counts its whole size as one layer of its own (keyed by its
 * ID); {@code layers} counts real layers only.
 *
 * @param layers          distinct layers (by diff ID) in the store
 * @param totalSize       bytes of all distinct layers, each once
 * @param containers      containers in every state, including those whose image is gone
 * @param containersSize  bytes in the containers' writable layers
 */
public record DiskUsage(List<ImageUsage> images, int layers, long totalSize, long reclaimableBytes,
                        int containers, long containersSize) {

    public DiskUsage {
        images = List.copyOf(Objects.requireNonNull(images, "images"));
    }

    /**
     * One image's share of the store.
     *
     * @param size        bytes of its layers, each once
     * @param sharedSize  bytes of its layers that at least one other image also holds
     * @param uniqueSize  {@code size - sharedSize}: what deleting it alone would free
     * @param containers  containers (any state) created from it
     */
    public record ImageUsage(ImageId id, List<ImageReference> tags, long size, long sharedSize, long uniqueSize,
                             int containers) {
        public ImageUsage {
            Objects.requireNonNull(id, "id");
            tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        }
    }

    /** Computes the figures in time linear in the snapshot. */
    public static DiskUsage of(StoreSnapshot snapshot) {
        return of(snapshot.index());
    }

    public static DiskUsage of(StoreIndex index) {
        StoreSnapshot snapshot = index.snapshot();
        List<ImageUsage> usages = new ArrayList<>(snapshot.images().size());
        long layerBytes = 0;
        long protectedBytes = 0;
        long opaqueBytes = 0;
        long unusedOpaqueBytes = 0;
        for (Image image : snapshot.images()) {
            int users = index.containersUsing(image.id()).size();
            if (image.layers().isEmpty()) {
                usages.add(new ImageUsage(image.id(), image.tags(), image.size(), 0, image.size(), users));
                opaqueBytes += image.size();
                unusedOpaqueBytes += users == 0 ? image.size() : 0;
                continue;
            }
            long size = 0;
            long shared = 0;
            for (Layer layer : index.distinctLayers(image)) {
                Digest diffId = layer.diffId();
                long bytes = index.layerSize(diffId);
                size += bytes;
                if (index.holderCount(diffId) > 1) {
                    shared += bytes;
                }
                if (index.isFirstHolder(diffId, image)) {
                    // Each layer is counted once, at its first holder; it is protected when any holder is in use.
                    layerBytes += bytes;
                    if (anyInUse(index, index.holders(diffId))) {
                        protectedBytes += bytes;
                    }
                }
            }
            usages.add(new ImageUsage(image.id(), image.tags(), size, shared, size - shared, users));
        }
        long containersSize = 0;
        for (Container c : snapshot.containers()) {
            containersSize += c.sizeRw();
        }
        return new DiskUsage(usages, index.layerCount(), layerBytes + opaqueBytes,
                layerBytes - protectedBytes + unusedOpaqueBytes, snapshot.containers().size(), containersSize);
    }

    private static boolean anyInUse(StoreIndex index, List<Image> holders) {
        for (Image holder : holders) {
            if (!index.containersUsing(holder.id()).isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
