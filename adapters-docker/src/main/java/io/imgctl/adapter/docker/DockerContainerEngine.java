package io.imgctl.adapter.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import io.imgctl.application.port.out.ChangeLog;
import io.imgctl.application.port.out.CommitSpec;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.ParallelReads;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.application.port.out.RegistryException;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.InvalidReferenceException;
import io.imgctl.domain.removal.EngineBehaviour;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.domain.store.StoreSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@link ContainerEngine} on the Docker Engine API (1.41 and later) through docker-java.
 *
 * <p>docker-java's typed commands serve tagging and the container lifecycle (create, start, remove).
 * Its HTTP transport interface serves, raw, everything else: the reads (listing and inspecting images
 * and containers, history, version, ping), mapped from Docker's JSON directly because docker-java's
 * client and model classes add a few hundred milliseconds to every listing; image removal (its
 * {@code removeImageCmd} discards the {@code Untagged}/{@code Deleted} records); pull and push (its
 * pull callback throws a NullPointerException on an in-band error and judges success from a status
 * string); commit (its {@code CommitCmd} sends a full config body); container logs and wait.
 *
 * <p>Costs: {@link #listImages()} is one call; {@link #findImage} two (inspect and history);
 * {@link #findImageNames} one (inspect); {@link #removalSnapshot()} see there;
 * {@link #listContainers()} is one list plus one inspect per container (the list has neither the exact
 * exit code nor the start and finish times the port needs); {@link #snapshot()} is one list plus two
 * calls per image, plus the containers: about 1 + 2 × images + 1 + containers requests. The
 * per-image and per-container reads run eight at a time ({@link #READS}).
 *
 * <p>The connection is opened on first use, so building the engine never fails; a bad endpoint
 * setting or an absent daemon surfaces as an {@link EngineException} from the first call.
 */
final class DockerContainerEngine implements ContainerEngine {

    /** Where the untag carrier images go; see {@link #untag}. */
    static final String CARRIER_REPOSITORY = "localhost/imgctl/untag-carrier";

    /** Per-image and per-container reads: eight at a time, from 16 inputs on (each answer is small work for the daemon). */
    private static final ParallelReads READS = new ParallelReads(8, 16, "imgctl-docker-read");
    /** Up to this many references, {@link #imagesNamed} inspects each instead of listing every image. */
    static final int NAMED_BY_INSPECT = 64;

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]*");
    /** A tar archive with no entries: two 512-byte zero blocks. */
    private static final byte[] EMPTY_TAR = new byte[1024];

    private final EngineSettings settings;
    private ObjectMapper mapper;
    private DockerConnection connection;
    private RegistryAuth auth;

    DockerContainerEngine(EngineSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Closes the connection, if one was opened; a call in flight on another thread then fails. */
    @Override
    public void close() {
        DockerConnection open;
        synchronized (this) {
            open = connection;
            connection = null;
        }
        if (open != null) {
            open.close();
        }
    }

    /**
     * Jackson's mapper, made on first use: pull, push, import and registry credentials need it; the
     * reads do not (they parse with {@link JsonTrees}), and building it costs a listing more than the
     * call itself.
     */
    private synchronized ObjectMapper mapper() {
        if (mapper == null) {
            mapper = new ObjectMapper();
        }
        return mapper;
    }

    private synchronized DockerConnection connection() {
        if (connection == null) {
            DockerConfigDir config = DockerConfigDir.of(settings);
            DockerEndpoint endpoint;
            try {
                endpoint = DockerEndpoint.resolve(settings, config);
            } catch (IllegalStateException e) {
                throw new EngineUnavailableException(e.getMessage(), e);
            }
            java.time.Duration timeout = settings.callTimeout();
            try {
                connection = DockerConnection.open(endpoint, config, settings.traceStream(System.err), timeout);
            } catch (RuntimeException e) {
                throw new EngineUnavailableException("Tried to connect to docker at " + endpoint
                        + " but failed because " + DockerConnection.oneLine(String.valueOf(e.getMessage())), e);
            }
        }
        return connection;
    }

    private synchronized RegistryAuth auth() {
        if (auth == null) {
            try {
                auth = RegistryAuth.load(DockerConfigDir.of(settings), settings, mapper());
            } catch (IllegalStateException e) {
                throw new EngineFailureException(e.getMessage(), e);
            }
        }
        return auth;
    }

    // ------------------------------------------------------------------ engine

    @Override
    public EngineInfo info() {
        DockerConnection c = connection();
        String version = c.json("read the version", "GET", "/version", Map.of(), null).path("Version").asText("");
        return new EngineInfo("docker", version, c.endpoint().toString(), EngineBehaviour.DOCKER);
    }

    @Override
    public EngineBehaviour behaviour() {
        return EngineBehaviour.DOCKER;
    }

    @Override
    public void ping() {
        DockerConnection c = connection();
        try (Response response = c.send("ping the daemon", "GET", "/_ping", Map.of(), null)) {
            response.getBody().readAllBytes();
        } catch (IOException e) {
            throw c.unavailableOr("ping the daemon", new UncheckedIOException(e));
        }
    }

    // ------------------------------------------------------------------ images

    /**
     * Docker's events, on a UNIX socket (over TCP the daemon's clock need not be this machine's); see
     * {@link DockerEvents}. The log watches on a connection of its own, which outlives this engine's.
     */
    @Override
    public Optional<ChangeLog> changeLog() {
        DockerEndpoint endpoint = connection().endpoint();
        if (!"unix".equals(endpoint.uri().getScheme())) {
            return Optional.empty();
        }
        return Optional.of(new DockerEvents(() -> DockerConnection.open(endpoint, DockerConfigDir.of(settings), false,
                settings.callTimeout()), "docker " + endpoint.uri()));
    }

    @Override
    public List<Image> listImages() {
        JsonNode items = connection().json("list images", "GET", "/images/json?all=1", Map.of(), null);
        return read("list images", () -> {
            List<Image> images = new ArrayList<>(items.size());
            for (JsonNode item : items) {
                images.add(DockerMapping.listedImage(item));
            }
            return images;
        });
    }

    @Override
    public Optional<Image> findImage(String referenceOrId) {
        return inspectNamed(referenceOrId).flatMap(this::withHistory);
    }

    /** Inspect alone: the history (layer sizes) is not read. */
    @Override
    public Optional<Image> findImageNames(String referenceOrId) {
        return inspectNamed(referenceOrId).map(inspect -> read("read image " + referenceOrId,
                () -> DockerMapping.inspectedImageWithoutLayers(inspect)));
    }

    /**
     * One inspect per reference (8 at a time) when there are at most {@value #NAMED_BY_INSPECT}: the
     * daemon's listing costs in proportion to the store, an inspect only its one image. More references than that:
     * the listing, as the port's default does. A reference counts only when the image has it as a tag
     * or digest, so the answer is the listing's.
     */
    @Override
    public Map<ImageReference, ImageId> imagesNamed(Set<ImageReference> references) {
        if (references.size() > NAMED_BY_INSPECT) {
            return ContainerEngine.super.imagesNamed(references);
        }
        return ContainerEngine.imagesNamedByLookup(references, READS, reference -> inspectNamed(reference.normalized())
                .map(inspect -> read("read image " + reference, () -> DockerMapping.inspectedImageWithoutLayers(inspect))));
    }

    /** The inspect answer for what a user typed; empty for a name Docker could not resolve as one. */
    private Optional<JsonNode> inspectNamed(String referenceOrId) {
        Objects.requireNonNull(referenceOrId, "referenceOrId");
        if (!SAFE_NAME.matcher(referenceOrId).matches()) {
            return Optional.empty();
        }
        return inspectImage(referenceOrId);
    }

    /** {@code GET /images/{name}/json}; empty on 404. */
    private Optional<JsonNode> inspectImage(String nameOrId) {
        try {
            return Optional.of(connection().json("inspect image " + nameOrId, "GET",
                    "/images/" + pathName(nameOrId) + "/json", Map.of(), null));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Adds the history (for layer sizes); empty when the image went away in between. */
    private Optional<Image> withHistory(JsonNode inspect) {
        String id = inspect.path("Id").asText();
        try {
            JsonNode history = connection().json("read the history of image " + id, "GET",
                    "/images/" + pathName(id) + "/history", Map.of(), null);
            return Optional.of(read("read image " + id, () -> DockerMapping.inspectedImage(inspect, history)));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public StoreSnapshot snapshot() {
        Instant takenAt = Instant.now();
        List<Image> listed = listImages();
        List<Optional<Image>> detailed = READS.map(listed,
                image -> inspectImage(image.id().toString()).flatMap(this::withHistory));
        List<Image> images = new ArrayList<>(listed.size());
        detailed.forEach(found -> found.ifPresent(images::add));
        return new StoreSnapshot(images, listContainers(), takenAt);
    }

    /**
     * The list, then every image's inspect (its diff IDs), then the history only of the images that
     * share a layer with another image, have a parent or are one: about 1 + images + sharing images
     * requests instead of 1 + 2 × images. The others come without layers, their size being all their own.
     * (Docker's disk-usage answer also says which images share layers, but on API 1.41 it computes
     * every container's and volume's size too, which can take long.)
     */
    @Override
    public StoreSnapshot removalSnapshot() {
        Instant takenAt = Instant.now();
        List<Image> listed = listImages();
        List<Optional<JsonNode>> inspected = READS.map(listed, image -> inspectImage(image.id().toString()));
        Map<Digest, Integer> holders = new HashMap<>();
        Map<ImageId, List<Digest>> diffIds = new HashMap<>();
        Set<ImageId> related = new HashSet<>();
        List<Integer> present = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            Image image = listed.get(i);
            image.parent().ifPresent(parent -> {
                related.add(parent);
                related.add(image.id());
            });
            if (inspected.get(i).isPresent()) {
                JsonNode inspect = inspected.get(i).get();
                List<Digest> layers = read("read image " + image.id(), () -> DockerMapping.diffIds(inspect));
                diffIds.put(image.id(), layers);
                new HashSet<>(layers).forEach(layer -> holders.merge(layer, 1, Integer::sum));
                present.add(i);
            }
        }
        List<Optional<Image>> detailed = READS.map(present, i -> {
            Image image = listed.get(i);
            JsonNode inspect = inspected.get(i).orElseThrow();
            boolean own = !related.contains(image.id())
                    && diffIds.get(image.id()).stream().allMatch(layer -> holders.get(layer) == 1);
            return own ? Optional.of(read("read image " + image.id(), () -> DockerMapping.inspectedImageWithoutLayers(inspect)))
                    : withHistory(inspect);
        });
        List<Image> images = new ArrayList<>(present.size());
        detailed.forEach(found -> found.ifPresent(images::add));
        return new StoreSnapshot(images, listContainers(), takenAt);
    }

    @Override
    public PullResult pull(ImageReference reference, PullListener listener) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(listener, "listener");
        DockerConnection c = connection();
        // Always a tag or a digest: Docker pulls every tag of the repository when none is given.
        ImageReference ref = reference.canonical();
        String action = "pull " + ref.familiar();
        String tagOrDigest = ref.digest().map(Digest::toString).orElseGet(ref::tagOrLatest);
        String path = "/images/create?fromImage=" + query(ref.familiarName()) + "&tag=" + query(tagOrDigest);
        ProgressStream progress = new ProgressStream(listener);
        try (Response response = c.send(action, "POST", path, Map.of("X-Registry-Auth", auth().header(ref.domain())), null)) {
            progress.readAll(response.getBody(), mapper());
        } catch (ProgressStream.StreamError e) {
            throw new RegistryException("Tried to " + action + " on docker at " + c.endpoint()
                    + " but the registry answered: " + DockerConnection.oneLine(e.getMessage()), e);
        } catch (EngineUnavailableException e) {
            throw e;
        } catch (EngineException e) {
            // Refused before the stream began (unknown manifest, denied, registry down): the registry's word.
            throw new RegistryException(e.getMessage(), e);
        } catch (IOException e) {
            throw c.unavailableOr(action, new UncheckedIOException(e));
        }
        if (!progress.pullCompleted()) {
            throw new RegistryException("Tried to " + action + " on docker at " + c.endpoint()
                    + " but failed because the progress stream ended without Docker's final Status line");
        }
        ImageId id = inspectImage(ref.familiar())
                .map(i -> read(action, () -> ImageId.parse(i.path("Id").asText())))
                .orElseThrow(() -> new EngineFailureException("Tried to " + action + " on docker at " + c.endpoint()
                        + " but failed because the image was not there after Docker reported success"));
        return new PullResult(ref, id, progress.digest(), progress.downloaded());
    }

    @Override
    public void tag(ImageId source, ImageReference target) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (target.digest().isPresent()) {
            throw new IllegalArgumentException("a tag cannot contain a digest: " + target);
        }
        DockerConnection c = connection();
        ImageReference ref = target.withDefaultTag();
        c.run("tag " + source + " as " + ref.familiar(),
                () -> c.client().tagImageCmd(source.toString(), ref.familiarName(), ref.tagOrLatest()).exec());
    }

    @Override
    public PushResult push(ImageReference reference, PullListener listener) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(listener, "listener");
        if (reference.digest().isPresent()) {
            throw new IllegalArgumentException("push needs a tag, not a digest: " + reference);
        }
        DockerConnection c = connection();
        // Always a tag: Docker pushes every local tag of the repository when none is given.
        ImageReference ref = reference.withDefaultTag();
        String action = "push " + ref.familiar();
        String path = "/images/" + pathName(ref.familiarName()) + "/push?tag=" + query(ref.tagOrLatest());
        ProgressStream progress = new ProgressStream(listener);
        // Docker refuses a push without X-Registry-Auth (400), even when there is nothing to send.
        try (Response response = c.send(action, "POST", path, Map.of("X-Registry-Auth", auth().header(ref.domain())), null)) {
            progress.readAll(response.getBody(), mapper());
        } catch (ProgressStream.StreamError e) {
            String message = "Tried to " + action + " on docker at " + c.endpoint() + " but ";
            if (isMissingLocalImage(e.getMessage())) {
                throw new NotFoundException(message + "failed because " + DockerConnection.oneLine(e.getMessage()), e);
            }
            throw new RegistryException(message + "the registry answered: " + DockerConnection.oneLine(e.getMessage()), e);
        } catch (NotFoundException | EngineUnavailableException e) {
            throw e;
        } catch (EngineException e) {
            throw new RegistryException(e.getMessage(), e);
        } catch (IOException e) {
            throw c.unavailableOr(action, new UncheckedIOException(e));
        }
        Digest digest = progress.digest().orElseThrow(() -> new RegistryException("Tried to " + action
                + " on docker at " + c.endpoint() + " but failed because Docker reported no manifest digest"));
        return new PushResult(ref, digest, Math.max(0, progress.size()));
    }

    @Override
    public ImageId commit(CommitSpec spec) {
        Objects.requireNonNull(spec, "spec");
        String containerId = spec.containerId();
        DockerConnection.requireNonBlank(containerId, "containerId");
        DockerConnection c = connection();
        ImageReference ref = spec.reference().withDefaultTag();
        StringBuilder path = new StringBuilder("/commit?container=").append(query(containerId))
                .append("&repo=").append(query(ref.familiarName()))
                .append("&tag=").append(query(ref.tagOrLatest()));
        spec.message().ifPresent(m -> path.append("&comment=").append(query(m)));
        spec.author().ifPresent(a -> path.append("&author=").append(query(a)));
        for (String change : spec.changes()) {
            // Repeated, as the docker CLI sends them; the daemon reads every value.
            path.append("&changes=").append(query(change));
        }
        JsonNode answer = c.json("commit container " + containerId + " as " + ref.familiar(), "POST",
                path.toString(), Map.of(), null);
        return read("commit container " + containerId, () -> ImageId.parse(answer.path("Id").asText()));
    }

    // ------------------------------------------------------------------ containers

    @Override
    public List<Container> listContainers() {
        JsonNode items = connection().json("list containers", "GET", "/containers/json?all=1", Map.of(), null);
        List<String> ids = new ArrayList<>(items.size());
        items.forEach(item -> ids.add(item.path("Id").asText()));
        List<Container> containers = new ArrayList<>(ids.size());
        READS.map(ids, id -> inspectContainer(id).map(this::container))
                .forEach(found -> found.ifPresent(containers::add));
        return containers;
    }

    /**
     * One list call: its {@code ImageID}s are counted, no container is inspected (a list entry without
     * one is, as {@link #listContainers()} would).
     */
    @Override
    public Map<ImageId, Integer> containerCountsByImage() {
        JsonNode items = connection().json("list containers", "GET", "/containers/json?all=1", Map.of(), null);
        Map<ImageId, Integer> counts = new java.util.HashMap<>();
        List<String> unnamed = new ArrayList<>();
        read("list containers", () -> {
            for (JsonNode item : items) {
                String imageId = item.path("ImageID").asText("");
                if (imageId.isEmpty()) {
                    unnamed.add(item.path("Id").asText());
                } else {
                    counts.merge(ImageId.parse(imageId), 1, Integer::sum);
                }
            }
            return counts;
        });
        READS.map(unnamed, cid -> inspectContainer(cid).map(this::container))
                .forEach(found -> found.ifPresent(c -> counts.merge(c.imageId(), 1, Integer::sum)));
        return counts;
    }

    /**
     * One list call; only the containers the list shows on image {@code id} (its {@code ImageID}) are
     * inspected, not every container as {@link #listContainers()} must. A list entry without an image
     * ID is inspected too, so the answer is the same as filtering {@link #listContainers()}.
     */
    @Override
    public List<Container> containersUsing(ImageId id) {
        Objects.requireNonNull(id, "id");
        JsonNode items = connection().json("list containers", "GET", "/containers/json?all=1", Map.of(), null);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : items) {
            String imageId = item.path("ImageID").asText("");
            if (imageId.isEmpty() || imageId.equals(id.toString())) {
                ids.add(item.path("Id").asText());
            }
        }
        List<Container> containers = new ArrayList<>(ids.size());
        READS.map(ids, cid -> inspectContainer(cid).map(this::container))
                .forEach(found -> found.filter(c -> c.imageId().equals(id)).ifPresent(containers::add));
        return containers;
    }

    @Override
    public Optional<Container> findContainer(String nameOrId) {
        Objects.requireNonNull(nameOrId, "nameOrId");
        if (!SAFE_NAME.matcher(nameOrId).matches()) {
            return Optional.empty();
        }
        // One container: ask for its writable layer's size too (SizeRw), which the listing leaves out.
        return inspectContainer(nameOrId, true).map(this::container);
    }

    /** {@code GET /containers/{id}/json}; empty on 404. */
    private Optional<JsonNode> inspectContainer(String nameOrId) {
        return inspectContainer(nameOrId, false);
    }

    /** {@code GET /containers/{id}/json}, with {@code ?size=1} when {@code size}; empty on 404. */
    private Optional<JsonNode> inspectContainer(String nameOrId, boolean size) {
        try {
            return Optional.of(connection().json("inspect container " + nameOrId, "GET",
                    "/containers/" + pathName(nameOrId) + "/json" + (size ? "?size=1" : ""), Map.of(), null));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Container createContainer(ContainerSpec spec) {
        Objects.requireNonNull(spec, "spec");
        DockerConnection c = connection();
        String image = spec.image().familiar();
        String action = "create a container from " + image;
        String id = c.call(action, () -> {
            CreateContainerCmd cmd = c.client().createContainerCmd(image);
            spec.name().ifPresent(cmd::withName);
            if (!spec.command().isEmpty()) {
                cmd.withCmd(spec.command());
            }
            return cmd.exec().getId();
        });
        return inspectContainer(id).map(this::container)
                .orElseThrow(() -> new NotFoundException("Tried to " + action + " on docker at " + c.endpoint()
                        + " but failed because the new container " + id + " was gone at once"));
    }

    @Override
    public void startContainer(String containerId) {
        DockerConnection.requireNonBlank(containerId, "containerId");
        DockerConnection c = connection();
        c.run("start container " + containerId, () -> {
            try {
                c.client().startContainerCmd(containerId).exec();
            } catch (NotModifiedException e) {
                // 304: already running, which is what was asked.
            }
        });
    }

    @Override
    public int waitContainer(String containerId) {
        DockerConnection.requireNonBlank(containerId, "containerId");
        DockerConnection c = connection();
        String action = "wait for container " + containerId;
        JsonNode answer = c.json(action, "POST", "/containers/" + pathName(containerId) + "/wait", Map.of(), null);
        String error = answer.path("Error").path("Message").asText("");
        if (!error.isEmpty()) {
            throw new EngineFailureException("Tried to " + action + " on docker at " + c.endpoint()
                    + " but failed because " + DockerConnection.oneLine(error));
        }
        if (!answer.path("StatusCode").canConvertToInt()) {
            throw new EngineFailureException("Tried to " + action + " on docker at " + c.endpoint()
                    + " but failed because Docker's answer had no StatusCode: " + answer);
        }
        return answer.path("StatusCode").asInt();
    }

    @Override
    public String logs(String containerId) {
        DockerConnection.requireNonBlank(containerId, "containerId");
        DockerConnection c = connection();
        String action = "read the logs of container " + containerId;
        try (Response response = c.send(action, "GET",
                "/containers/" + pathName(containerId) + "/logs?stdout=1&stderr=1", Map.of(), null)) {
            return LogStreams.demultiplex(response.getBody().readAllBytes());
        } catch (IOException e) {
            throw c.unavailableOr(action, new UncheckedIOException(e));
        }
    }

    @Override
    public void removeContainer(String containerId, boolean force) {
        DockerConnection.requireNonBlank(containerId, "containerId");
        DockerConnection c = connection();
        c.run("remove container " + containerId,
                () -> c.client().removeContainerCmd(containerId).withForce(force).exec());
    }

    // ------------------------------------------------------------------ removal

    /**
     * Removes one tag and keeps the image, even when it is the image's last name.
     *
     * <p>Docker has no untag call: {@code DELETE /images/{tag}} only untags while the image keeps other
     * references, but deletes the image with its last one (and refuses, 409, when a container uses it).
     * So:
     * <ul>
     *   <li>When the image keeps another tag, or a digest of another repository, after the removal
     *       (Docker also drops the same repository's digests with a repository's last tag), a plain
     *       {@code DELETE /images/{tag}?noprune=1} only untags: its records are returned.</li>
     *   <li>When the tag is the last reference, the tag is first moved onto a throw-away "carrier" image
     *       (an empty tar imported as {@value #CARRIER_REPOSITORY}:&lt;random&gt;), which leaves the image
     *       untagged with its data and containers untouched, exactly as a re-tag does in Docker. Then the
     *       tag is deleted from the carrier (which only untags, the carrier having its own tag), and the
     *       carrier is deleted. The result is {@code Untagged: <tag>}; the image keeps its digests. If the
     *       middle step fails, the tag is put back on the image. Cost: an import and four more calls.</li>
     *   <li>A digest reference that is the image's last reference cannot be moved: Docker deletes the
     *       image with it, and both records are returned.</li>
     * </ul>
     */
    @Override
    public List<EngineRecord> untag(ImageReference reference) {
        Objects.requireNonNull(reference, "reference");
        DockerConnection c = connection();
        ImageReference ref = reference.canonical();
        String name = ref.familiar();
        String action = "untag " + name;
        JsonNode image = inspectImage(name).orElseThrow(() -> new NotFoundException(
                "Tried to " + action + " on docker at " + c.endpoint() + " but failed because no image has that name"));
        if (ref.digest().isEmpty() && !read(action, () -> keepsAReferenceWithout(image, ref))) {
            return untagLastTag(c, ref, read(action, () -> ImageId.parse(image.path("Id").asText())));
        }
        return records(c.json(action, "DELETE", "/images/" + pathName(name) + "?noprune=1", Map.of(), null));
    }

    /** Whether the image is still referenced after Docker removes {@code ref} (tag or digest) from it. */
    static boolean keepsAReferenceWithout(JsonNode image, ImageReference ref) {
        List<ImageReference> tags = new ArrayList<>(DockerMapping.references(
                DockerMapping.strings(image.path("RepoTags")), DockerMapping.NO_TAG));
        List<ImageReference> digests = new ArrayList<>(DockerMapping.references(
                DockerMapping.strings(image.path("RepoDigests")), DockerMapping.NO_DIGEST));
        tags.remove(ref);
        digests.remove(ref);
        if (ref.digest().isEmpty() && tags.stream().noneMatch(t -> t.name().equals(ref.name()))) {
            // Docker drops a repository's digest references with its last tag.
            digests.removeIf(d -> d.name().equals(ref.name()));
        }
        return !tags.isEmpty() || !digests.isEmpty();
    }

    private List<EngineRecord> untagLastTag(DockerConnection c, ImageReference ref, ImageId imageId) {
        String name = ref.familiar();
        String action = "untag " + name;
        String carrier = importCarrier(c, action);
        try {
            c.json(action, "POST", "/images/" + pathName(carrier) + "/tag?repo=" + query(ref.familiarName())
                    + "&tag=" + query(ref.tagOrLatest()), Map.of(), null);
            List<EngineRecord> records;
            try {
                records = records(c.json(action, "DELETE", "/images/" + pathName(name) + "?noprune=1", Map.of(), null));
            } catch (EngineException e) {
                // The tag now names the carrier: give it back to the image before reporting.
                tag(imageId, ref);
                throw e;
            }
            return records;
        } finally {
            try {
                c.json("remove the untag carrier " + carrier, "DELETE", "/images/" + pathName(carrier) + "?noprune=1",
                        Map.of(), null);
            } catch (EngineException e) {
                // Left behind as a small, labelled image; the untag itself is what the caller asked about.
            }
        }
    }

    /** Imports an empty image under a random carrier tag; returns that tag. */
    private String importCarrier(DockerConnection c, String action) {
        String carrier = CARRIER_REPOSITORY + ":" + UUID.randomUUID().toString().replace("-", "");
        String tag = carrier.substring(carrier.lastIndexOf(':') + 1);
        String path = "/images/create?fromSrc=-&repo=" + query(CARRIER_REPOSITORY) + "&tag=" + query(tag)
                + "&changes=" + query("LABEL io.imgctl.untag-carrier=true");
        ProgressStream progress = new ProgressStream(PullListener.IGNORE);
        Map<String, String> headers = Map.of("Content-Type", "application/x-tar");
        try (Response response = c.send(action, "POST", path, headers, EMPTY_TAR)) {
            progress.readAll(response.getBody(), mapper());
        } catch (ProgressStream.StreamError e) {
            throw new EngineFailureException("Tried to " + action + " on docker at " + c.endpoint()
                    + " but failed because importing an empty carrier image failed: " + DockerConnection.oneLine(e.getMessage()), e);
        } catch (IOException e) {
            throw c.unavailableOr(action, new UncheckedIOException(e));
        }
        return carrier;
    }

    @Override
    public List<EngineRecord> deleteImage(ImageId id, boolean force) {
        Objects.requireNonNull(id, "id");
        DockerConnection c = connection();
        // noprune=1: delete exactly this image; untagged parents are planned separately, never implied.
        return records(c.json("delete image " + id, "DELETE",
                "/images/" + id + "?force=" + (force ? "1" : "0") + "&noprune=1", Map.of(), null));
    }

    /**
     * Eight: the daemon serves each request on its own connection, and deletions in flight together end
     * sooner than one at a time (CONTRIBUTING.md gives the figures).
     */
    @Override
    public int concurrentRemovals() {
        return 8;
    }

    /** Docker's removal answer: {@code [{"Untagged":"ref"}, {"Deleted":"sha256:..."}]}, in order. */
    static List<EngineRecord> records(JsonNode answer) {
        List<EngineRecord> records = new ArrayList<>();
        for (JsonNode item : answer) {
            if (item.path("Untagged").isTextual()) {
                records.add(new EngineRecord(EngineRecord.Kind.UNTAGGED, item.path("Untagged").asText()));
            }
            if (item.path("Deleted").isTextual()) {
                records.add(new EngineRecord(EngineRecord.Kind.DELETED, item.path("Deleted").asText()));
            }
        }
        return records;
    }

    // ------------------------------------------------------------------ helpers

    /** A container from its inspect answer; see {@link #read}. */
    private Container container(JsonNode inspect) {
        return read("read container " + inspect.path("Id").asText(""), () -> DockerMapping.container(inspect));
    }

    /**
     * Maps an answer of the daemon to domain values. An answer the mapping cannot take (an ID that is
     * no digest, a name that is no reference, a time out of range) is the daemon's failure, reported in
     * one line like the others, never as the bare IllegalArgumentException (or InvalidReferenceException,
     * which the CLI would blame on the user's input) that the domain throws.
     */
    private <T> T read(String action, Supplier<T> mapping) {
        try {
            return mapping.get();
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            String why = e instanceof InvalidReferenceException bad
                    ? "it named an image " + bad.input() + " (" + bad.getMessage() + ")"
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new EngineFailureException("Tried to " + action + " on docker at " + connection().endpoint()
                    + " but failed because Docker's answer could not be read: " + DockerConnection.oneLine(why), e);
        }
    }

    /** Docker's in-band push errors for a tag that is not in the local store. */
    static boolean isMissingLocalImage(String message) {
        return message.contains("does not exist locally") || message.startsWith("tag does not exist");
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Image names and container IDs go into the path as they are; anything outside their alphabet is encoded. */
    static String pathName(String name) {
        if (SAFE_NAME.matcher(name).matches()) {
            return name;
        }
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
