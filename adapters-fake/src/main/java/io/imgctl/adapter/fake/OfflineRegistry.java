package io.imgctl.adapter.fake;

import io.imgctl.adapter.fake.State.ImageRecord;
import io.imgctl.adapter.fake.State.LayerRecord;
import io.imgctl.adapter.fake.State.PushedImage;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.application.port.out.RegistryException;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The registry the built-in engine pulls from and pushes to, for every registry name: the
 * {@link Catalogue} plus whatever was pushed (kept in the state, so it can be pulled back after
 * {@code rmi}). Progress is reported with Docker's events in Docker's order; nothing waits.
 */
final class OfflineRegistry {

    /** Docker's maximum of concurrent layer downloads; later layers report {@code Waiting}. */
    private static final int CONCURRENT_DOWNLOADS = 3;

    private final Catalogue catalogue;

    OfflineRegistry(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** The image {@code reference} (tag or digest) names in the registry. */
    Optional<Catalogue.Entry> find(State state, ImageReference reference) {
        for (PushedImage pushed : state.registry) {
            if (!pushed.name.equals(reference.name())) {
                continue;
            }
            boolean match = reference.digest().isPresent()
                    ? reference.digest().get().toString().equals(pushed.digest)
                    : reference.tag().orElse(ImageReference.DEFAULT_TAG).equals(pushed.tag);
            if (match) {
                return Optional.of(new Catalogue.Entry(ImageReference.parse(pushed.name + ":" + pushed.tag),
                        pushed.digest, pushed.image));
            }
        }
        return catalogue.find(reference);
    }

    private boolean hasRepository(State state, ImageReference reference) {
        return catalogue.hasRepository(reference)
                || state.registry.stream().anyMatch(p -> p.name.equals(reference.name()));
    }

    /**
     * Docker's pull: layers not present locally are "downloaded", then the tag (or digest) points at
     * the image. Like Docker's stream, the events end with {@code Digest: sha256:...} and
     * {@code Status: Downloaded newer image for REF} or {@code Status: Image is up to date for REF}.
     */
    PullResult pull(State state, ImageReference requested, PullListener listener) {
        ImageReference reference = requested.withDefaultTag();
        Catalogue.Entry entry = find(state, reference).orElseThrow(() -> notFound(state, reference));
        listener.onEvent(PullEvent.of("Pulling from " + reference.path()));

        Optional<ImageRecord> local = Lookup.imageById(state, entry.image().id);
        boolean upToDate = local.isPresent() && Lookup.imageByReference(state, reference)
                .map(i -> i.id.equals(local.get().id)).orElse(false);
        ImageRecord image;
        if (local.isPresent()) {
            // Docker finds the image's config locally and transfers nothing.
            image = local.get();
        } else {
            image = entry.copyOfImage();
            image.tags.clear();
            image.digests.clear();
            image.parent = null;
            reportDownload(image.layers, Lookup.localChains(state), listener);
            state.images.add(image);
        }
        if (reference.digest().isEmpty()) {
            Lookup.moveTag(state, image, reference);
        }
        String repoDigest = References.stored(reference.repository().withDigest(Digest.parse(entry.digest())));
        if (!image.digests.contains(repoDigest)) {
            image.digests.add(repoDigest);
        }
        listener.onEvent(PullEvent.of("Digest: " + entry.digest()));
        listener.onEvent(PullEvent.of((upToDate ? "Status: Image is up to date for " : "Status: Downloaded newer image for ")
                + reference.familiar()));
        return new PullResult(reference, ImageId.parse(image.id), Optional.of(Digest.parse(entry.digest())), !upToDate);
    }

    private static void reportDownload(List<LayerRecord> layers, Set<String> localChains, PullListener listener) {
        List<String> chains = Lookup.chainIds(layers);
        List<LayerRecord> missing = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerRecord layer = layers.get(i);
            if (localChains.contains(chains.get(i))) {
                listener.onEvent(PullEvent.layer(shortId(layer), "Already exists"));
            } else {
                listener.onEvent(PullEvent.layer(shortId(layer), "Pulling fs layer"));
                missing.add(layer);
            }
        }
        for (int i = CONCURRENT_DOWNLOADS; i < missing.size(); i++) {
            listener.onEvent(PullEvent.layer(shortId(missing.get(i)), "Waiting"));
        }
        for (LayerRecord layer : missing) {
            progress(listener, shortId(layer), "Downloading", transferSize(layer));
            listener.onEvent(PullEvent.layer(shortId(layer), "Verifying Checksum"));
            listener.onEvent(PullEvent.layer(shortId(layer), "Download complete"));
        }
        for (LayerRecord layer : missing) {
            progress(listener, shortId(layer), "Extracting", transferSize(layer));
            listener.onEvent(PullEvent.layer(shortId(layer), "Pull complete"));
        }
    }

    /** A few progress events, the last one at the total, more of them for bigger layers. */
    private static void progress(PullListener listener, String layer, String status, long total) {
        int steps = total < 1_000_000 ? 2 : total < 10_000_000 ? 4 : 8;
        for (int k = 1; k <= steps; k++) {
            long current = k == steps ? total : Math.max(1, total * k / steps);
            listener.onEvent(PullEvent.progress(layer, status, current, total));
        }
    }

    private static long transferSize(LayerRecord layer) {
        return layer.compressedSize > 0 ? layer.compressedSize : Math.max(32, layer.size / 2);
    }

    private static String shortId(LayerRecord layer) {
        return References.shortId(layer.diffId);
    }

    private RegistryException notFound(State state, ImageReference reference) {
        if (ImageReference.DEFAULT_DOMAIN.equals(reference.domain()) && !hasRepository(state, reference)) {
            return new RegistryException("pull access denied for " + reference.familiarName()
                    + ", repository does not exist or may require 'docker login': denied: requested access to the"
                    + " resource is denied");
        }
        return new RegistryException("manifest for " + reference.familiar() + " not found: manifest unknown: manifest unknown");
    }

    /**
     * Docker's push: every layer the registry lacks is "pushed", the registry then serves the image
     * under the reference, and the local image gains the repository digest.
     */
    PushResult push(State state, ImageReference requested, PullListener listener) {
        if (requested.digest().isPresent()) {
            throw new EngineFailureException("Tried to push " + requested.familiar()
                    + " but a digest reference cannot be pushed; push a tag");
        }
        ImageReference reference = requested.withDefaultTag();
        ImageRecord image = Lookup.imageByTag(state, reference).orElseThrow(() -> new NotFoundException(
                "An image does not exist locally with the tag: " + reference.familiarName()));
        if (ImageReference.DEFAULT_DOMAIN.equals(reference.domain())
                && reference.path().startsWith(ImageReference.OFFICIAL_REPO_PREFIX)) {
            throw new RegistryException("denied: requested access to the resource is denied (" + reference.familiar()
                    + " is an official image; push to your own repository or to a registry such as localhost:5000)");
        }
        listener.onEvent(PullEvent.of("The push refers to repository [" + reference.name() + "]"));
        Set<String> stored = registryLayers(state);
        List<LayerRecord> topFirst = new ArrayList<>(image.layers);
        java.util.Collections.reverse(topFirst);
        for (LayerRecord layer : topFirst) {
            listener.onEvent(PullEvent.layer(shortId(layer), "Preparing"));
        }
        for (LayerRecord layer : topFirst) {
            if (stored.contains(layer.diffId)) {
                listener.onEvent(PullEvent.layer(shortId(layer), "Layer already exists"));
            } else {
                progress(listener, shortId(layer), "Pushing", transferSize(layer));
                listener.onEvent(PullEvent.layer(shortId(layer), "Pushed"));
            }
        }
        Digest digest = References.sha256("imgctl-fake/pushed-manifest/" + image.id);
        long size = 353L + 175L * image.layers.size();
        listener.onEvent(PullEvent.of(reference.tag().orElseThrow() + ": digest: " + digest + " size: " + size));

        state.registry.removeIf(p -> p.name.equals(reference.name()) && p.tag.equals(reference.tag().orElseThrow()));
        PushedImage pushed = new PushedImage();
        pushed.name = reference.name();
        pushed.tag = reference.tag().orElseThrow();
        pushed.digest = digest.toString();
        pushed.image = image.copy();
        pushed.image.tags.clear();
        pushed.image.digests.clear();
        pushed.image.parent = null;
        state.registry.add(pushed);

        String repoDigest = References.stored(reference.repository().withDigest(digest));
        if (!image.digests.contains(repoDigest)) {
            image.digests.add(repoDigest);
        }
        return new PushResult(reference, digest, size);
    }

    private Set<String> registryLayers(State state) {
        Set<String> layers = new HashSet<>();
        for (Catalogue.Entry entry : catalogue.entries()) {
            entry.image().layers.forEach(l -> layers.add(l.diffId));
        }
        for (PushedImage pushed : state.registry) {
            pushed.image.layers.forEach(l -> layers.add(l.diffId));
        }
        return layers;
    }
}
