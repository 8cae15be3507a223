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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lookup indexes over a {@link StoreSnapshot}: images by ID, ID prefix and tag, children by parent,
 * containers by image, name and ID prefix, and the images holding each layer. Built once, in time
 * linear in the snapshot (plus a sort of the IDs); every lookup is then constant or logarithmic.
 *
 * <p>Layers are identified by diff ID. An image that lists the same diff ID twice holds it once. When
 * two images disagree on a layer's size, the first image in snapshot order wins, so that every figure
 * computed from one index counts a layer with one size.
 */
public final class StoreIndex {

    private final StoreSnapshot snapshot;
    private final Map<ImageId, Image> byId = new LinkedHashMap<>();
    private final NavigableMap<String, Image> byHex = new TreeMap<>();
    private final Map<ImageReference, Image> byTag = new HashMap<>();
    private final Map<ImageId, List<Image>> children = new HashMap<>();
    private final Map<ImageId, List<Container>> containersByImage = new HashMap<>();
    private final Map<Digest, List<Image>> holders = new HashMap<>();
    private final Map<Digest, Long> layerSizes = new HashMap<>();
    private final Map<String, Container> containersByName = new HashMap<>();
    private final NavigableMap<String, Container> containersById = new TreeMap<>();

    StoreIndex(StoreSnapshot snapshot) {
        this.snapshot = snapshot;
        for (Image image : snapshot.images()) {
            byId.put(image.id(), image);
            byHex.put(image.id().hex(), image);
            for (ImageReference tag : image.tags()) {
                byTag.put(tag, image);
            }
            image.parent().ifPresent(p -> children.computeIfAbsent(p, k -> new ArrayList<>()).add(image));
            for (Layer layer : distinctLayers(image)) {
                holders.computeIfAbsent(layer.diffId(), k -> new ArrayList<>(2)).add(image);
                layerSizes.putIfAbsent(layer.diffId(), layer.size());
            }
        }
        for (Container c : snapshot.containers()) {
            containersByImage.computeIfAbsent(c.imageId(), k -> new ArrayList<>()).add(c);
            containersByName.put(c.name(), c);
            containersById.put(c.id(), c);
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

    public Optional<Container> container(String id) {
        return Optional.ofNullable(containersById.get(id));
    }

    /** The images that hold a layer (one entry per image, in snapshot order). */
    public List<Image> holders(Digest diffId) {
        return holders.getOrDefault(diffId, List.of());
    }

    /** The size a layer is counted with: the size the first image holding it gives. Zero for an unknown layer. */
    public long layerSize(Digest diffId) {
        return layerSizes.getOrDefault(diffId, 0L);
    }

    /** The number of distinct layers (by diff ID) in the snapshot. */
    public int layerCount() {
        return layerSizes.size();
    }

    /** An image's layers, base first, each diff ID once. */
    public static List<Layer> distinctLayers(Image image) {
        List<Layer> layers = image.layers();
        if (layers.size() < 2) {
            return layers;
        }
        Set<Digest> seen = new HashSet<>();
        List<Layer> distinct = new ArrayList<>(layers.size());
        for (Layer layer : layers) {
            if (seen.add(layer.diffId())) {
                distinct.add(layer);
            }
        }
        return distinct;
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
        if (isHex(hex)) {
            List<Image> matches = prefixMatches(byHex, hex);
            if (matches.size() == 1) {
                return new ImageResolution.ById(matches.get(0));
            }
            if (matches.size() > 1) {
                return new ImageResolution.Ambiguous(referenceOrId, countPrefix(byHex, hex));
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
            List<Container> matches = prefixMatches(containersById, nameOrId);
            if (matches.size() == 1) {
                return new ContainerResolution.Found(matches.get(0));
            }
            if (matches.size() > 1) {
                return new ContainerResolution.Ambiguous(nameOrId, countPrefix(containersById, nameOrId));
            }
        }
        return new ContainerResolution.Missing(nameOrId);
    }

    private static boolean isHex(String s) {
        return !s.isEmpty() && s.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'));
    }

    /** At most two entries whose key starts with {@code prefix}: enough to tell unique from ambiguous. */
    private static <V> List<V> prefixMatches(NavigableMap<String, V> map, String prefix) {
        List<V> matches = new ArrayList<>(2);
        for (Map.Entry<String, V> e : map.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix) || matches.size() == 2) {
                break;
            }
            matches.add(e.getValue());
        }
        return matches;
    }

    private static int countPrefix(NavigableMap<String, ?> map, String prefix) {
        // Keys are lowercase hex, so every key with this prefix sorts below prefix + "g".
        return map.subMap(prefix, true, prefix + "g", false).size();
    }
}
