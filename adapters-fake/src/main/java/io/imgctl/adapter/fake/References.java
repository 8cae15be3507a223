package io.imgctl.adapter.fake;

import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** Small helpers for the names and digests the engine stores as strings. */
final class References {

    private References() {
    }

    /** A stored tag ({@code docker.io/library/alpine:3.13}) parsed back, if it is one. */
    static Optional<ImageReference> parseTag(String text) {
        try {
            ImageReference ref = ImageReference.parse(text);
            return ref.tag().isPresent() && ref.digest().isEmpty() ? Optional.of(ref) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A stored repository digest ({@code docker.io/library/alpine@sha256:...}) parsed back, if it is one. */
    static Optional<ImageReference> parseDigestReference(String text) {
        try {
            ImageReference ref = ImageReference.parse(text);
            return ref.digest().isPresent() && ref.tag().isEmpty() ? Optional.of(ref) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** How a tag is stored: fully qualified, with its tag. */
    static String stored(ImageReference reference) {
        return reference.normalized();
    }

    /** {@code sha256:} of a fixed text: how the engine makes its deterministic IDs. */
    static Digest sha256(String seed) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return new Digest("sha256", HexFormat.of().formatHex(md.digest(seed.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Docker's layer chain ID: the first layer's diff ID, then sha256 of "parent-chain child-diff". */
    static String chainId(String parentChain, String diffId) {
        return parentChain == null ? diffId : sha256(parentChain + " " + diffId).toString();
    }

    /** Docker's {@code stringid.TruncateID}: 12 hex, without the algorithm. */
    static String shortId(String idOrDigest) {
        String hex = idOrDigest.indexOf(':') >= 0 ? idOrDigest.substring(idOrDigest.indexOf(':') + 1) : idOrDigest;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    static String shortId(ImageId id) {
        return id.shortId();
    }
}
