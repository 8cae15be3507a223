package io.imgctl.domain.image;

import java.util.Objects;

/** The ID of an image: the digest of its configuration, {@code sha256:<64 hex>}. */
public record ImageId(Digest digest) implements Comparable<ImageId> {

    public ImageId {
        Objects.requireNonNull(digest, "digest");
    }

    /** Accepts {@code sha256:<hex>} or bare 64-hex (Podman's libpod form). */
    public static ImageId parse(String text) {
        return new ImageId(Digest.parseLenient(text));
    }

    /** The 64 hex characters. */
    public String hex() {
        return digest.hex();
    }

    /** The 12-character short form the Docker CLI shows. */
    public String shortId() {
        return digest.hex().substring(0, 12);
    }

    /** Whether a user's {@code sha256:abc...} or {@code abc...} prefix designates this ID. */
    public boolean matchesPrefix(String prefix) {
        String p = prefix.startsWith("sha256:") ? prefix.substring("sha256:".length()) : prefix;
        return !p.isEmpty() && digest.hex().startsWith(p);
    }

    @Override
    public int compareTo(ImageId other) {
        return digest.compareTo(other.digest);
    }

    @Override
    public String toString() {
        return digest.toString();
    }
}
