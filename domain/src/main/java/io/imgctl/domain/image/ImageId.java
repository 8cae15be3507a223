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

    /** The hex characters, without the algorithm. */
    public String hex() {
        return digest.hex();
    }

    /** The 12-character short form the Docker CLI shows. */
    public String shortId() {
        return digest.hex().substring(0, 12);
    }

    /**
     * Whether a user's {@code sha256:abc...} or {@code abc...} prefix designates this ID. The
     * prefix must name at least one hex character; an algorithm, when given, must be this ID's.
     */
    public boolean matchesPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        String hexPrefix = prefix;
        int colon = prefix.indexOf(':');
        if (colon >= 0) {
            if (!prefix.substring(0, colon).equals(digest.algorithm())) {
                return false;
            }
            hexPrefix = prefix.substring(colon + 1);
        }
        return !hexPrefix.isEmpty() && digest.hex().startsWith(hexPrefix);
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
