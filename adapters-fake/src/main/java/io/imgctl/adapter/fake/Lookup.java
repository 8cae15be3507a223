package io.imgctl.adapter.fake;

import io.imgctl.adapter.fake.State.ContainerRecord;
import io.imgctl.adapter.fake.State.ImageRecord;
import io.imgctl.adapter.fake.State.LayerRecord;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.InvalidReferenceException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Finds images and containers in a {@link State} the way Docker's daemon resolves what users type. */
final class Lookup {

    private static final Pattern HEX = Pattern.compile("[a-f0-9]+");
    private static final Pattern FULL_ID = Pattern.compile("(sha256:)?[a-f0-9]{64}");

    private Lookup() {
    }

    static Optional<ImageRecord> imageById(State state, String id) {
        return state.images.stream().filter(i -> i.id.equals(id)).findFirst();
    }

    static Optional<ImageRecord> imageByTag(State state, ImageReference tag) {
        String stored = References.stored(tag.withDefaultTag());
        return state.images.stream().filter(i -> i.tags.contains(stored)).findFirst();
    }

    static Optional<ImageRecord> imageByDigest(State state, ImageReference digested) {
        String stored = References.stored(digested.repository().withDigest(digested.digest().orElseThrow()));
        return state.images.stream().filter(i -> i.digests.contains(stored)).findFirst();
    }

    /** A tag or digest reference ({@code :latest} when it has neither). */
    static Optional<ImageRecord> imageByReference(State state, ImageReference reference) {
        return reference.digest().isPresent() ? imageByDigest(state, reference) : imageByTag(state, reference);
    }

    /** What a user's text designates, or why nothing. */
    sealed interface Found<T> {
    }

    record One<T>(T value) implements Found<T> {
    }

    record None<T>() implements Found<T> {
    }

    record Ambiguous<T>(int matches) implements Found<T> {
    }

    /**
     * Docker's {@code GetImage}: a full ID; else a reference ({@code :latest} when no tag); else a
     * unique prefix of an ID, with or without {@code sha256:}.
     */
    static Found<ImageRecord> image(State state, String text) {
        if (FULL_ID.matcher(text).matches()) {
            String id = text.startsWith("sha256:") ? text : "sha256:" + text;
            Optional<ImageRecord> byId = imageById(state, id);
            if (byId.isPresent()) {
                return new One<>(byId.get());
            }
        }
        try {
            Optional<ImageRecord> byRef = imageByReference(state, ImageReference.parse(text));
            if (byRef.isPresent()) {
                return new One<>(byRef.get());
            }
        } catch (InvalidReferenceException notAReference) {
            // it may still be an ID prefix
        }
        String hex = text.startsWith("sha256:") ? text.substring("sha256:".length()) : text;
        if (!hex.isEmpty() && HEX.matcher(hex).matches()) {
            List<ImageRecord> matches = state.images.stream().filter(i -> i.id.startsWith("sha256:" + hex)).toList();
            if (matches.size() == 1) {
                return new One<>(matches.get(0));
            }
            if (matches.size() > 1) {
                return new Ambiguous<>(matches.size());
            }
        }
        return new None<>();
    }

    /** Docker's container lookup: full ID, then exact name, then unique ID prefix. */
    static Found<ContainerRecord> container(State state, String text) {
        if (text.isEmpty()) {
            return new None<>();
        }
        for (ContainerRecord c : state.containers) {
            if (c.id.equals(text)) {
                return new One<>(c);
            }
        }
        String name = text.startsWith("/") ? text.substring(1) : text;
        for (ContainerRecord c : state.containers) {
            if (c.name.equals(name)) {
                return new One<>(c);
            }
        }
        List<ContainerRecord> matches = state.containers.stream().filter(c -> c.id.startsWith(text)).toList();
        if (matches.size() == 1) {
            return new One<>(matches.get(0));
        }
        return matches.isEmpty() ? new None<>() : new Ambiguous<>(matches.size());
    }

    static Optional<ContainerRecord> containerByName(State state, String name) {
        return state.containers.stream().filter(c -> c.name.equals(name)).findFirst();
    }

    /** The chain IDs of a layer list, base first (Docker's layer-store keys). */
    static List<String> chainIds(List<LayerRecord> layers) {
        List<String> chains = new ArrayList<>(layers.size());
        String parent = null;
        for (LayerRecord layer : layers) {
            parent = References.chainId(parent, layer.diffId);
            chains.add(parent);
        }
        return chains;
    }

    /** Every layer chain the store holds: those of images and those that containers keep alive. */
    static Set<String> localChains(State state) {
        Set<String> chains = new LinkedHashSet<>();
        for (ImageRecord image : state.images) {
            chains.addAll(chainIds(image.layers));
        }
        for (ContainerRecord container : state.containers) {
            chains.addAll(chainIds(container.layers));
        }
        return chains;
    }

    /** Points {@code tag} at {@code image}, taking it from the image that held it (which may become dangling). */
    static void moveTag(State state, ImageRecord image, ImageReference tag) {
        String stored = References.stored(tag.withDefaultTag());
        for (ImageRecord other : state.images) {
            if (other != image) {
                other.tags.remove(stored);
            }
        }
        if (!image.tags.contains(stored)) {
            image.tags.add(stored);
        }
    }
}
