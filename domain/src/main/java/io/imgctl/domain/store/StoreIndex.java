package io.imgctl.domain.store;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.InvalidReferenceException;
import io.imgctl.domain.image.Layer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lookup indexes over a {@link StoreSnapshot}: images by ID and tag, children by parent, containers
 * by image, and the images holding each layer. Built once, in time linear in the snapshot.
 */
public final class StoreIndex {

    private final StoreSnapshot snapshot;
    private final Map<ImageId, Image> byId = new LinkedHashMap<>();
    private final Map<ImageReference, Image> byTag = new HashMap<>();
    private final Map<ImageId, List<Image>> children = new HashMap<>();
    private final Map<ImageId, List<Container>> containersByImage = new HashMap<>();
    private final Map<Digest, List<Image>> holders = new HashMap<>();

    StoreIndex(StoreSnapshot snapshot) {
        this.snapshot = snapshot;
        for (Image image : snapshot.images()) {
            byId.put(image.id(), image);
            for (ImageReference tag : image.tags()) {
                byTag.put(tag, image);
            }
            image.parent().ifPresent(p -> children.computeIfAbsent(p, k -> new ArrayList<>()).add(image));
            for (Layer layer : image.layers()) {
                holders.computeIfAbsent(layer.diffId(), k -> new ArrayList<>(2)).add(image);
            }
        }
        for (Container c : snapshot.containers()) {
            containersByImage.computeIfAbsent(c.imageId(), k -> new ArrayList<>()).add(c);
        }
    }

    public StoreSnapshot snapshot() {
        return snapshot;
    }

    public Optional<Image> image(ImageId id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<Image> imageByTag(ImageReference tag) {
        return Optional.ofNullable(byTag.get(tag));
    }

    public List<Image> children(ImageId id) {
        return children.getOrDefault(id, List.of());
    }

    public List<Container> containersUsing(ImageId id) {
        return containersByImage.getOrDefault(id, List.of());
    }

    /** The images that hold a layer (one entry per image). */
    public List<Image> holders(Digest diffId) {
        return holders.getOrDefault(diffId, List.of());
    }

    /**
     * Resolves what a user typed the way Docker does: first as a reference ({@code :latest} when no
     * tag), then as a full or unique prefix of an image ID.
     */
    public ImageResolution resolve(String referenceOrId) {
        try {
            ImageReference ref = ImageReference.parse(referenceOrId).withDefaultTag();
            Image tagged = byTag.get(ref);
            if (tagged != null) {
                return new ImageResolution.ByTag(tagged, ref);
            }
        } catch (InvalidReferenceException notAReference) {
            // may still be an ID or an ID prefix
        }
        String hex = referenceOrId.startsWith("sha256:") ? referenceOrId.substring(7) : referenceOrId;
        if (!hex.isEmpty() && hex.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
            List<Image> matches = new ArrayList<>(1);
            for (Image image : byId.values()) {
                if (image.id().matchesPrefix(hex)) {
                    matches.add(image);
                }
            }
            if (matches.size() == 1) {
                return new ImageResolution.ById(matches.get(0));
            }
            if (matches.size() > 1) {
                return new ImageResolution.Ambiguous(referenceOrId, matches.size());
            }
        }
        return new ImageResolution.Missing(referenceOrId);
    }
}
