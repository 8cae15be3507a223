package io.imgctl.domain.store;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Deterministic test data: images, layers and containers named by short keys, with sha256 IDs derived
 * from those keys so that tests read like the scenarios they describe.
 */
public final class TestStore {

    public static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private TestStore() {
    }

    public static String sha256Hex(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ImageId imageId(String key) {
        return new ImageId(new Digest("sha256", sha256Hex("image-" + key)));
    }

    public static String containerId(String name) {
        return sha256Hex("container-" + name);
    }

    public static Layer layer(String key, long size) {
        return new Layer(new Digest("sha256", sha256Hex("layer-" + key)), size);
    }

    public static ImageReference ref(String text) {
        return ImageReference.parse(text).withDefaultTag();
    }

    public static Image image(String key, List<String> tags, Layer... layers) {
        return image(key, tags, Optional.empty(), layers);
    }

    public static Image child(String key, Image parent, List<String> tags, Layer... layers) {
        return image(key, tags, Optional.of(parent.id()), layers);
    }

    public static Image image(String key, List<String> tags, Optional<ImageId> parent, Layer... layers) {
        long size = Arrays.stream(layers).mapToLong(Layer::size).sum();
        return new Image(imageId(key), tags.stream().map(TestStore::ref).toList(), List.of(), T0, size, parent,
                List.of(layers), ImageConfig.EMPTY);
    }

    /** An image listed without layer detail: only its total size is known. */
    public static Image opaqueImage(String key, List<String> tags, long size) {
        return new Image(imageId(key), tags.stream().map(TestStore::ref).toList(), List.of(), T0, size,
                Optional.empty(), List.of(), ImageConfig.EMPTY);
    }

    public static Container container(String name, Image image, ContainerState state) {
        return container(name, image.id(), state, 0);
    }

    public static Container container(String name, Image image, ContainerState state, long sizeRw) {
        return container(name, image.id(), state, sizeRw);
    }

    public static Container container(String name, ImageId imageId, ContainerState state, long sizeRw) {
        boolean ran = state != ContainerState.CREATED;
        return new Container(containerId(name), name, imageId.toString(), imageId, List.of("sh"), state,
                0, T0, ran ? Optional.of(T0.plusSeconds(1)) : Optional.empty(),
                state == ContainerState.EXITED ? Optional.of(T0.plusSeconds(2)) : Optional.empty(), sizeRw);
    }

    public static StoreSnapshot snapshot(List<Image> images, List<Container> containers) {
        return new StoreSnapshot(images, containers, T0.plusSeconds(3600));
    }

    public static StoreSnapshot snapshot(Image... images) {
        return snapshot(List.of(images), List.of());
    }
}
