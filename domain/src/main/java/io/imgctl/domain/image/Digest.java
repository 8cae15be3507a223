package io.imgctl.domain.image;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:<64 hex>}, validated as the OCI go-digest package does:
 * sha256, sha384 or sha512 with lowercase hex of the algorithm's length. Docker and Podman use
 * sha256 for image IDs, layer diff IDs and manifest digests.
 *
 * <p>Errors carry go-digest's wording: {@value #INVALID_FORMAT}, {@value #INVALID_LENGTH} and
 * {@value #UNSUPPORTED}.
 *
 * @param algorithm the algorithm, e.g. {@code sha256}
 * @param hex       the lowercase hex encoding of the hash
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

    /** go-digest's {@code ErrDigestInvalidFormat}. */
    public static final String INVALID_FORMAT = "invalid checksum digest format";
    /** go-digest's {@code ErrDigestInvalidLength} (before v1.0.0, which made it an alias of the format error). */
    public static final String INVALID_LENGTH = "invalid checksum digest length";
    /** go-digest's {@code ErrDigestUnsupported}. */
    public static final String UNSUPPORTED = "unsupported digest algorithm";

    public static final String SHA256 = "sha256";

    /** go-digest's {@code DigestRegexpAnchored}: the shape any digest must have, known algorithm or not. */
    private static final Pattern ANY_DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        if (algorithm.isEmpty() || hex.isEmpty()) {
            throw new IllegalArgumentException(INVALID_FORMAT);
        }
        int length = hexLength(algorithm);
        if (length < 0) {
            throw new IllegalArgumentException(
                    ANY_DIGEST.matcher(algorithm + ":" + hex).matches() ? UNSUPPORTED : INVALID_FORMAT);
        }
        if (hex.length() != length) {
            throw new IllegalArgumentException(INVALID_LENGTH);
        }
        if (!LOWER_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException(INVALID_FORMAT);
        }
    }

    /** The number of hex characters the algorithm produces, or -1 when it is not supported. */
    private static int hexLength(String algorithm) {
        return switch (algorithm) {
            case "sha256" -> 64;
            case "sha384" -> 96;
            case "sha512" -> 128;
            default -> -1;
        };
    }

    /** go-digest's {@code Parse}: {@code <algorithm>:<hex>}, split at the first colon. */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon <= 0 || colon + 1 == text.length()) {
            throw new IllegalArgumentException(INVALID_FORMAT);
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** Parses a digest that may lack its {@code sha256:} prefix (Podman's libpod API gives bare hex). */
    public static Digest parseLenient(String text) {
        Objects.requireNonNull(text, "text");
        return text.indexOf(':') < 0 ? new Digest(SHA256, text) : parse(text);
    }

    /** Whether {@link #parse} accepts {@code text}. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
