package io.imgctl.cli;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Small builders for domain values in CLI tests. */
final class TestData {

    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private TestData() {
    }

    static Digest digest(char c) {
        return new Digest("sha256", String.valueOf(c).repeat(64));
    }

    static Digest digest(String prefix) {
        return new Digest("sha256", prefix + "0".repeat(64 - prefix.length()));
    }

    static ImageId imageId(char c) {
        return new ImageId(digest(c));
    }

    static ImageId imageId(String prefix) {
        return new ImageId(digest(prefix));
    }

    static ImageReference ref(String text) {
        return ImageReference.parse(text);
    }

    static Image image(ImageId id, List<String> tags, Instant created, long size, Layer... layers) {
        return new Image(id, tags.stream().map(TestData::ref).toList(), List.of(), created, size, Optional.empty(),
                List.of(layers), ImageConfig.EMPTY);
    }

    static Container container(String idPrefix, String name, String image, ImageId imageId, ContainerState state,
                               int exitCode, Instant created, Optional<Instant> started, Optional<Instant> finished,
                               String... command) {
        String id = idPrefix + "0".repeat(64 - idPrefix.length());
        return new Container(id, name, image, imageId, List.of(command), state, exitCode, created, started, finished, 0);
    }
}
