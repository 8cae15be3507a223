package io.imgctl.application.service;

import io.imgctl.application.port.in.ImageCommands;
import io.imgctl.application.port.in.ImageQueries;
import io.imgctl.application.port.in.ImageSummary;
import io.imgctl.application.port.in.LayerView;
import io.imgctl.application.port.in.ListImagesQuery;
import io.imgctl.application.port.in.InvalidInputException;
import io.imgctl.application.port.out.CommitSpec;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.application.port.out.UsageLedger;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.store.StoreIndex;
import io.imgctl.domain.store.StoreSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code images}, {@code inspect}, {@code history}, {@code pull}, {@code tag}, {@code push}, {@code commit}.
 * A pull, tag or commit is recorded in the usage ledger (the image arrived under a name now).
 */
public final class ImageService implements ImageQueries, ImageCommands {

    private final ContainerEngine engine;
    private final UsageRecorder usage;
    private final ListingMemory memory;

    /** Without a usage ledger: nothing is recorded. */
    public ImageService(ContainerEngine engine) {
        this(engine, UsageLedger.NONE, Clock.systemUTC());
    }

    public ImageService(ContainerEngine engine, UsageLedger ledger, Clock clock) {
        this(engine, ledger, clock, ListingMemory.none());
    }

    /** {@code images} lists through {@code memory} (the resident server's; see {@link ListingMemory}). */
    public ImageService(ContainerEngine engine, UsageLedger ledger, Clock clock, ListingMemory memory) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.usage = new UsageRecorder(ledger, clock);
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    @Override
    public Map<ImageReference, ImageId> imagesNamed(Set<ImageReference> references) {
        return Map.copyOf(engine.imagesNamed(Set.copyOf(references)));
    }

    @Override
    public List<ImageSummary> listImages(ListImagesQuery query) {
        ImageFilters filters = ImageFilters.parse(query);
        List<Image> images = memory.listImages(engine);
        Map<ImageId, Integer> containerCounts = engine.containerCountsByImage();

        Set<ImageId> parents = new HashSet<>();
        for (Image image : images) {
            image.parent().ifPresent(parents::add);
        }
        StoreIndex index = null;
        Optional<Instant> before = Optional.empty();
        Optional<Instant> since = Optional.empty();
        if (filters.before().isPresent() || filters.since().isPresent()) {
            index = new StoreSnapshot(images, List.of(), Instant.now()).index();
            before = createdOf(index, filters.before());
            since = createdOf(index, filters.since());
        }

        List<ImageSummary> result = new ArrayList<>();
        for (Image image : images) {
            if (before.isPresent() && !image.created().isBefore(before.get())) {
                continue;
            }
            if (since.isPresent() && !image.created().isAfter(since.get())) {
                continue;
            }
            boolean hasChildren = parents.contains(image.id());
            Image shown = image;
            if (!filters.references().isEmpty()) {
                List<ImageReference> matching = image.tags().stream().filter(filters::matchesReference).toList();
                if (matching.isEmpty()) {
                    continue;
                }
                shown = image.withTags(matching);
            }
            if (image.isUntagged()) {
                if (filters.dangling().equals(Optional.of(false))) {
                    continue;
                }
                if (hasChildren && (!query.all() || filters.dangling().isPresent())) {
                    continue;
                }
            } else if (filters.dangling().equals(Optional.of(true))) {
                continue;
            }
            if (!filters.labels().isEmpty() && !filters.labels().stream().allMatch(l -> l.matches(labelsOf(image)))) {
                continue;
            }
            result.add(new ImageSummary(shown, containerCounts.getOrDefault(image.id(), 0)));
        }
        result.sort(Comparator.comparing(ImageSummary::image, Image.NEWEST_FIRST));
        return List.copyOf(result);
    }

    private static Optional<Instant> createdOf(StoreIndex index, Optional<String> argument) {
        return argument.map(a -> Arguments.resolved(index.resolve(a), a).created());
    }

    /** Labels from the listing, or from the image in full when the engine listed it without its config. */
    private Map<String, String> labelsOf(Image image) {
        if (!image.config().labels().isEmpty() || !image.config().equals(ImageConfig.EMPTY)) {
            return image.config().labels();
        }
        return engine.findImage(image.id().toString()).map(i -> i.config().labels()).orElse(Map.of());
    }

    @Override
    public Image inspect(String referenceOrId) {
        Arguments.imageArgument(referenceOrId);
        return engine.findImage(referenceOrId).orElseThrow(() -> Arguments.noSuchImage(referenceOrId));
    }

    @Override
    public List<LayerView> history(String referenceOrId) {
        Arguments.imageArgument(referenceOrId);
        StoreIndex index = engine.snapshot().index();
        boolean localShortNames = engine.behaviour().localShortNames();
        Image image = Arguments.resolved(index.resolve(referenceOrId, localShortNames), referenceOrId);
        List<Layer> layers = image.layers();
        List<LayerView> views = new ArrayList<>(layers.size());
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            List<String> sharedWith = new ArrayList<>();
            for (Image holder : index.holders(layer.diffId())) {
                String name = displayName(holder);
                if (!holder.id().equals(image.id()) && !sharedWith.contains(name)) {
                    sharedWith.add(name);
                }
            }
            views.add(new LayerView(layer, sharedWith));
        }
        return List.copyOf(views);
    }

    /** The familiar first tag, or the 12-character short ID of an untagged image. */
    static String displayName(Image image) {
        return image.tags().isEmpty() ? image.id().shortId() : image.tags().get(0).familiar();
    }

    @Override
    public PullResult pull(String reference, PullListener listener) {
        ImageReference parsed = Arguments.reference(reference);
        PullResult result = engine.pull(parsed, Objects.requireNonNull(listener, "listener"));
        usage.arrived(result.imageId());
        return result;
    }

    @Override
    public void tag(String source, String target) {
        Arguments.imageArgument(source);
        ImageReference parsedTarget = Arguments.tagReference(target);
        Image image = engine.findImage(source).orElseThrow(() -> Arguments.noSuchImage(source));
        engine.tag(image.id(), parsedTarget);
        usage.arrived(image.id());
    }

    @Override
    public PushResult push(String reference, PullListener listener) {
        ImageReference parsed = Arguments.tagReference(reference);
        return engine.push(parsed, Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public ImageId commit(String container, String reference, Optional<String> message, Optional<String> author,
                          List<String> changes) {
        ImageReference parsed = Arguments.tagReference(reference);
        CommitSpec checked;
        try {
            // Validated (and each change parsed once) before the engine is asked anything.
            checked = new CommitSpec("unresolved", parsed, message, author, changes);
            checked.applyTo(ImageConfig.EMPTY);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(String.join("\n", changes),
                    "Tried to commit " + container + " as " + reference + " but failed because " + e.getMessage());
        }
        Container found = engine.findContainer(container).orElseThrow(() -> Arguments.noSuchContainer(container));
        ImageId committed = engine.commit(new CommitSpec(found.id(), parsed, checked.message(), checked.author(),
                checked.changes()));
        usage.arrived(committed);
        return committed;
    }
}
