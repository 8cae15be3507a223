package io.imgctl.adapter.podman;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imgctl.application.port.out.ChangeLog;
import io.imgctl.application.port.out.CommitSpec;
import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.ParallelReads;
import io.imgctl.application.port.out.PullEvent;
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
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.removal.EngineBehaviour;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.domain.store.StoreSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.ResponseBody;

/**
 * {@link ContainerEngine} on Podman's REST API (Podman 4.3: libpod API 4.x, compatible API 1.41).
 *
 * <p>The libpod API is used for everything but two calls, because it has Podman's own semantics
 * (fully qualified names, structured removal reports, real container counts, an untag that removes one
 * tag). The Docker-compatible API is used where libpod lacks what the port promises:
 * <ul>
 *   <li><b>pull</b> ({@code POST /v1.41/images/create}): per-layer progress in Docker's words, including
 *       {@code Already exists}; see {@link PullStream};</li>
 *   <li><b>push</b> ({@code POST /v1.41/images/{name}/push}): it ends with
 *       {@code <tag>: digest: sha256:... size: N}, the pushed manifest's digest, which libpod's push does
 *       not report. Podman 4.3's compatible push reports nothing per layer (only that line and the
 *       {@code The push refers to repository} header; libpod's push says {@code Copying blob sha256:...}
 *       for every layer, whether the registry had it or not, and no digest). So when the stream has no
 *       per-layer event, each of the image's layers is reported {@code Pushed} (newest first, by the
 *       short diff ID, as Docker names them) once the digest line shows the push succeeded; per-layer
 *       events from a Podman that sends them are passed on instead.</li>
 * </ul>
 * Neither sends {@code tlsVerify}: whether a registry may be reached over plain HTTP is Podman's
 * {@code registries.conf} business ({@code insecure = true}, as {@code scripts/engines.sh} sets for the
 * loopback registries), the same for every client of the service.
 *
 * <p><b>Removal.</b> {@link #untag} uses libpod's untag ({@code POST /libpod/images/{name}/untag}), which
 * removes that tag only, even the last one (the image stays, untagged). {@link #deleteImage} never lets
 * Podman remove containers: Podman's forced removal deletes every container that uses the image
 * (running ones included), while the port's contract is that the planner has dealt with containers
 * already. So a forced delete first checks the image's container count and refuses with a
 * {@link ConflictException} while any container uses it; the planner, seeing
 * {@link EngineBehaviour#PODMAN}, never asks for that.
 *
 * <p><b>Containers</b> are created with no network ({@code netns: none}), like the Docker daemon that
 * {@code scripts/engines.sh} starts with {@code --bridge=none}: imgctl's containers only ever need
 * loopback.
 *
 * <p>Requests: {@link #listImages} is one call; {@link #findImage} two (inspect, history);
 * {@link #snapshot} one list, one inspect per image, one history per image that has a layer not yet
 * seen in this snapshot, and the container list.
 */
final class PodmanContainerEngine implements ContainerEngine {

    /** Calls the service serves at once, for removals and for reads alike (see {@link #concurrentRemovals()}). */
    private static final int CALLS_AT_ONCE = 4;
    /** Per-image and per-name reads: four at a time from two inputs on (each answer costs the service a read of its store). */
    private static final ParallelReads READS = new ParallelReads(CALLS_AT_ONCE, 2, "imgctl-podman-read");

    private static final Pattern SAFE_IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]*");
    private static final Pattern SAFE_CONTAINER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern SHA256_ID = Pattern.compile("sha256:([a-f0-9]{1,64})");
    private static final Pattern HEX = Pattern.compile("[a-f0-9]{1,64}");
    /** How often a list that failed because an image vanished meanwhile is asked for. */
    static final int LIST_ATTEMPTS = 3;
    private static final Pattern PUSHED = Pattern.compile("digest: (sha256:[a-f0-9]{64}) size: (\\d+)");

    private final PodmanHttp http;
    private final RegistryAuth auth;
    private final ObjectMapper mapper;

    PodmanContainerEngine(PodmanHttp http, RegistryAuth auth) {
        this.http = Objects.requireNonNull(http, "http");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.mapper = http.mapper();
    }

    @Override
    public void close() {
        http.close();
    }

    // ------------------------------------------------------------------ engine

    @Override
    public EngineInfo info() {
        JsonNode version = http.json("read the version", PodmanHttp.get(libpod("version").build()));
        return new EngineInfo("podman", version.path("Version").asText(""), http.endpoint().uri(), EngineBehaviour.PODMAN);
    }

    @Override
    public EngineBehaviour behaviour() {
        return EngineBehaviour.PODMAN;
    }

    /** {@code GET /libpod/_ping}; an answer without {@code Libpod-Api-Version} is not Podman. */
    @Override
    public void ping() {
        String apiVersion = http.exchange("ping the service", PodmanHttp.get(libpod("_ping").build()), false,
                response -> Objects.requireNonNullElse(response.header("Libpod-Api-Version"), ""));
        if (apiVersion.isEmpty()) {
            throw new EngineUnavailableException("Tried to ping the service on podman at " + http.endpoint()
                    + " but failed because the service there is not Podman (no Libpod-Api-Version header); "
                    + "for Docker use --engine docker");
        }
    }

    // ------------------------------------------------------------------ images

    /** Podman's events, on a UNIX socket (over TCP the service's clock need not be this machine's); see {@link PodmanEvents}. */
    @Override
    public Optional<ChangeLog> changeLog() {
        return http.endpoint().socket().isPresent() ? Optional.of(new PodmanEvents(http)) : Optional.empty();
    }

    /**
     * {@code GET /libpod/images/json}. Podman 4.3 fails the whole list ({@code image not known}) when an
     * image is removed while it lists (it reads each image's labels after listing the IDs); the list is
     * then asked for again, a bounded number of times.
     */
    @Override
    public List<Image> listImages() {
        JsonNode items = null;
        for (int attempt = 1; items == null; attempt++) {
            try {
                items = http.json("list images",
                        PodmanHttp.get(libpod("images/json").addQueryParameter("all", "true").build()));
            } catch (NotFoundException vanishedWhileListing) {
                if (attempt == LIST_ATTEMPTS) {
                    throw vanishedWhileListing;
                }
            }
        }
        JsonNode listed = items;
        return read("list images", () -> {
            List<Image> images = new ArrayList<>(listed.size());
            for (JsonNode item : listed) {
                images.add(LibpodMapping.listedImage(item));
            }
            return images;
        });
    }

    @Override
    public Optional<Image> findImage(String referenceOrId) {
        Objects.requireNonNull(referenceOrId, "referenceOrId");
        return lookup(referenceOrId).flatMap(inspect -> withLayers(inspect, new HashMap<>()));
    }

    /** Inspect alone: the history (layer sizes) is not read. */
    @Override
    public Optional<Image> findImageNames(String referenceOrId) {
        Objects.requireNonNull(referenceOrId, "referenceOrId");
        return lookup(referenceOrId).map(inspect -> read("read image " + referenceOrId,
                () -> LibpodMapping.inspectedImage(inspect, List.of())));
    }

    /**
     * One inspect per reference, four at a time, instead of the listing: the service's
     * {@code images/json} reads every image's config, so it costs seconds on a store of hundreds of
     * images, an inspect only its one image. Each reference is asked for as it is (normalised, no short-name alias, no ID prefix) and
     * counts only when the image has it as a tag or digest.
     */
    @Override
    public Map<ImageReference, ImageId> imagesNamed(Set<ImageReference> references) {
        return ContainerEngine.imagesNamedByLookup(references, READS, reference -> inspect(reference.normalized())
                .map(inspect -> read("read image " + reference, () -> LibpodMapping.inspectedImage(inspect, List.of()))));
    }

    /**
     * The inspect answer for what a user typed, resolved as imgctl resolves it on every engine rather
     * than by Podman's own short-name order (which tries {@code localhost/NAME} before
     * {@code docker.io/NAME}): first the fully qualified reference ({@code t/run:1} is
     * {@code docker.io/t/run:1}, the name imgctl shows as {@code t/run:1}); then, for a short name,
     * Podman's {@code localhost/t/run:1} ({@link ImageReference#localhostAlias}); then an ID or ID prefix.
     */
    private Optional<JsonNode> lookup(String referenceOrId) {
        Optional<String> name = lookupName(referenceOrId);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String text = name.get();
        if (SHA256_ID.matcher(referenceOrId.strip()).matches() || ImageReference.isIdentifier(text)) {
            return inspect(text);
        }
        Optional<ImageReference> ref = LibpodMapping.reference(text);
        if (ref.isPresent()) {
            Optional<JsonNode> found = inspect(ref.get().withDefaultTag().normalized());
            if (found.isEmpty()) {
                found = ImageReference.localhostAlias(text).flatMap(alias -> inspect(alias.normalized()));
            }
            if (found.isPresent() || !HEX.matcher(text).matches()) {
                return found;
            }
        }
        return inspect(text); // an ID prefix
    }

    /** What Podman is asked to look up: {@code sha256:} dropped from IDs (libpod wants bare hex). */
    static Optional<String> lookupName(String referenceOrId) {
        String text = referenceOrId.strip();
        Matcher id = SHA256_ID.matcher(text);
        if (id.matches()) {
            return Optional.of(id.group(1));
        }
        if (text.isEmpty() || !SAFE_IMAGE.matcher(text).matches() || text.contains("..")) {
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private Optional<JsonNode> inspect(String name) {
        try {
            return Optional.of(http.json("inspect image " + name,
                    PodmanHttp.get(libpod("images/" + name + "/json").build())));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The full image: the inspect answer plus the history's layer sizes (fetched unless all are known). */
    private Optional<Image> withLayers(JsonNode inspect, Map<Digest, Long> knownSizes) {
        String id = inspect.path("Id").asText();
        String action = "read image " + id;
        JsonNode history = mapper.missingNode();
        if (!knownSizes.keySet().containsAll(read(action, () -> LibpodMapping.diffIds(inspect)))) {
            try {
                history = http.json("read the history of image " + id,
                        PodmanHttp.get(libpod("images/" + id + "/history").build()));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        }
        JsonNode answer = history;
        List<Layer> layers = read(action, () -> LibpodMapping.layers(inspect, answer, knownSizes));
        if (history.isArray()) {
            layers.forEach(l -> knownSizes.putIfAbsent(l.diffId(), l.size()));
        }
        return Optional.of(read(action, () -> LibpodMapping.inspectedImage(inspect, layers)));
    }

    @Override
    public StoreSnapshot snapshot() {
        Instant takenAt = Instant.now();
        Map<Digest, Long> knownSizes = new ConcurrentHashMap<>();
        // Each image's inspect and history, four images at a time (the service answers concurrent requests),
        // in the listing's order; an image removed meanwhile is left out.
        List<Optional<Image>> read = READS.map(listImages(),
                listed -> inspect(listed.id().hex()).flatMap(inspect -> withLayers(inspect, knownSizes)));
        List<Image> images = new ArrayList<>(read.size());
        read.forEach(found -> found.ifPresent(images::add));
        return new StoreSnapshot(images, listContainers(), takenAt);
    }

    // ------------------------------------------------------------------ registry

    @Override
    public PullResult pull(ImageReference reference, PullListener listener) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(listener, "listener");
        ImageReference ref = reference.canonical();
        String action = "pull " + ref.familiar();
        Optional<ImageId> before = inspect(ref.normalized()).map(i -> read(action, () -> ImageId.parse(i.path("Id").asText())));

        HttpUrl url = compat("images/create")
                .addQueryParameter("fromImage", ref.name())
                .addQueryParameter("tag", ref.digest().map(Digest::toString).orElseGet(ref::tagOrLatest))
                .build();
        Request.Builder request = new Request.Builder().url(url).post(okhttp3.RequestBody.create(new byte[0], null));
        auth.header(ref).ifPresent(h -> request.header("X-Registry-Auth", h));

        listener.onEvent(PullEvent.of("Pulling from " + ref.path()));
        PullStream stream = new PullStream(listener);
        http.exchange(action, request.build(), true, response -> {
            readRecords(response.body(), record -> stream.accept(record).ifPresent(error -> {
                throw new RegistryException("Tried to " + action + " on podman but failed because " + error);
            }));
            return null;
        });

        JsonNode after = inspect(ref.normalized()).orElseThrow(() -> new EngineFailureException("Tried to "
                + action + " on podman but failed because the image was not there after the pull ended"));
        ImageId id = read(action, () -> ImageId.parse(after.path("Id").asText()));
        stream.finish(Optional.of(id.shortId()));
        Optional<Digest> digest = ref.digest().isPresent() ? ref.digest() : read(action, () -> repoDigest(after, ref));
        boolean downloaded = before.map(b -> !b.equals(id)).orElse(true);
        return new PullResult(ref, id, digest, downloaded);
    }

    /**
     * The manifest digest for {@code ref}'s repository, from inspect's {@code RepoDigests}: the one equal
     * to the image's {@code Digest} (the manifest it was last pulled by), else the first for the repository.
     */
    static Optional<Digest> repoDigest(JsonNode inspect, ImageReference ref) {
        String current = inspect.path("Digest").asText("");
        Optional<Digest> first = Optional.empty();
        for (ImageReference d : LibpodMapping.digests(inspect.path("RepoDigests"))) {
            if (!d.name().equals(ref.name())) {
                continue;
            }
            if (d.digest().get().toString().equals(current)) {
                return d.digest();
            }
            if (first.isEmpty()) {
                first = d.digest();
            }
        }
        return first;
    }

    @Override
    public PushResult push(ImageReference reference, PullListener listener) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(listener, "listener");
        ImageReference ref = tagged(reference, "push");
        String action = "push " + ref.familiar();
        HttpUrl url = compat("images/" + ref.name() + "/push").addQueryParameter("tag", ref.tag().get()).build();
        Request request = new Request.Builder().url(url).post(okhttp3.RequestBody.create(new byte[0], null))
                .header("X-Registry-Auth", auth.header(ref).orElseGet(auth::anonymous))
                .build();
        List<String> layers = layerIds(ref);
        Digest[] digest = new Digest[1];
        long[] size = {-1};
        boolean[] perLayer = {false};
        http.exchange(action, request, true, response -> {
            readRecords(response.body(), record -> {
                String error = PodmanErrors.inBandError(record);
                if (!error.isEmpty()) {
                    throw new RegistryException("Tried to " + action + " on podman but failed because " + error);
                }
                String status = record.path("status").asText("").strip();
                if (status.isEmpty()) {
                    return;
                }
                String id = record.path("id").asText("");
                perLayer[0] |= !id.isEmpty();
                Matcher m = PUSHED.matcher(status);
                if (m.find()) {
                    digest[0] = Digest.parse(m.group(1));
                    try {
                        size[0] = Long.parseLong(m.group(2));
                    } catch (NumberFormatException beyondLong) {
                        size[0] = -1;
                    }
                    if (!perLayer[0]) {
                        layers.forEach(layer -> listener.onEvent(PullEvent.layer(layer, "Pushed")));
                        perLayer[0] = true;
                    }
                }
                listener.onEvent(id.isEmpty() ? PullEvent.of(status) : PullEvent.layer(id, status));
            });
            return null;
        });
        if (digest[0] == null) {
            throw new EngineFailureException("Tried to " + action + " on podman but failed because the push ended "
                    + "without reporting the pushed manifest's digest");
        }
        return new PushResult(ref, digest[0], size[0]);
    }

    /**
     * The short (12-hex) diff IDs of the local image {@code ref} names, newest first, each once; empty when
     * there is no such image (the push then fails in Podman's words).
     */
    private List<String> layerIds(ImageReference ref) {
        return inspect(ref.normalized()).map(inspect -> read("push " + ref.familiar(), () -> {
            Set<String> ids = new LinkedHashSet<>();
            List<Digest> diffIds = LibpodMapping.diffIds(inspect);
            for (int i = diffIds.size() - 1; i >= 0; i--) {
                String hex = diffIds.get(i).hex();
                ids.add(hex.substring(0, Math.min(12, hex.length())));
            }
            return List.copyOf(ids);
        })).orElse(List.of());
    }

    @Override
    public void tag(ImageId source, ImageReference target) {
        Objects.requireNonNull(source, "source");
        ImageReference ref = tagged(target, "tag");
        http.send("tag image " + source.shortId() + " as " + ref.familiar(),
                PodmanHttp.post(libpod("images/" + source.hex() + "/tag")
                        .addQueryParameter("repo", ref.name())
                        .addQueryParameter("tag", ref.tag().get())
                        .build()));
    }

    @Override
    public ImageId commit(CommitSpec spec) {
        Objects.requireNonNull(spec, "spec");
        String container = containerName(spec.containerId());
        ImageReference ref = tagged(spec.reference(), "commit");
        HttpUrl.Builder url = libpod("commit")
                .addQueryParameter("container", container)
                .addQueryParameter("repo", ref.name())
                .addQueryParameter("tag", ref.tag().get())
                // Docker's image format, as docker commit makes: Podman keeps a commit message only in it.
                .addQueryParameter("format", "docker");
        spec.message().ifPresent(m -> url.addQueryParameter("comment", m));
        spec.author().ifPresent(a -> url.addQueryParameter("author", a));
        for (String change : spec.onePairPerChange()) {
            // Podman 4 reads one KEY=VALUE pair per LABEL or ENV change.
            url.addQueryParameter("changes", change);
        }
        String action = "commit container " + container + " as " + ref.familiar();
        JsonNode answer = http.json(action, PodmanHttp.post(url.build()));
        return read(action, () -> ImageId.parse(answer.path("Id").asText()));
    }

    /** {@code reference} with a tag ({@code latest} when it has none); a digest-only reference cannot be a tag. */
    private static ImageReference tagged(ImageReference reference, String what) {
        Objects.requireNonNull(reference, "reference");
        if (reference.tag().isPresent()) {
            return reference.withTag(reference.tag().get());
        }
        if (reference.digest().isPresent()) {
            throw new EngineFailureException("Tried to " + what + " " + reference.familiar()
                    + " on podman but failed because a digest reference cannot be used as a tag");
        }
        return reference.withDefaultTag();
    }

    // ------------------------------------------------------------------ containers

    @Override
    public List<Container> listContainers() {
        return containers(Optional.empty());
    }

    private List<Container> containers(Optional<String> id) {
        HttpUrl.Builder url = libpod("containers/json").addQueryParameter("all", "true");
        id.ifPresent(i -> url.addQueryParameter("filters", "{\"id\":[\"" + i + "\"]}"));
        JsonNode items = http.json("list containers", PodmanHttp.get(url.build()));
        return read("list containers", () -> {
            List<Container> containers = new ArrayList<>(items.size());
            for (JsonNode item : items) {
                LibpodMapping.container(item).ifPresent(containers::add);
            }
            return containers;
        });
    }

    @Override
    public Optional<Container> findContainer(String nameOrId) {
        return findListed(nameOrId).map(this::withSizeRw);
    }

    private Optional<Container> findListed(String nameOrId) {
        Objects.requireNonNull(nameOrId, "nameOrId");
        String key = nameOrId.startsWith("/") ? nameOrId.substring(1) : nameOrId;
        if (key.isEmpty()) {
            return Optional.empty();
        }
        List<Container> all = listContainers();
        for (Container c : all) {
            if (c.name().equals(key) || c.id().equals(key)) {
                return Optional.of(c);
            }
        }
        List<Container> prefixed = all.stream().filter(c -> c.id().startsWith(key)).toList();
        return prefixed.size() == 1 ? Optional.of(prefixed.get(0)) : Optional.empty();
    }
    /** The container with its writable layer's size, from {@code GET /libpod/containers/{id}/json?size=true}. */
    private Container withSizeRw(Container c) {
        JsonNode inspected;
        try {
            inspected = http.json("inspect container " + c.name(),
                    PodmanHttp.get(libpod("containers/" + c.id() + "/json").addQueryParameter("size", "true").build()));
        } catch (NotFoundException e) {
            return c;
        }
        long sizeRw = Math.max(0, inspected.path("SizeRw").asLong(0));
        return new Container(c.id(), c.name(), c.image(), c.imageId(), c.command(), c.state(), c.exitCode(),
                c.created(), c.started(), c.finished(), sizeRw);
    }


    @Override
    public Container createContainer(ContainerSpec spec) {
        Objects.requireNonNull(spec, "spec");
        // The name imgctl resolves (docker.io/t/run:1, else Podman's localhost/t/run:1), so that the container
        // gets the image `images` shows under that name; when neither exists the familiar form goes to Podman,
        // which answers "image not known" (create never pulls).
        String given = spec.image().familiar();
        String image = lookup(given).map(i -> createName(i, spec.image())).orElse(given);
        String action = "create a container from " + image;
        ObjectNode body = mapper.createObjectNode();
        body.put("image", image);
        spec.name().ifPresent(n -> body.put("name", n));
        if (!spec.command().isEmpty()) {
            spec.command().forEach(body.putArray("command")::add);
        }
        body.putObject("netns").put("nsmode", "none");
        JsonNode answer = http.json(action, http.postJson(libpod("containers/create").build(), body));
        String id = answer.path("Id").asText("");
        return containers(Optional.of(id)).stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new EngineFailureException("Tried to " + action + " on podman but failed because "
                        + "the new container " + id + " was not listed"));
    }

    /** The candidate name the lookup found, as one of the image's names (Podman keeps it as the container's image). */
    private static String createName(JsonNode inspect, ImageReference wanted) {
        List<String> names = LibpodMapping.strings(inspect.path("RepoTags"));
        String qualified = wanted.withDefaultTag().normalized();
        if (names.contains(qualified)) {
            return qualified;
        }
        return ImageReference.localhostAlias(wanted.familiar()).map(ImageReference::normalized)
                .filter(names::contains).orElse(wanted.familiar());
    }

    @Override
    public void startContainer(String containerId) {
        String c = containerName(containerId);
        http.send("start container " + c, PodmanHttp.post(libpod("containers/" + c + "/start").build()));
    }

    /** libpod's wait answers the exit code as plain text ({@code 3\n}), not JSON. */
    @Override
    public int waitContainer(String containerId) {
        String c = containerName(containerId);
        String action = "wait for container " + c;
        String text = http.text(action, PodmanHttp.post(libpod("containers/" + c + "/wait").build()), true).strip();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new EngineFailureException("Tried to " + action + " on podman but failed because the answer was not "
                    + "an exit code: " + PodmanErrors.oneLine(text));
        }
    }

    @Override
    public String logs(String containerId) {
        String c = containerName(containerId);
        byte[] body = http.exchange("read the logs of container " + c,
                PodmanHttp.get(libpod("containers/" + c + "/logs")
                        .addQueryParameter("stdout", "true")
                        .addQueryParameter("stderr", "true")
                        .build()), true,
                response -> response.body() == null ? new byte[0] : response.body().bytes());
        return LogFrames.text(body);
    }

    /** With {@code force} a running container is killed at once ({@code timeout=0}), as {@code docker rm -f} does. */
    @Override
    public void removeContainer(String containerId, boolean force) {
        String c = containerName(containerId);
        String action = "remove container " + c;
        HttpUrl.Builder url = libpod("containers/" + c).addQueryParameter("force", Boolean.toString(force));
        if (force) {
            url.addQueryParameter("timeout", "0");
        }
        JsonNode reports = http.json(action, PodmanHttp.delete(url.build()));
        for (JsonNode report : reports) {
            String err = report.path("Err").asText("");
            if (!err.isEmpty()) {
                throw PodmanErrors.fromResponse(action, 500, "{\"message\":" + mapper.valueToTree(err) + "}", mapper);
            }
        }
    }

    private static String containerName(String containerId) {
        Objects.requireNonNull(containerId, "containerId");
        String c = containerId.startsWith("/") ? containerId.substring(1) : containerId;
        if (!SAFE_CONTAINER.matcher(c).matches()) {
            throw new NotFoundException("Tried to find container " + containerId + " on podman but failed because "
                    + "no container can have that name");
        }
        return c;
    }

    // ------------------------------------------------------------------ removal

    /**
     * Removes exactly {@code reference}. A tag goes through libpod's untag, which never deletes the image.
     * A {@code repo@digest} reference is removed only when it is one of the image's names and not the last
     * (a name removal of the last name would delete the image); Podman's computed digests are not names.
     */
    @Override
    public List<EngineRecord> untag(ImageReference reference) {
        Objects.requireNonNull(reference, "reference");
        String action = "untag " + reference.familiar();
        if (reference.tag().isPresent()) {
            ImageReference ref = reference.withTag(reference.tag().get());
            http.send(action, PodmanHttp.post(libpod("images/" + ref.normalized() + "/untag")
                    .addQueryParameter("repo", ref.name())
                    .addQueryParameter("tag", ref.tag().get())
                    .build()));
            return List.of(new EngineRecord(EngineRecord.Kind.UNTAGGED, ref.familiar()));
        }
        if (reference.digest().isEmpty()) {
            return untag(reference.withDefaultTag());
        }
        String name = reference.normalized();
        JsonNode inspect = inspect(name).orElseThrow(() -> new NotFoundException("Tried to " + action
                + " on podman but failed because no image has that name"));
        List<String> names = LibpodMapping.strings(inspect.path("RepoTags"));
        if (!names.contains(name)) {
            throw new ConflictException("Tried to " + action + " on podman but failed because that digest is not a "
                    + "name of the image but recorded with it; remove the image's tags instead");
        }
        if (names.size() < 2) {
            throw new ConflictException("Tried to " + action + " on podman but failed because it is the image's "
                    + "only name: removing it would delete the image");
        }
        JsonNode report = http.json(action, PodmanHttp.delete(libpod("images/" + name).build()));
        return read(action, () -> LibpodMapping.removalRecords(report));
    }

    /**
     * Four: the service takes concurrent requests, but its store lock serialises most of a deletion, so
     * more at once gains nothing (CONTRIBUTING.md gives the figures).
     */
    @Override
    public int concurrentRemovals() {
        return CALLS_AT_ONCE;
    }

    @Override
    public List<EngineRecord> deleteImage(ImageId id, boolean force) {
        Objects.requireNonNull(id, "id");
        String action = "delete image " + id.shortId();
        if (force) {
            refuseIfUsed(id, action);
        }
        JsonNode report = http.json(action, PodmanHttp.delete(libpod("images/" + id.hex())
                .addQueryParameter("force", Boolean.toString(force)).build()));
        return read(action, () -> LibpodMapping.removalRecords(report));
    }

    /**
     * Podman's forced removal deletes the containers that use the image; imgctl never lets that happen.
     * The image list's {@code Containers} count includes containers of other tools on the same storage
     * (Buildah's), which libpod's container list does not show.
     */
    private void refuseIfUsed(ImageId id, String action) {
        JsonNode items = http.json("list image " + id.shortId(), PodmanHttp.get(libpod("images/json")
                .addQueryParameter("all", "true")
                .addQueryParameter("filters", "{\"id\":[\"" + id.hex() + "\"]}")
                .build()));
        long count = 0;
        boolean listed = false;
        for (JsonNode item : items) {
            if (read(action, () -> ImageId.parse(item.path("Id").asText())).equals(id)) {
                listed = true;
                count = Math.max(count, item.path("Containers").asLong(0));
            }
        }
        if (!listed) {
            throw new NotFoundException("Tried to " + action + " on podman but failed because there is no such image");
        }
        List<String> users = listContainers().stream().filter(c -> c.imageId().equals(id))
                .map(c -> c.name() + " (" + c.shortId() + ", " + c.state().wireName() + ")").toList();
        if (count > 0 || !users.isEmpty()) {
            String who = users.isEmpty() ? count + " container(s) of another tool on the same storage"
                    : String.join(", ", users);
            throw new ConflictException("Tried to " + action + " with force on podman but refused because containers "
                    + "use it: " + who + ". Podman's forced removal would delete them too; remove them first "
                    + "(imgctl rm) or use rmi --with-containers");
        }
    }

    // ------------------------------------------------------------------ plumbing

    /**
     * Maps an answer of the service to domain values. An answer the mapping cannot take (an ID that is
     * no digest, a container ID that is not 64 hex, a time out of range) is the service's failure,
     * reported in one line like the others, never as the bare IllegalArgumentException the domain throws.
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
            throw new EngineFailureException("Tried to " + action + " on podman at " + http.endpoint()
                    + " but failed because Podman's answer could not be read: " + PodmanErrors.oneLine(why), e);
        }
    }

    private HttpUrl.Builder libpod(String path) {
        return http.url(PodmanHttp.LIBPOD, path);
    }

    private HttpUrl.Builder compat(String path) {
        return http.url(PodmanHttp.COMPAT, path);
    }

    @FunctionalInterface
    private interface RecordHandler {
        void accept(JsonNode record);
    }

    /** Reads newline-delimited JSON records until the body ends (Podman sets no content type on streams). */
    private void readRecords(ResponseBody body, RecordHandler handler) throws IOException {
        if (body == null) {
            return;
        }
        try (InputStream in = body.byteStream();
             JsonParser parser = mapper.getFactory().createParser(in);
             MappingIterator<JsonNode> it = mapper.readValues(parser, JsonNode.class)) {
            while (it.hasNextValue()) {
                handler.accept(it.nextValue());
            }
        }
    }
}
