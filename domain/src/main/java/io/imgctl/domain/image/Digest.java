package io.imgctl.domain.image;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:<64 hex>}: sha256, sha384 or sha512 with lowercase hex of
 * the algorithm's length, as the OCI go-digest package accepts. Docker and Podman use sha256 for
 * image IDs, layer diff IDs and manifest digests.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

    private static final Pattern HEX = Pattern.compile("[a-f0-9]+");

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        int length = switch (algorithm) {
            case "sha256" -> 64;
            case "sha384" -> 96;
            case "sha512" -> 128;
            default -> throw new IllegalArgumentException("unsupported digest algorithm");
        };
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid checksum digest format");
        }
        if (hex.length() != length) {
            throw new IllegalArgumentException("invalid checksum digest length");
        }
    }

    /** Parses {@code sha256:<64 lowercase hex>}. */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid checksum digest format");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** Parses a digest that may lack its {@code sha256:} prefix (Podman's libpod API gives bare hex). */
    public static Digest parseLenient(String text) {
        Objects.requireNonNull(text, "text");
        return text.indexOf(':') < 0 ? new Digest("sha256", text) : parse(text);
    }

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
