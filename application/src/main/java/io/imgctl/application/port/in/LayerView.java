package io.imgctl.application.port.in;

import io.imgctl.domain.image.Layer;
import java.util.List;
import java.util.Objects;

/** A layer of one image, with the other local images (familiar tag, or short ID when untagged) holding it. */
public record LayerView(Layer layer, List<String> sharedWith) {
    public LayerView {
        Objects.requireNonNull(layer, "layer");
        sharedWith = List.copyOf(Objects.requireNonNull(sharedWith, "sharedWith"));
    }
}
