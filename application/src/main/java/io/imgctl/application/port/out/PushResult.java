package io.imgctl.application.port.out;

import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.ImageReference;
import java.util.Objects;

/** @param digest the manifest digest the registry stored; {@code size} its manifest size in bytes */
public record PushResult(ImageReference reference, Digest digest, long size) {
    public PushResult {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(digest, "digest");
    }
}
