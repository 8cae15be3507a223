package io.imgctl.application.testdouble;

import io.imgctl.application.port.out.CommitSpec;
import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.application.port.out.RegistryException;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.removal.EngineBehaviour;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.domain.store.ImageResolution;
import io.imgctl.domain.store.StoreSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small in-memory {@link ContainerEngine} for unit tests of the services: an offline registry,
 * local images and containers, and Docker's rules for the primitive operations (a delete is refused
 * while a running container or a child image needs the image; with force, stopped containers are
 * orphaned when the behaviour allows it). Programs: {@code echo ...} prints and exits 0,
 * {@code false} exits 1, anything else runs until it is removed with force.
 *
 * <p>Not the built-in engine of {@code --engine fake} (that one lives in {@code adapters-fake}); this
 * double only serves the application module's own tests. Time is a counter of seconds, so every event
 * is strictly later than the one before.
 */
public final class InMemoryEngine implements ContainerEngine {

    private final EngineBehaviour behaviour;
    private final Map<ImageReference, Image> registry = new LinkedHashMap<>();
    private final Map<ImageId, Image> images = new LinkedHashMap<>();
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final Map<String, String> logs = new HashMap<>();
    private final Map<ImageId, List<Layer>> deletedLayers = new HashMap<>();
    private final Map<String, Layer> publishedLayers = new HashMap<>();
    private Instant now = Instant.parse("2024-01-01T00:00:00Z");
    private int counter;

    public InMemoryEngine(EngineBehaviour behaviour) {
        this.behaviour = behaviour;
    }

    public InMemoryEngine() {
        this(EngineBehaviour.DOCKER);
    }

    /** Puts an image with the given layer sizes into the offline registry; layers named alike are shared. */
    public Image publish(String reference, Map<String, Long> layersByName, Map<String, String> labels) {
        ImageReference ref = ImageReference.parse(reference).withDefaultTag();
        List<Layer> layers = new ArrayList<>();
        layersByName.forEach((name, size) -> layers.add(publishedLayers.computeIfAbsent(name,
                k -> new Layer(sha("layer:" + k), size, "ADD " + k, Optional.of(tick())))));
        ImageConfig config = new ImageConfig(List.of("sh"), List.of(), List.of(), "", "", labels, "amd64", "linux");
        Image image = new Image(new ImageId(sha("image:" + ref)), List.of(ref), List.of(), tick(),
                layers.stream().mapToLong(Layer::size).sum(), Optional.empty(), layers, config);
        registry.put(ref, image);
        return image;
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo("double", "1", "memory://test", behaviour);
    }

    @Override
    public void ping() {
    }

    @Override
    public synchronized List<Image> listImages() {
        return List.copyOf(images.values());
    }

    @Override
    public synchronized Optional<Image> findImage(String referenceOrId) {
        ImageResolution r = snapshot().index().resolve(referenceOrId);
        if (r instanceof ImageResolution.ByTag byTag) {
            return Optional.of(byTag.image());
        }
        if (r instanceof ImageResolution.ById byId) {
            return Optional.of(byId.image());
        }
        return Optional.empty();
    }

    @Override
    public synchronized List<Container> listContainers() {
        return List.copyOf(containers.values());
    }

    @Override
    public synchronized Optional<Container> findContainer(String nameOrId) {
        for (Container c : containers.values()) {
            if (c.name().equals(nameOrId) || c.id().equals(nameOrId)) {
                return Optional.of(c);
            }
        }
        List<Container> byPrefix = containers.values().stream().filter(c -> c.matches(nameOrId)).toList();
        return byPrefix.size() == 1 ? Optional.of(byPrefix.get(0)) : Optional.empty();
    }

    @Override
    public synchronized StoreSnapshot snapshot() {
        return new StoreSnapshot(List.copyOf(images.values()), List.copyOf(containers.values()), now);
    }

    @Override
    public synchronized PullResult pull(ImageReference reference, PullListener listener) {
        Image remote = registry.get(reference);
        if (remote == null) {
            throw new RegistryException("Tried to pull " + reference + " from the test registry but failed because"
                    + " manifest for " + reference + " not found: manifest unknown");
        }
        listener.onEvent(PullEvent.of("Pulling from " + reference.path()));
        for (Layer layer : remote.layers()) {
            String shortId = layer.diffId().hex().substring(0, 12);
            boolean present = images.values().stream().anyMatch(i -> i.layers().contains(layer));
            if (present) {
                listener.onEvent(PullEvent.layer(shortId, "Already exists"));
            } else {
                listener.onEvent(PullEvent.layer(shortId, "Pulling fs layer"));
                listener.onEvent(PullEvent.progress(shortId, "Downloading", layer.size(), layer.size()));
                listener.onEvent(PullEvent.layer(shortId, "Pull complete"));
            }
        }
        boolean upToDate = images.containsKey(remote.id()) && images.get(remote.id()).hasTag(reference);
        if (!upToDate) {
            moveTag(reference, remote.id(), remote.withTags(List.of()));
        }
        Digest digest = sha("manifest:" + remote.id());
        listener.onEvent(PullEvent.of("Digest: " + digest));
        listener.onEvent(PullEvent.of(upToDate ? "Status: Image is up to date for " + reference
                : "Status: Downloaded newer image for " + reference));
        return new PullResult(reference, remote.id(), Optional.of(digest), !upToDate);
    }

    @Override
    public synchronized void tag(ImageId source, ImageReference target) {
        Image image = images.get(source);
        if (image == null) {
            throw new NotFoundException("No such image: " + source);
        }
        moveTag(target, source, image);
    }

    /** Points {@code tag} at {@code id} (adding {@code template} when the image is not local), taking it from any other image. */
    private void moveTag(ImageReference tag, ImageId id, Image template) {
        for (Image other : List.copyOf(images.values())) {
            if (other.hasTag(tag) && !other.id().equals(id)) {
                images.put(other.id(), other.withTags(without(other.tags(), tag)));
            }
        }
        Image target = images.getOrDefault(id, template);
        if (!target.hasTag(tag)) {
            List<ImageReference> tags = new ArrayList<>(target.tags());
            tags.add(tag);
            target = target.withTags(tags);
        }
        images.put(id, target);
    }

    @Override
    public synchronized PushResult push(ImageReference reference, PullListener listener) {
        Image image = findImage(reference.familiar()).orElseThrow(() -> new NotFoundException("No such image: " + reference));
        listener.onEvent(PullEvent.of("Pushed"));
        registry.put(reference, image.withTags(List.of(reference)));
        return new PushResult(reference, sha("manifest:" + image.id()), 500);
    }

    @Override
    public synchronized ImageId commit(CommitSpec spec) {
        String containerId = spec.containerId();
        ImageReference reference = spec.reference();
        Container c = findContainer(containerId).orElseThrow(() -> new NotFoundException("No such container: " + containerId));
        List<Layer> base = layersOf(c.imageId());
        List<Layer> layers = new ArrayList<>(base);
        String n = String.valueOf(++counter);
        layers.add(new Layer(sha("commit-layer:" + n), 1000 + counter, "commit " + c.name(), Optional.of(tick()),
                spec.message().orElse("")));
        Image committed = new Image(new ImageId(sha("commit:" + n)), List.of(), List.of(), tick(),
                layers.stream().mapToLong(Layer::size).sum(), Optional.of(c.imageId()).filter(images::containsKey),
                layers, spec.applyTo(images.containsKey(c.imageId()) ? images.get(c.imageId()).config() : ImageConfig.EMPTY),
                spec.author().orElse(""), spec.message().orElse(""));
        images.put(committed.id(), committed);
        moveTag(reference, committed.id(), committed);
        return committed.id();
    }

    private List<Layer> layersOf(ImageId id) {
        Image image = images.get(id);
        return image != null ? image.layers() : deletedLayers.getOrDefault(id, List.of());
    }

    @Override
    public synchronized Container createContainer(ContainerSpec spec) {
        Image image = findImage(spec.image().withDefaultTag().familiar())
                .orElseThrow(() -> new NotFoundException("No such image: " + spec.image().withDefaultTag()));
        String n = String.valueOf(++counter);
        String name = spec.name().orElse("double_" + n);
        if (containers.values().stream().anyMatch(c -> c.name().equals(name))) {
            throw new ConflictException("Conflict. The container name \"/" + name + "\" is already in use");
        }
        List<String> command = spec.command().isEmpty() ? image.config().cmd() : spec.command();
        Container c = new Container(sha("container:" + n).hex(), name, spec.image().familiar(), image.id(), command,
                ContainerState.CREATED, 0, tick(), Optional.empty(), Optional.empty(), 0);
        containers.put(c.id(), c);
        return c;
    }

    @Override
    public synchronized void startContainer(String containerId) {
        Container c = container(containerId);
        List<String> cmd = c.command();
        Instant started = tick();
        if (!cmd.isEmpty() && cmd.get(0).equals("echo")) {
            logs.merge(c.id(), String.join(" ", cmd.subList(1, cmd.size())) + "\n", String::concat);
            put(c, ContainerState.EXITED, 0, started, Optional.of(tick()));
        } else if (!cmd.isEmpty() && cmd.get(0).equals("false")) {
            put(c, ContainerState.EXITED, 1, started, Optional.of(tick()));
        } else {
            put(c, ContainerState.RUNNING, 0, started, Optional.empty());
        }
    }

    private void put(Container c, ContainerState state, int exit, Instant started, Optional<Instant> finished) {
        containers.put(c.id(), new Container(c.id(), c.name(), c.image(), c.imageId(), c.command(), state, exit,
                c.created(), Optional.of(started), finished, c.sizeRw()));
    }

    @Override
    public synchronized int waitContainer(String containerId) {
        Container c = container(containerId);
        if (c.isRunning()) {
            throw new EngineFailureException("Tried to wait for " + c.name() + " but it would never stop in this double");
        }
        return c.exitCode();
    }

    @Override
    public synchronized String logs(String containerId) {
        return logs.getOrDefault(container(containerId).id(), "");
    }

    @Override
    public synchronized void removeContainer(String containerId, boolean force) {
        Container c = container(containerId);
        if (c.isRunning() && !force) {
            throw new ConflictException("You cannot remove a running container " + c.id()
                    + ". Stop the container before attempting removal or force remove");
        }
        containers.remove(c.id());
        logs.remove(c.id());
    }

    private Container container(String nameOrId) {
        return findContainer(nameOrId).orElseThrow(() -> new NotFoundException("No such container: " + nameOrId));
    }

    @Override
    public synchronized List<EngineRecord> untag(ImageReference reference) {
        Image image = images.values().stream().filter(i -> i.hasTag(reference)).findFirst()
                .orElseThrow(() -> new NotFoundException("No such image: " + reference.familiar()));
        images.put(image.id(), image.withTags(without(image.tags(), reference)));
        return List.of(new EngineRecord(EngineRecord.Kind.UNTAGGED, reference.familiar()));
    }

    @Override
    public synchronized List<EngineRecord> deleteImage(ImageId id, boolean force) {
        Image image = images.get(id);
        if (image == null) {
            throw new NotFoundException("No such image: " + id);
        }
        if (images.values().stream().anyMatch(i -> i.parent().equals(Optional.of(id)))) {
            throw new ConflictException("conflict: unable to delete " + id.shortId()
                    + " (cannot be forced) - image has dependent child images");
        }
        List<Container> users = containers.values().stream().filter(c -> c.imageId().equals(id)).toList();
        for (Container c : users) {
            if (c.isRunning()) {
                throw new ConflictException("conflict: unable to delete " + id.shortId()
                        + " (cannot be forced) - image is being used by running container " + c.shortId());
            }
            if (!force || !behaviour.canOrphanContainers()) {
                throw new ConflictException("conflict: unable to delete " + id.shortId()
                        + " (must be forced) - image is being used by stopped container " + c.shortId());
            }
        }
        if (image.tags().size() > 1 && !force) {
            throw new ConflictException("conflict: unable to delete " + id.shortId()
                    + " (must be forced) - image is referenced in multiple repositories");
        }
        List<EngineRecord> records = new ArrayList<>();
        image.tags().forEach(t -> records.add(new EngineRecord(EngineRecord.Kind.UNTAGGED, t.familiar())));
        images.remove(id);
        deletedLayers.put(id, image.layers());
        records.add(new EngineRecord(EngineRecord.Kind.DELETED, id.toString()));
        return records;
    }

    private static List<ImageReference> without(List<ImageReference> tags, ImageReference tag) {
        List<ImageReference> rest = new ArrayList<>(tags);
        rest.remove(tag);
        return rest;
    }

    private Instant tick() {
        now = now.plusSeconds(1);
        return now;
    }

    private static Digest sha(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return new Digest("sha256", HexFormat.of().formatHex(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
