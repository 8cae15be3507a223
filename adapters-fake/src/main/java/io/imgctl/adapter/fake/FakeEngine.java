package io.imgctl.adapter.fake;

import io.imgctl.adapter.fake.State.ConfigRecord;
import io.imgctl.adapter.fake.State.ContainerRecord;
import io.imgctl.adapter.fake.State.ImageRecord;
import io.imgctl.adapter.fake.State.LayerRecord;
import io.imgctl.adapter.fake.State.LogEntry;
import io.imgctl.application.port.out.CommitSpec;
import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.PushResult;
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
import io.imgctl.domain.store.StoreSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The built-in engine: Docker's semantics on a state kept in a JSON file (see {@link StateStore}).
 * Every operation loads the state, acts on it and, if it changes anything, saves it, so one imgctl
 * command sees what the previous one did. Time comes from a {@link Clock}; nothing sleeps.
 *
 * <p>Processes are simulated by {@link Programs}: a container whose program ends by itself (most
 * commands, {@code sleep N}) is exited as soon as its time has passed on the clock; one that never
 * ends (a server such as nginx, {@code sleep infinity}, {@code tail -f}) runs until it is removed
 * with force. {@link #waitContainer} never blocks: on a program that would end by itself it ends it
 * at once with its exit code (the sleep is cut short), on one that never ends it throws
 * {@link ConflictException}.
 */
final class FakeEngine implements ContainerEngine {

    static final String KIND = "fake";
    static final String VERSION = "imgctl-fake 1";
    static final String STATE_VARIABLE = "IMGCTL_FAKE_STATE";

    private final StateStore store;
    private final Clock clock;
    private final OfflineRegistry registry;

    private FakeEngine(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.registry = new OfflineRegistry(Catalogue.builtIn());
    }

    /** An engine whose state lives in {@code stateFile} (created on first change), with time from {@code clock}. */
    static FakeEngine create(Path stateFile, Clock clock) {
        return new FakeEngine(new StateStore(Objects.requireNonNull(stateFile, "stateFile")),
                Objects.requireNonNull(clock, "clock"));
    }

    /** The engine the CLI gets: state file from the environment, the system clock. */
    static FakeEngine create(EngineSettings settings) {
        return create(statePath(settings), Clock.systemUTC());
    }

    /** {@code $IMGCTL_FAKE_STATE}, else {@code $XDG_STATE_HOME/imgctl/fake-engine.json}, else under {@code ~/.local/state}. */
    static Path statePath(EngineSettings settings) {
        Optional<String> explicit = settings.env(STATE_VARIABLE);
        if (explicit.isPresent()) {
            return Path.of(explicit.get());
        }
        Optional<String> xdg = settings.env("XDG_STATE_HOME");
        if (xdg.isPresent()) {
            return Path.of(xdg.get(), "imgctl", "fake-engine.json");
        }
        String home = settings.env("HOME").orElse(System.getProperty("user.home"));
        return Path.of(home, ".local", "state", "imgctl", "fake-engine.json");
    }

    Path stateFile() {
        return store.file();
    }

    // --- state access ------------------------------------------------------------------------

    private <T> T read(Function<State, T> query) {
        State state = store.load();
        settle(state, clock.instant());
        return query.apply(state);
    }

    private <T> T update(Function<State, T> change) {
        return store.update(state -> {
            settle(state, clock.instant());
            return change.apply(state);
        });
    }

    /** Containers whose program has ended by now are exited. */
    private static void settle(State state, Instant now) {
        for (ContainerRecord c : state.containers) {
            if (c.isRunning() && c.endsAt != null && !c.endsAt.isAfter(now)) {
                c.state = "exited";
                c.exitCode = c.pendingExitCode;
                c.finished = c.endsAt;
                c.endsAt = null;
            }
        }
    }

    // --- engine -------------------------------------------------------------------------------

    @Override
    public EngineInfo info() {
        return new EngineInfo(KIND, VERSION, store.file().toString(), EngineBehaviour.DOCKER);
    }

    @Override
    public EngineBehaviour behaviour() {
        return EngineBehaviour.DOCKER;
    }

    @Override
    public void ping() {
        store.load();
    }

    // --- images -------------------------------------------------------------------------------

    @Override
    public List<Image> listImages() {
        return read(state -> state.images.stream().map(FakeEngine::toImage)
                .sorted(Image.NEWEST_FIRST).toList());
    }

    @Override
    public Optional<Image> findImage(String referenceOrId) {
        Objects.requireNonNull(referenceOrId, "referenceOrId");
        return read(state -> Lookup.image(state, referenceOrId) instanceof Lookup.One<ImageRecord> one
                ? Optional.of(toImage(one.value())) : Optional.empty());
    }

    @Override
    public StoreSnapshot snapshot() {
        Instant now = clock.instant();
        return read(state -> new StoreSnapshot(
                state.images.stream().map(FakeEngine::toImage)
                        .sorted(Image.NEWEST_FIRST).toList(),
                containers(state), now));
    }

    @Override
    public PullResult pull(ImageReference reference, PullListener listener) {
        Objects.requireNonNull(reference, "reference");
        PullListener sink = listener == null ? PullListener.IGNORE : listener;
        return update(state -> registry.pull(state, reference, sink));
    }

    @Override
    public PushResult push(ImageReference reference, PullListener listener) {
        Objects.requireNonNull(reference, "reference");
        PullListener sink = listener == null ? PullListener.IGNORE : listener;
        return update(state -> registry.push(state, reference, sink));
    }

    @Override
    public void tag(ImageId source, ImageReference target) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (target.digest().isPresent()) {
            throw new EngineFailureException("Tried to tag " + source.shortId() + " as " + target.familiar()
                    + " but refusing to create a tag with a digest reference");
        }
        update(state -> {
            ImageRecord image = Lookup.imageById(state, source.toString())
                    .orElseThrow(() -> new NotFoundException("No such image: " + source));
            Lookup.moveTag(state, image, target);
            return null;
        });
    }

    @Override
    public ImageId commit(CommitSpec spec) {
        Objects.requireNonNull(spec, "spec");
        ImageReference reference = spec.reference();
        Instant now = clock.instant();
        return update(state -> {
            ContainerRecord container = container(state, spec.containerId());
            long sequence = state.nextSequence();
            LayerRecord layer = new LayerRecord();
            layer.diffId = References.sha256("imgctl-fake/commit-layer/" + container.id + "/" + sequence).toString();
            layer.size = container.sizeRw;
            layer.compressedSize = Math.max(32, container.sizeRw / 2);
            layer.createdBy = String.join(" ", container.command());
            layer.created = now;
            layer.comment = spec.message().orElse("");

            ImageRecord image = new ImageRecord();
            image.id = References.sha256("imgctl-fake/commit/" + container.id + "/" + sequence).toString();
            image.created = now;
            image.parent = container.imageId;
            image.layers = new ArrayList<>(container.layers.stream().map(LayerRecord::copy).toList());
            image.layers.add(layer);
            ConfigRecord base = container.config.copy();
            base.entrypoint = new ArrayList<>(container.entrypoint);
            base.cmd = new ArrayList<>(container.cmd);
            image.config = configRecord(spec.applyTo(toConfig(base)));
            image.programs = new ArrayList<>(container.programs);
            image.files = new LinkedHashMap<>(container.files);
            image.author = spec.author().orElse("");
            image.comment = spec.message().orElse("");
            state.images.add(image);
            Lookup.moveTag(state, image, reference);
            return ImageId.parse(image.id);
        });
    }

    private static ImageConfig toConfig(ConfigRecord c) {
        return new ImageConfig(c.cmd, c.entrypoint, c.env, c.workingDir, c.user, c.labels, c.architecture, c.os);
    }

    private static ConfigRecord configRecord(ImageConfig config) {
        ConfigRecord c = new ConfigRecord();
        c.cmd = new ArrayList<>(config.cmd());
        c.entrypoint = new ArrayList<>(config.entrypoint());
        c.env = new ArrayList<>(config.env());
        c.workingDir = config.workingDir();
        c.user = config.user();
        c.labels = new LinkedHashMap<>(new TreeMap<>(config.labels()));
        c.architecture = config.architecture();
        c.os = config.os();
        return c;
    }

    @Override
    public List<EngineRecord> untag(ImageReference reference) {
        Objects.requireNonNull(reference, "reference");
        ImageReference ref = reference.withDefaultTag();
        return update(state -> {
            ImageRecord image = Lookup.imageByReference(state, ref)
                    .orElseThrow(() -> new NotFoundException("No such image: " + ref.familiar()));
            String stored = References.stored(ref.exactName());
            image.tags.remove(stored);
            image.digests.remove(stored);
            List<EngineRecord> records = new ArrayList<>();
            records.add(new EngineRecord(EngineRecord.Kind.UNTAGGED, ImageReference.parse(stored).familiar()));
            // Docker: when no tag of that repository remains, its digest references go with the tag
            String repository = ref.name();
            boolean tagLeftInRepository = image.tags.stream()
                    .anyMatch(t -> ImageReference.parse(t).name().equals(repository));
            if (ref.digest().isEmpty() && !tagLeftInRepository) {
                for (String digest : List.copyOf(image.digests)) {
                    if (ImageReference.parse(digest).name().equals(repository)) {
                        image.digests.remove(digest);
                        records.add(new EngineRecord(EngineRecord.Kind.UNTAGGED, ImageReference.parse(digest).familiar()));
                    }
                }
            }
            return records;
        });
    }

    @Override
    public List<EngineRecord> deleteImage(ImageId id, boolean force) {
        Objects.requireNonNull(id, "id");
        return update(state -> {
            ImageRecord image = Lookup.imageById(state, id.toString())
                    .orElseThrow(() -> new NotFoundException("No such image: " + id));
            return ImageDeletion.byId(state, image, force);
        });
    }

    // --- containers ---------------------------------------------------------------------------

    @Override
    public List<Container> listContainers() {
        return read(FakeEngine::containers);
    }

    @Override
    public Optional<Container> findContainer(String nameOrId) {
        Objects.requireNonNull(nameOrId, "nameOrId");
        return read(state -> Lookup.container(state, nameOrId) instanceof Lookup.One<ContainerRecord> one
                ? Optional.of(toContainer(state, one.value())) : Optional.empty());
    }

    @Override
    public Container createContainer(ContainerSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Optional<String> wanted = spec.name().map(n -> n.startsWith("/") ? n.substring(1) : n);
        wanted.ifPresent(name -> {
            if (!Names.VALID.matcher(name).matches()) {
                throw new EngineFailureException("Invalid container name (" + name
                        + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
            }
        });
        Instant now = clock.instant();
        return update(state -> {
            ImageReference ref = spec.image().withDefaultTag();
            ImageRecord image = Lookup.imageByReference(state, ref)
                    .orElseThrow(() -> new NotFoundException("No such image: " + ref.familiar()));
            wanted.flatMap(name -> Lookup.containerByName(state, name)).ifPresent(other -> {
                throw new ConflictException("Conflict. The container name \"/" + other.name
                        + "\" is already in use by container \"" + other.id
                        + "\". You have to remove (or rename) that container to be able to reuse that name.");
            });
            long sequence = state.nextSequence();
            ContainerRecord c = new ContainerRecord();
            c.sequence = sequence;
            c.id = References.sha256("imgctl-fake/container/" + sequence + "/" + now + "/" + image.id).hex();
            c.name = wanted.orElseGet(() -> Names.generate(c.id, n -> Lookup.containerByName(state, n).isPresent()));
            c.image = spec.image().familiar();
            c.imageId = image.id;
            c.entrypoint = new ArrayList<>(image.config.entrypoint);
            c.cmd = new ArrayList<>(spec.command().isEmpty() ? image.config.cmd : spec.command());
            c.state = "created";
            c.created = now;
            c.layers = new ArrayList<>(image.layers.stream().map(LayerRecord::copy).toList());
            c.config = image.config.copy();
            c.programs = new ArrayList<>(image.programs);
            c.files = new LinkedHashMap<>(image.files);
            state.containers.add(c);
            return toContainer(state, c);
        });
    }

    @Override
    public void startContainer(String containerId) {
        Instant now = clock.instant();
        Optional<String> failure = update(state -> {
            ContainerRecord c = container(state, containerId);
            if (c.isRunning()) {
                return Optional.empty(); // Docker answers 304: already started
            }
            ConfigRecord config = c.config;
            Programs.Outcome outcome = Programs.start(c.command(), new Programs.Context(
                    c.programs, config.env, config.workingDir, config.user, c.id.substring(0, 12), now, c.files));
            if (outcome instanceof Programs.NotStarted notStarted) {
                c.exitCode = notStarted.exitCode();
                return Optional.of(notStarted.message());
            }
            Programs.Run run = (Programs.Run) outcome;
            c.files = new LinkedHashMap<>(run.files());
            c.started = now;
            for (Programs.Chunk chunk : run.output()) {
                c.logs.add(LogEntry.of(now.plus(chunk.at()), chunk.text()));
            }
            if (c.sizeRw == 0) {
                c.sizeRw = writableLayerSize(c.id);
            }
            if (run.runsFor().isPresent() && run.runsFor().get().isZero()) {
                c.state = "exited";
                c.exitCode = run.exitCode();
                c.finished = now;
                c.endsAt = null;
            } else {
                c.state = "running";
                c.exitCode = 0;
                c.pendingExitCode = run.exitCode();
                c.endsAt = run.runsFor().map(now::plus).orElse(null);
            }
            return Optional.empty();
        });
        if (failure.isPresent()) {
            throw new EngineFailureException(failure.get());
        }
    }

    /** What a started container has written to its file system: a few deterministic kilobytes at most. */
    static long writableLayerSize(String containerId) {
        return 12 + Long.parseLong(containerId.substring(16, 20), 16) % 4084;
    }

    @Override
    public int waitContainer(String containerId) {
        Instant now = clock.instant();
        return update(state -> {
            ContainerRecord c = container(state, containerId);
            if (c.isRunning()) {
                if (c.endsAt == null) {
                    throw new ConflictException("Tried to wait for container " + c.name + " but its process ("
                            + String.join(" ", c.command()) + ") never ends by itself on the fake engine;"
                            + " it keeps running until it is removed with force (rm -f " + c.name + ")");
                }
                // the fake does not make callers wait: the program ends now, with the status it ends with
                c.state = "exited";
                c.exitCode = c.pendingExitCode;
                c.finished = now;
                c.endsAt = null;
                for (LogEntry entry : c.logs) {
                    if (entry.at.isAfter(now)) {
                        entry.at = now;
                    }
                }
            }
            return c.exitCode;
        });
    }

    @Override
    public String logs(String containerId) {
        Instant now = clock.instant();
        return read(state -> {
            ContainerRecord c = container(state, containerId);
            StringBuilder out = new StringBuilder();
            for (LogEntry entry : c.logs) {
                if (!c.isRunning() || !entry.at.isAfter(now)) {
                    out.append(entry.text);
                }
            }
            return out.toString();
        });
    }

    @Override
    public void removeContainer(String containerId, boolean force) {
        update(state -> {
            ContainerRecord c = container(state, containerId);
            if (c.isRunning() && !force) {
                throw new ConflictException("You cannot remove a running container " + c.id
                        + ". Stop the container before attempting removal or force remove");
            }
            state.containers.remove(c);
            return null;
        });
    }

    private static ContainerRecord container(State state, String nameOrId) {
        Objects.requireNonNull(nameOrId, "containerId");
        Lookup.Found<ContainerRecord> found = Lookup.container(state, nameOrId);
        if (found instanceof Lookup.One<ContainerRecord> one) {
            return one.value();
        }
        if (found instanceof Lookup.Ambiguous<ContainerRecord> ambiguous) {
            throw new NotFoundException("Multiple IDs found with provided prefix: " + nameOrId
                    + " (" + ambiguous.matches() + " containers); give more of the ID");
        }
        throw new NotFoundException("No such container: " + nameOrId);
    }

    // --- to the domain ------------------------------------------------------------------------

    private static List<Container> containers(State state) {
        return state.containers.stream().map(c -> toContainer(state, c)).sorted(Container.NEWEST_FIRST).toList();
    }

    static Image toImage(ImageRecord r) {
        List<Layer> layers = r.layers.stream().map(l -> new Layer(Digest.parse(l.diffId), l.size, l.createdBy,
                Optional.ofNullable(l.created), l.comment)).toList();
        ImageConfig config = toConfig(r.config);
        return new Image(ImageId.parse(r.id),
                r.tags.stream().map(ImageReference::parse).toList(),
                r.digests.stream().map(ImageReference::parse).toList(),
                r.created, r.size(), Optional.ofNullable(r.parent).map(ImageId::parse), layers, config,
                r.author, r.comment);
    }

    /**
     * As Docker lists it: {@code image} is the reference the container was created from while that
     * reference still names the container's image, otherwise the image ID.
     */
    static Container toContainer(State state, ContainerRecord c) {
        String image = c.image;
        boolean stillNamed;
        try {
            stillNamed = Lookup.imageByReference(state, ImageReference.parse(c.image).withDefaultTag())
                    .map(i -> i.id.equals(c.imageId)).orElse(false);
        } catch (IllegalArgumentException e) {
            stillNamed = false;
        }
        if (!stillNamed) {
            image = c.imageId;
        }
        return new Container(c.id, c.name, image, ImageId.parse(c.imageId), c.command(),
                ContainerState.parse(c.state), c.exitCode, c.created, Optional.ofNullable(c.started),
                Optional.ofNullable(c.finished), c.sizeRw);
    }
}
