package io.imgctl.application.port.out;

import java.util.Objects;
import java.util.Optional;

/**
 * One progress event of a pull or push, in Docker's vocabulary.
 *
 * @param layer   the short (12-char) layer ID, empty for events about the whole image
 *                ({@code Pulling from library/alpine})
 * @param status  {@code Pulling fs layer}, {@code Waiting}, {@code Downloading}, {@code Verifying Checksum},
 *                {@code Download complete}, {@code Extracting}, {@code Pull complete}, {@code Already exists},
 *                {@code Pushing}, {@code Pushed}, {@code Layer already exists}, ...
 * @param current bytes done so far, when known (0 otherwise)
 * @param total   bytes in all, when known (0 otherwise)
 */
public record PullEvent(Optional<String> layer, String status, long current, long total) {

    public PullEvent {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(status, "status");
    }

    public static PullEvent of(String status) {
        return new PullEvent(Optional.empty(), status, 0, 0);
    }

    public static PullEvent layer(String layer, String status) {
        return new PullEvent(Optional.of(layer), status, 0, 0);
    }

    public static PullEvent progress(String layer, String status, long current, long total) {
        return new PullEvent(Optional.of(layer), status, current, total);
    }
}
