package io.imgctl.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tutorial, end to end, through imgctl's command line on a real engine, checked against what the
 * engine's own CLI says it holds.
 *
 * <p>Everything here is this run's own: once per class, imgctl itself runs a container from the
 * shared base image, commits it to {@code localhost:5000/imgctl-e2e-RUNID/app:1}, pushes it and
 * removes it locally, so every test's pull really downloads. Containers are named
 * {@code imgctl-e2e-RUNID-...}; after each test whatever carries that prefix (and the run's image ID)
 * is removed with the engine's CLI, even when the test failed. Comparisons with the whole engine
 * ({@code images -q}, every image's tags, every container ID) retry when the engine's own view changed
 * while imgctl looked, since other users may share the engine; the rest looks only at this run's objects.
 *
 * <p>With {@code CI=true} an engine, CLI or registry that is not there fails the tests; otherwise
 * each test is skipped with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TutorialOnRealEngine {

    static final String REGISTRY = "127.0.0.1:5000";
    static final String BASE = "localhost:5000/imgctl/base:1";
    static final String DERIVED = "localhost:5000/imgctl/derived:1";
    static final String DEAD_ENDPOINT = "unix:///nonexistent.sock";

    private static final Pattern PUSHED = Pattern.compile("1: digest: (sha256:[0-9a-f]{64}) size: \\d+");
    private static final Pattern IMAGE_ID = Pattern.compile("sha256:[0-9a-f]{64}");

    final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    /** Every container this run creates is named with it; the image repository holds it too. */
    final String prefix = "imgctl-e2e-" + runId;
    final String repository = "localhost:5000/" + prefix + "/app";
    final String ref = repository + ":1";
    /** What the image's {@code /hello.txt} holds, and so what {@code cat /hello.txt} prints. */
    final String content = "hello from " + runId;

    private final Map<String, String> env = new HashMap<>(System.getenv());
    private EngineCli cli;
    /** Why this class's tests cannot run here; empty when they can. */
    private Optional<String> unavailable = Optional.of("not checked yet");
    /** The image ID of {@link #ref} (the same on the engine and in the registry). */
    String imageId;
    String shortId;
    String pushedDigest;
    /** Images and containers to remove after each test besides those named with {@link #prefix}. */
    private final Set<String> createdImages = new LinkedHashSet<>();
    private final Set<String> createdContainers = new LinkedHashSet<>();

    /** {@code docker} or {@code podman}: the {@code --engine} value and the engine CLI's name. */
    abstract String engine();

    /** Where the engine's CLI is looked for before the PATH. */
    abstract String[] cliCandidates();

    /**
     * Whether {@code rmi -f} deletes the image's data while stopped containers use it (Docker), or
     * only untags it and keeps the data because the engine would remove the containers too (Podman).
     */
    abstract boolean forceDeletesImageInUse();

    // ---- set-up and clean-up

    @BeforeAll
    void requireEngineAndPublishTheRunsImage() {
        unavailable = whyUnavailable().map(why -> why.contains("scripts/engines.sh up") ? why
                : why + ". Start the engines with: bash scripts/engines.sh up");
        if (unavailable.isPresent()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and " + unavailable.get());
            }
            return; // each test is skipped with the reason (a skip here would hide it from the report)
        }
        publishTheRunsImage();
    }

    @BeforeEach
    void skipWhenTheEngineIsNotThere() {
        unavailable.ifPresent(why -> Assumptions.abort("Skipped: " + why));
    }

    /** Why the tests cannot run here: no engine CLI, no registry, an engine imgctl or its CLI cannot reach. */
    private Optional<String> whyUnavailable() {
        Optional<EngineCli> found = EngineCli.find(engine(), cliCandidates());
        if (found.isEmpty()) {
            return Optional.of("no " + engine() + " CLI (looked at " + String.join(", ", cliCandidates()) + " and the PATH)");
        }
        cli = found.get();
        Optional<String> registry = registryProblem();
        if (registry.isPresent()) {
            return registry;
        }
        Imgctl probe = imgctl("images", "-q");
        if (probe.exitCode() == 3) {
            return Optional.of("imgctl cannot reach " + engine() + ": " + probe.err().strip());
        }
        assertThat(probe.exitCode()).as("imgctl images -q on a reachable engine: %s", probe).isZero();
        EngineCli.Result oracle = cli.exec("images", "-q");
        if (oracle.exitCode() != 0) {
            return Optional.of("the " + engine() + " CLI cannot list images: " + oracle.err().strip());
        }
        return storeProblem();
    }

    /** Why the engine's CLI would not see the store imgctl talks to, if it would not. */
    Optional<String> storeProblem() {
        return Optional.empty();
    }

    /**
     * Through imgctl: run a container from the base image that writes {@code /hello.txt}, commit it,
     * push it, remove container and image. Checks commit and push on the way.
     */
    private void publishTheRunsImage() {
        String source = prefix + "-source";
        Imgctl run = imgctl("run", "--name", source, BASE, "sh", "-c", "echo '" + content + "' > /hello.txt");
        assertThat(run.exitCode()).as("%s", run).isZero();

        Imgctl commit = imgctl("commit", source, ref);
        assertThat(commit.exitCode()).as("%s", commit).isZero();
        assertThat(commit.outLines()).as("commit prints the new image ID: %s", commit).hasSize(1);
        imageId = commit.outLines().get(0);
        createdImages.add(imageId);
        assertThat(imageId).matches(IMAGE_ID);
        assertThat(cli.imageId(ref)).as("the engine's ID for %s", ref).contains(imageId);
        shortId = imageId.substring("sha256:".length(), "sha256:".length() + 12);

        Imgctl push = imgctl("push", ref);
        assertThat(push.exitCode()).as("%s", push).isZero();
        assertThat(push.outLines()).as("push prints one digest line: %s", push).hasSize(1);
        Matcher pushed = PUSHED.matcher(push.outLines().get(0));
        assertThat(pushed.matches()).as("push's line: %s", push).isTrue();
        pushedDigest = pushed.group(1);
        assertThat(push.errLines()).as("the push header, once, first: %s", push)
                .startsWith("The push refers to repository [" + repository + "]")
                .filteredOn(l -> l.startsWith("The push refers to repository")).hasSize(1);
        assertThat(push.errLines()).as("no digest line on stderr (stdout has it): %s", push)
                .noneMatch(l -> l.contains(": digest: "));

        Imgctl rm = imgctl("rm", source);
        assertThat(rm.exitCode()).as("%s", rm).isZero();
        assertThat(rm.outLines()).containsExactly(source);
        Imgctl rmi = imgctl("rmi", ref);
        assertThat(rmi.exitCode()).as("%s", rmi).isZero();
        assertThat(rmi.outLines()).as("%s", rmi).contains("Untagged: " + ref, "Deleted: " + imageId);
        assertThat(cli.imageId(imageId)).as("the engine no longer has %s after %s", imageId, rmi).isEmpty();
    }

    @AfterEach
    void removeWhatTheTestCreated() {
        if (unavailable.isPresent()) {
            return;
        }
        Set<String> containers = new TreeSet<>(cli.containersNamed(prefix).values());
        containers.addAll(createdContainers);
        if (imageId != null) {
            containers.addAll(cli.containersUsing(imageId));
        }
        cli.removeContainers(containers);
        Set<String> images = new LinkedHashSet<>();
        cli.tagsById().forEach((id, tags) -> tags.stream().filter(t -> t.startsWith("localhost:5000/" + prefix + "/")).forEach(images::add));
        createdImages.stream().filter(id -> cli.imageId(id).isPresent()).forEach(images::add);
        images.removeAll(sharedImages());
        cli.removeImages(images);
        createdContainers.clear();
    }

    @AfterAll
    void removeTheRunsImageFromTheRegistry() {
        removeWhatTheTestCreated();
        if (unavailable.isPresent() || pushedDigest == null) {
            return;
        }
        // The registry runs with deletion enabled; a failure here leaves one small manifest behind, nothing more.
        try {
            HttpRequest delete = HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/" + prefix + "/app/manifests/" + pushedDigest))
                    .DELETE().timeout(Duration.ofSeconds(10)).build();
            HttpClient.newHttpClient().send(delete, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            System.err.println("note: could not delete " + ref + " from the registry: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The shared images nothing here may remove, whatever goes wrong. */
    private Set<String> sharedImages() {
        Set<String> shared = new TreeSet<>(Set.of(BASE, DERIVED));
        cli.imageId(BASE).ifPresent(shared::add);
        cli.imageId(DERIVED).ifPresent(shared::add);
        return shared;
    }

    // ---- the tutorial

    @Test
    void tutorial_pull_images_run_ps_rmi_rm_and_run_pulling_matches_what_the_engine_holds() {
        // pull: downloads (the image is not local), says so on stderr, prints the reference on stdout
        pullDownloads();

        // images: our row has the engine's 12-char ID; images -q is the engine's set
        Table images = imgctl("images").table();
        Map<String, String> row = images.single("REPOSITORY", repository);
        assertThat(row.get("TAG")).isEqualTo("1");
        assertThat(row.get("IMAGE ID")).isEqualTo(shortId).isEqualTo(cli.shownShortId(ref).orElseThrow());
        assertSameAsEngine("image IDs (images -q)", cli::shortImageIds, () -> new TreeSet<>(imgctlOk("images", "-q").outLines()));

        // run twice: two new containers, both exited 0, listed by ps -a as the engine lists them
        List<String> names = List.of(prefix + "-first", prefix + "-second");
        for (String name : names) {
            Imgctl run = imgctl("run", "--name", name, ref, "cat", "/hello.txt");
            assertThat(run.exitCode()).as("%s", run).isZero();
            assertThat(run.outLines()).as("%s", run).containsExactly(content);
            assertThat(run.err()).as("no pull for a local image: %s", run).isEmpty();
        }
        Map<String, String> containers = cli.containersNamed(prefix);
        assertThat(containers.keySet()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(new TreeSet<>(containers.values())).hasSize(2);
        Table ps = imgctlOk("ps", "-a").table();
        for (String name : names) {
            String id = containers.get(name);
            Map<String, String> container = ps.single("NAMES", name);
            assertThat(container.get("CONTAINER ID")).isEqualTo(id.substring(0, 12));
            assertThat(container.get("IMAGE")).isEqualTo(ref);
            assertThat(container.get("COMMAND")).isEqualTo("\"cat /hello.txt\"");
            assertThat(container.get("STATUS")).startsWith("Exited (0) ");
            assertThat(cli.status(id)).startsWith("Exited (0) ");
            assertThat(cli.inspectContainer(id).imageId()).isEqualTo(imageId);
        }

        // rmi: refused while containers use the image, one line naming both, nothing changed
        Imgctl refused = imgctl("rmi", ref);
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(1);
        assertThat(refused.out()).as("%s", refused).isEmpty();
        assertThat(refused.errLines()).as("%s", refused).hasSize(1);
        assertThat(refused.err()).contains(names.get(0), names.get(1),
                containers.get(names.get(0)).substring(0, 12), containers.get(names.get(1)).substring(0, 12));
        assertThat(cli.imageId(ref)).as("the image is still there after %s", refused).contains(imageId);

        // rmi -f: the tag goes; both containers stay; Docker deletes the data, Podman keeps it and says why
        Imgctl forced = imgctl("rmi", "-f", ref);
        assertThat(forced.exitCode()).as("%s", forced).isZero();
        assertThat(forced.outLines()).as("%s", forced).contains("Untagged: " + ref);
        assertThat(cli.imageId(ref)).as("the tag is gone after %s", forced).isEmpty();
        assertThat(cli.containersNamed(prefix)).as("imgctl never removes a container because of -f").isEqualTo(containers);
        if (forceDeletesImageInUse()) {
            assertThat(forced.outLines()).as("%s", forced).contains("Deleted: " + imageId);
            assertThat(cli.tagsById()).as("the engine's images after %s", forced).doesNotContainKey(imageId);
        } else {
            assertThat(forced.outLines()).as("%s", forced).noneMatch(l -> l.startsWith("Deleted:"));
            assertThat(forced.errLines()).as("%s", forced).hasSize(1);
            assertThat(forced.err()).contains("kept", imageId, names.get(0), names.get(1), "--with-containers");
            assertThat(cli.tagsById()).as("the data is kept, untagged, after %s", forced).containsEntry(imageId, Set.of());
            Map<String, String> untagged = imgctlOk("images").table().single("IMAGE ID", shortId);
            assertThat(untagged.get("REPOSITORY")).isEqualTo("<none>");
            assertThat(untagged.get("TAG")).isEqualTo("<none>");
        }
        Table orphans = imgctlOk("ps", "-a").table();
        for (String name : names) {
            String id = containers.get(name);
            assertThat(orphans.single("NAMES", name).get("IMAGE")).as("the IMAGE column once the reference is gone").isEqualTo(shortId);
            assertThat(cli.inspectContainer(id).imageId()).isEqualTo(imageId);
            if (forceDeletesImageInUse()) {
                assertThat(cli.shownImage(id)).as("docker ps -a shows the bare ID too").isEqualTo(shortId);
            }
        }

        // rm -f: both containers go
        Imgctl rm = imgctl("rm", "-f", names.get(0), names.get(1));
        assertThat(rm.exitCode()).as("%s", rm).isZero();
        assertThat(rm.outLines()).containsExactlyElementsOf(names);
        assertThat(cli.containersNamed(prefix)).as("containers after %s", rm).isEmpty();

        // rmi by ID prefix: Podman's kept untagged image; on Docker the image pulled again
        if (forceDeletesImageInUse()) {
            pullDownloads();
        }
        String idPrefix = imageId.substring("sha256:".length(), "sha256:".length() + 10);
        Imgctl byId = imgctl("rmi", idPrefix);
        assertThat(byId.exitCode()).as("%s", byId).isZero();
        assertThat(byId.outLines()).as("%s", byId).contains("Deleted: " + imageId);
        if (forceDeletesImageInUse()) {
            assertThat(byId.outLines()).as("%s", byId).contains("Untagged: " + ref);
        } else {
            assertThat(byId.outLines()).as("%s", byId).noneMatch(l -> l.startsWith("Untagged:"));
        }
        assertThat(cli.tagsById()).as("the engine's images after %s", byId).doesNotContainKey(imageId);

        // run of an image that is not local: pulls first, then runs; the engine names the container
        Imgctl run = imgctl("run", ref, "cat", "/hello.txt");
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.outLines()).as("%s", run).containsExactly(content);
        assertThat(run.errLines()).as("%s", run)
                .startsWith("Unable to find image '" + ref + "' locally")
                .contains("Digest: " + pushedDigest, "Status: Downloaded newer image for " + ref);
        assertThat(cli.imageId(ref)).contains(imageId);
        Set<String> made = cli.containersUsing(imageId);
        createdContainers.addAll(made);
        assertThat(made).as("containers of %s after %s", imageId, run).hasSize(1);
        String id = made.iterator().next();
        EngineCli.ContainerFacts facts = cli.inspectContainer(id);
        assertThat(facts.name()).matches("[a-z]+_[a-z]+\\d*");
        Map<String, String> generated = imgctlOk("ps", "-a").table().single("CONTAINER ID", id.substring(0, 12));
        assertThat(generated.get("NAMES")).isEqualTo(facts.name());
        assertThat(generated.get("IMAGE")).isEqualTo(ref);
        assertThat(generated.get("STATUS")).startsWith("Exited (0) ");
    }

    /** {@code pull REF} when the image is not local: exit 0, progress and the closing lines on stderr. */
    private void pullDownloads() {
        assertThat(cli.imageId(ref)).as("%s is not local before the pull", ref).isEmpty();
        Imgctl pull = imgctl("pull", ref);
        assertThat(pull.exitCode()).as("%s", pull).isZero();
        assertThat(pull.lastOutLine()).as("%s", pull).isEqualTo(ref);
        assertThat(pull.errLines()).as("%s", pull)
                .startsWith("1: Pulling from " + prefix + "/app")
                .contains("Digest: " + pushedDigest, "Status: Downloaded newer image for " + ref)
                .anyMatch(l -> l.matches("[0-9a-f]{12}: Already exists"))
                .anyMatch(l -> l.matches("[0-9a-f]{12}: Pull complete"));
        assertThat(pull.errLines()).as("Digest and Status once each: %s", pull)
                .filteredOn(l -> l.startsWith("Digest:") || l.startsWith("Status:")).hasSize(2);
        assertThat(cli.imageId(ref)).as("the engine's ID after %s", pull).contains(imageId);
    }

    // ---- JSON output

    @Test
    void images_and_ps_as_json_match_the_engines_view() {
        pullDownloads();
        String ok = prefix + "-ok";
        String three = prefix + "-three";
        assertThat(imgctl("run", "--name", ok, ref, "cat", "/hello.txt").exitCode()).isZero();
        Imgctl failing = imgctl("run", "--name", three, ref, "sh", "-c", "exit 3");
        assertThat(failing.exitCode()).as("run exits with the container's code: %s", failing).isEqualTo(3);

        assertSameAsEngine("images: ID to tags", cli::tagsById, () -> {
            Map<String, Set<String>> tags = new TreeMap<>();
            imgctlOk("images", "--format", "json").json().forEach(image -> tags.put(image.get("id").asText(), texts(image.get("tags"))));
            return tags;
        });
        JsonNode image = byField(imgctlOk("images", "--format", "json").json(), "id", imageId);
        assertThat(texts(image.get("tags"))).containsExactly(ref);
        assertThat(texts(image.get("digests"))).isEqualTo(cli.repoDigests(ref)).contains(repository + "@" + pushedDigest);
        assertThat(image.get("size").asLong()).isEqualTo(cli.imageSize(ref));
        assertThat(java.time.Instant.parse(image.get("created").asText()))
                .isEqualTo(cli.imageCreated(ref).truncatedTo(ChronoUnit.SECONDS));
        assertThat(image.get("containers").asInt()).isEqualTo(2);

        assertSameAsEngine("container IDs (ps -a)", cli::containerIds, () -> {
            Set<String> ids = new TreeSet<>();
            imgctlOk("ps", "-a", "--format", "json").json().forEach(c -> ids.add(c.get("id").asText()));
            return ids;
        });
        JsonNode ps = imgctlOk("ps", "-a", "--format", "json").json();
        for (String name : List.of(ok, three)) {
            JsonNode container = byField(ps, "name", name);
            EngineCli.ContainerFacts facts = cli.inspectContainer(name);
            assertThat(container.get("id").asText()).isEqualTo(facts.id());
            assertThat(container.get("imageId").asText()).isEqualTo(facts.imageId()).isEqualTo(imageId);
            assertThat(container.get("image").asText()).isEqualTo(ref);
            assertThat(container.get("state").asText()).isEqualTo(facts.state()).isEqualTo("exited");
            assertThat(container.get("exitCode").asInt()).isEqualTo(facts.exitCode()).isEqualTo(name.equals(ok) ? 0 : 3);
            assertThat(java.time.Instant.parse(container.get("created").asText())).isEqualTo(facts.created());
        }
    }

    // ---- rmi --dry-run

    @Test
    void rmi_dry_run_plans_but_changes_nothing() {
        pullDownloads();
        String user = prefix + "-user";
        assertThat(imgctl("run", "--name", user, ref, "cat", "/hello.txt").exitCode()).isZero();
        String userId = cli.containersNamed(prefix).get(user);
        Map<String, Object> before = ourView();

        Imgctl refused = imgctl("rmi", "--dry-run", ref);
        assertThat(refused.exitCode()).as("a dry run is refused like the real one: %s", refused).isEqualTo(1);
        assertThat(refused.err()).as("%s", refused).contains(user);
        assertThat(ourView()).as("after %s", refused).isEqualTo(before);

        Imgctl forced = imgctl("rmi", "--dry-run", "-f", ref);
        assertThat(forced.exitCode()).as("%s", forced).isZero();
        Table plan = forced.table();
        assertThat(plan.single("ACTION", "untag").get("TARGET")).isEqualTo(ref);
        if (forceDeletesImageInUse()) {
            assertThat(plan.single("ACTION", "deleteImage").get("TARGET")).isEqualTo(shortId);
        } else {
            assertThat(plan.single("ACTION", "keep").get("TARGET")).as("plan tables show kept images by short ID")
                    .isEqualTo(shortId);
            assertThat(plan.where("ACTION", "deleteImage")).isEmpty();
        }
        assertThat(ourView()).as("after %s", forced).isEqualTo(before);

        Imgctl withContainers = imgctl("rmi", "--dry-run", "--with-containers", "--format", "json", ref);
        assertThat(withContainers.exitCode()).as("%s", withContainers).isZero();
        JsonNode report = withContainers.json();
        assertThat(report.get("dryRun").asBoolean()).isTrue();
        List<String> actions = new ArrayList<>();
        report.get("actions").forEach(a -> actions.add(a.get("kind").asText() + " " + a.get("target").asText()));
        assertThat(actions).containsExactly("removeContainer " + user, "untag " + ref, "deleteImage " + imageId);
        assertThat(report.get("outcomes")).isEmpty();
        assertThat(ourView()).as("after %s", withContainers).isEqualTo(before);
        assertThat(cli.inspectContainer(userId).state()).isEqualTo("exited");
    }

    /**
     * What the engine holds that a removal of this run's image could touch: the images of this run and
     * the shared base images with their tags, and this run's containers with their state.
     */
    private Map<String, Object> ourView() {
        Set<String> shared = sharedImages();
        Map<String, Set<String>> images = new TreeMap<>();
        cli.tagsById().forEach((id, tags) -> {
            if (id.equals(imageId) || shared.contains(id) || tags.stream().anyMatch(t -> t.contains(prefix))) {
                images.put(id, tags);
            }
        });
        Map<String, String> containers = new TreeMap<>();
        cli.containersNamed(prefix).forEach((name, id) -> {
            EngineCli.ContainerFacts f = cli.inspectContainer(id);
            containers.put(name, id + " " + f.imageId() + " " + f.state() + " " + f.exitCode());
        });
        return Map.of("images", images, "containers", containers);
    }

    // ---- exit codes

    @Test
    void exit_codes_for_an_unknown_image_an_invalid_reference_and_an_engine_that_is_down() {
        String missing = "localhost:5000/" + prefix + "/missing:1";
        Imgctl rmi = imgctl("rmi", missing);
        assertThat(rmi.exitCode()).as("%s", rmi).isEqualTo(1);
        assertThat(rmi.out()).isEmpty();
        assertThat(rmi.errLines()).as("%s", rmi).containsExactly("Error: No such image: " + missing);
        Imgctl pull = imgctl("pull", missing);
        assertThat(pull.exitCode()).as("%s", pull).isEqualTo(1);
        assertThat(pull.out()).isEmpty();
        assertThat(pull.errLines()).as("%s", pull).last().asString().startsWith("Error: ").contains(missing);
        Imgctl rm = imgctl("rm", prefix + "-missing");
        assertThat(rm.exitCode()).as("%s", rm).isEqualTo(1);
        assertThat(rm.errLines()).as("%s", rm).containsExactly("Error: No such container: " + prefix + "-missing");
        assertThat(cli.imageId(missing)).isEmpty();

        // An invalid reference exits 2 and never reaches an engine: the same 2 with the engine's endpoint dead.
        Map<List<String>, String> invalid = Map.of(
                List.of("pull", "localhost:5000/" + prefix + "/App:1"), "must be lowercase",
                List.of("rmi", "localhost:5000/" + prefix + "/app:-1"), "invalid reference format",
                List.of("run", "localhost:5000/" + prefix + "//app:1", "true"), "invalid reference format");
        invalid.forEach((args, why) -> {
            for (List<String> line : List.of(args, withDeadHost(args))) {
                Imgctl run = imgctl(line.toArray(String[]::new));
                assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
                assertThat(run.out()).as("%s", run).isEmpty();
                assertThat(run.errLines()).as("%s", run).hasSize(1);
                assertThat(run.err()).as("%s", run).contains(why);
            }
        });
        assertThat(cli.containersNamed(prefix)).isEmpty();

        for (String command : List.of("images", "ps")) {
            Imgctl down = imgctl("--host", DEAD_ENDPOINT, command);
            assertThat(down.exitCode()).as("%s", down).isEqualTo(3);
            assertThat(down.out()).as("%s", down).isEmpty();
            assertThat(down.errLines()).as("%s", down).hasSize(1);
            assertThat(down.err()).as("%s", down).contains(DEAD_ENDPOINT, engine());
        }
    }

    private static List<String> withDeadHost(List<String> args) {
        List<String> line = new ArrayList<>(List.of("--host", DEAD_ENDPOINT));
        line.addAll(args);
        return line;
    }

    // ---- helpers

    /** imgctl with {@code --engine ENGINE} in front of {@code args}. */
    Imgctl imgctl(String... args) {
        List<String> line = new ArrayList<>(List.of("--engine", engine()));
        line.addAll(List.of(args));
        return Imgctl.run(env, line);
    }

    private Imgctl imgctlOk(String... args) {
        Imgctl run = imgctl(args);
        assertThat(run.exitCode()).as("%s", run).isZero();
        return run;
    }

    /**
     * imgctl's view equals the engine's, read just before and just after imgctl's; when those two differ
     * (someone else changed the engine meanwhile) it reads all three again, a few times.
     */
    static <T> void assertSameAsEngine(String what, Supplier<T> engine, Supplier<T> imgctl) {
        for (int attempt = 1; attempt <= 5; attempt++) {
            T before = engine.get();
            T ours = imgctl.get();
            T after = engine.get();
            if (before.equals(after)) {
                assertThat(ours).as("imgctl's %s against the engine's CLI", what).isEqualTo(before);
                return;
            }
        }
        fail("the engine's " + what + " kept changing while imgctl read it (something else is using the engine)");
    }

    private static JsonNode byField(JsonNode array, String field, String value) {
        List<JsonNode> found = new ArrayList<>();
        array.forEach(n -> {
            if (value.equals(n.path(field).asText())) {
                found.add(n);
            }
        });
        assertThat(found).as("one element with %s = %s in %s", field, value, array).hasSize(1);
        return found.get(0);
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static Optional<String> registryProblem() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + REGISTRY + "/v2/").toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            c.getResponseCode();
            c.disconnect();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("no registry answers on " + REGISTRY + " (" + e.getMessage() + ")");
        }
    }
}
