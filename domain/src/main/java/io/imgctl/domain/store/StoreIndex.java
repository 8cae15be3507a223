package io.imgctl.domain.store;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.InvalidReferenceException;
import io.imgctl.domain.image.Layer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lookup indexes over a {@link StoreSnapshot}: images by ID, ID prefix and tag, children by parent,
 * containers by image, name and ID prefix, and the images holding each layer. Built once, in time
 * linear in the snapshot; every lookup is then constant or logarithmic (the sorted IDs that prefix
 * lookups search are built, once, on the first such lookup).
 *
 * <p>Layers are identified by diff ID. An image that lists the same diff ID twice holds it once. When
 * two images disagree on a layer's size, the first image in snapshot order wins, so that every figure
 * computed from one index counts a layer with one size.
 */
public final class StoreIndex {

    /** One distinct layer: the size it is counted with and the images holding it, in snapshot order. */
    private static final class LayerEntry {
        final long size;
        final List<Image> holders = new ArrayList<>(2);

        LayerEntry(long size) {
            this.size = size;
        }
    }

    private final StoreSnapshot snapshot;
    private final Map<ImageId, Image> byId;
    private final Map<ImageReference, Image> byTag;
    private final Map<ImageId, List<Image>> children = new HashMap<>();
    private final Map<ImageId, List<Container>> containersByImage;
    private final Map<Digest, LayerEntry> layers;
    /** Only images that list a diff ID more than once; every other image's layers are already distinct. */
    private final Map<ImageId, List<Layer>> distinctWhereDuplicated = new HashMap<>();
    private final Map<String, Container> containersByName;
    private final Map<String, Container> containersById;
    /** Sorted IDs for prefix lookups, built on the first lookup by ID prefix (most plans need none). */
    private volatile String[] sortedImageHex;
    private volatile String[] sortedContainerIds;

    StoreIndex(StoreSnapshot snapshot) {
        this.snapshot = snapshot;
        List<Image> images = snapshot.images();
        List<Container> containers = snapshot.containers();
        byId = new HashMap<>(capacity(images.size()));
        byTag = new HashMap<>(capacity(images.size() * 2));
        layers = new HashMap<>(capacity(images.size() * 4));
        for (Image image : images) {
            byId.put(image.id(), image);
            for (ImageReference tag : image.tags()) {
                byTag.put(tag, image);
            }
            image.parent().ifPresent(p -> children.computeIfAbsent(p, k -> new ArrayList<>(2)).add(image));
            boolean duplicated = false;
            for (Layer layer : image.layers()) {
                LayerEntry entry = layers.get(layer.diffId());
                if (entry == null) {
                    entry = new LayerEntry(layer.size());
                    layers.put(layer.diffId(), entry);
                }
                List<Image> holders = entry.holders;
                if (!holders.isEmpty() && holders.get(holders.size() - 1) == image) {
                    duplicated = true; // listed twice by this image: it holds the layer once
                } else {
                    holders.add(image);
                }
            }
            if (duplicated) {
                distinctWhereDuplicated.put(image.id(), dedupe(image.layers()));
            }
        }
        containersByImage = new HashMap<>(capacity(Math.min(images.size(), containers.size())));
        containersByName = new HashMap<>(capacity(containers.size()));
        containersById = new HashMap<>(capacity(containers.size()));
        for (Container container : containers) {
            containersByImage.computeIfAbsent(container.imageId(), k -> new ArrayList<>(2)).add(container);
            containersByName.put(container.name(), container);
            containersById.put(container.id(), container);
        }
    }

    private String[] sortedImageHex() {
        String[] sorted = sortedImageHex;
        if (sorted == null) {
            sorted = snapshot.images().stream().map(image -> image.id().hex()).sorted().toArray(String[]::new);
            sortedImageHex = sorted; // a race only builds the same array twice
        }
        return sorted;
    }

    private String[] sortedContainerIds() {
        String[] sorted = sortedContainerIds;
        if (sorted == null) {
            sorted = snapshot.containers().stream().map(Container::id).sorted().toArray(String[]::new);
            sortedContainerIds = sorted;
        }
        return sorted;
    }

    private static int capacity(int entries) {
        return Math.max(16, (int) (entries / 0.75f) + 1);
    }

    private static List<Layer> dedupe(List<Layer> layers) {
        List<Layer> distinct = new ArrayList<>(layers.size());
        java.util.Set<Digest> seen = new java.util.HashSet<>();
        for (Layer layer : layers) {
            if (seen.add(layer.diffId())) {
                distinct.add(layer);
            }
        }
        return Collections.unmodifiableList(distinct);
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

    public Optional<Container> container(String id) {
        return Optional.ofNullable(containersById.get(id));
    }

    /** The images that hold a layer (one entry per image, in snapshot order). */
    public List<Image> holders(Digest diffId) {
        LayerEntry entry = layers.get(diffId);
        return entry == null ? List.of() : Collections.unmodifiableList(entry.holders);
    }

    /** How many images hold a layer. */
    public int holderCount(Digest diffId) {
        LayerEntry entry = layers.get(diffId);
        return entry == null ? 0 : entry.holders.size();
    }

    /** Whether {@code image} is the first image in snapshot order that holds the layer. */
    public boolean isFirstHolder(Digest diffId, Image image) {
        LayerEntry entry = layers.get(diffId);
        return entry != null && !entry.holders.isEmpty() && entry.holders.get(0) == image;
    }

    /** The size a layer is counted with: the size the first image holding it gives. Zero for an unknown layer. */
    public long layerSize(Digest diffId) {
        LayerEntry entry = layers.get(diffId);
        return entry == null ? 0 : entry.size;
    }

    /** The number of distinct layers (by diff ID) in the snapshot. */
    public int layerCount() {
        return layers.size();
    }

    /** An image's layers, base first, each diff ID once (for an image of this snapshot). */
    public List<Layer> distinctLayers(Image image) {
        List<Layer> distinct = distinctWhereDuplicated.get(image.id());
        return distinct != null ? distinct : image.layers();
    }

    /**
     * Resolves what a user typed the way Docker does: first as a reference ({@code :latest} when no
     * tag), then as a full or unique prefix of an image ID.
     */
    public ImageResolution resolve(String referenceOrId) {
        return resolve(referenceOrId, false);
    }

    /**
     * Resolves as {@link #resolve(String)} does; with {@code localShortNames} (Podman), a short name
     * that finds no {@code docker.io} image then finds the image Podman named {@code localhost/NAME}
     * ({@link ImageReference#localhostAlias}), before ID prefixes are tried.
     */
    public ImageResolution resolve(String referenceOrId, boolean localShortNames) {
        try {
            ImageReference ref = ImageReference.parse(referenceOrId).withDefaultTag();
            Image tagged = byTag.get(ref);
            if (tagged != null) {
                return new ImageResolution.ByTag(tagged, ref);
            }
            if (localShortNames) {
                Optional<ImageReference> local = ImageReference.localhostAlias(referenceOrId);
                Image found = local.map(byTag::get).orElse(null);
                if (found != null) {
                    return new ImageResolution.ByTag(found, local.get());
                }
            }
        } catch (InvalidReferenceException notAReference) {
            // may still be an ID or an ID prefix
        }
        String hex = referenceOrId.startsWith("sha256:") ? referenceOrId.substring(7) : referenceOrId;
        if (isHex(hex)) {
            String[] sorted = sortedImageHex();
            int from = lowerBound(sorted, hex);
            int matches = countPrefix(sorted, from, hex);
            if (matches == 1) {
                return new ImageResolution.ById(byId.get(ImageId.parse(sorted[from])));
            }
            if (matches > 1) {
                return new ImageResolution.Ambiguous(referenceOrId, matches);
            }
        }
        return new ImageResolution.Missing(referenceOrId);
    }

    /**
     * Resolves a container argument the way Docker does: its full ID, then its exact name, then a
     * unique prefix of its ID.
     */
    public ContainerResolution resolveContainer(String nameOrId) {
        Container exact = containersById.get(nameOrId);
        if (exact != null) {
            return new ContainerResolution.Found(exact);
        }
        Container named = containersByName.get(nameOrId.startsWith("/") ? nameOrId.substring(1) : nameOrId);
        if (named != null) {
            return new ContainerResolution.Found(named);
        }
        if (isHex(nameOrId)) {
            String[] sorted = sortedContainerIds();
            int from = lowerBound(sorted, nameOrId);
            int matches = countPrefix(sorted, from, nameOrId);
            if (matches == 1) {
                return new ContainerResolution.Found(containersById.get(sorted[from]));
            }
            if (matches > 1) {
                return new ContainerResolution.Ambiguous(nameOrId, matches);
            }
        }
        return new ContainerResolution.Missing(nameOrId);
    }

    private static boolean isHex(String s) {
        return !s.isEmpty() && s.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'));
    }

    /** The first index whose key is not below {@code key}. */
    private static int lowerBound(String[] sorted, String key) {
        int found = Arrays.binarySearch(sorted, key);
        return found >= 0 ? found : -found - 1;
    }

    /** How many keys from {@code from} on start with {@code prefix}: the matches are contiguous when sorted. */
    private static int countPrefix(String[] sorted, int from, String prefix) {
        // Keys are lowercase hex, so every key with this prefix sorts below prefix + "g".
        return lowerBound(sorted, prefix + "g") - from;
    }
}
