package io.imgctl.domain.store;

import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * {@code df}: per image its size, the bytes it shares with other images and the bytes only it holds;
 * totals with each layer counted once. {@code reclaimableBytes} is what removing every image that no
 * container uses would free, so it equals the drop in {@code totalSize} such a removal causes.
 */
public record DiskUsage(List<ImageUsage> images, int layers, long totalSize, long reclaimableBytes,
                        int containers, long containersSize) {

    public DiskUsage {
        images = List.copyOf(Objects.requireNonNull(images, "images"));
    }

    public record ImageUsage(ImageId id, List<ImageReference> tags, long size, long sharedSize, long uniqueSize,
                             int containers) {
        public ImageUsage {
            Objects.requireNonNull(id, "id");
            tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        }
    }
}
