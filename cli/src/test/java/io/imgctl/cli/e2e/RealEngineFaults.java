package io.imgctl.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.cli.e2e.FaultProxy.Decision;
import io.imgctl.cli.e2e.FaultProxy.RequestHead;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into real engines and registries, end to end through imgctl's command line, each
 * checked for one clear line, the right exit code, an accurate account of what was done and what was
 * not (against the engine's own CLI and the registry itself), and state files left intact.
 *
 * <p>Nothing shared is stopped. A fault in the engine is a {@link FaultProxy} on a UNIX socket in front of
 * the real engine socket that imgctl is pointed at with {@code --host}: cutting it mid-stream is how a
 * dying daemon looks to its client. A faulty registry is a registry of this test's own
 * ({@link OwnRegistry}, killed when the fault is "the registry stopped") behind a TLS {@link FaultProxy}
 * that answers 401 or 500 when told to. Everything created carries this run's ID and is removed after
 * each test; the images other tests share are never removed.
 *
 * <p>With {@code CI=true} an engine, CLI or registry binary that is not there fails the tests; otherwise
 * each test is skipped with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RealEngineFaults {

    static final String BASE = "localhost:5000/imgctl/base:1";
    static final String USER = "imgctl-fault";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DELETE_BY_ID = Pattern.compile("/images/(sha256:)?[0-9a-f]{64}$");

    final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    /** Containers are named with it; local image names hold it. */
    final String prefix = "imgctl-fault-" + runId;
    /** A password only this run uses, so that finding it in any output can only mean a leak. */
    final String secret = "fault-secret-" + runId;
    final String local = "localhost:5000/" + prefix;

    @TempDir
    Path dir;

    private Path work;
    private EngineCli cli;
    private Optional<String> unavailable = Optional.of("not checked yet");
    private OwnRegistry registry;
    private TestCertificate certificate;
    private FaultProxy registryProxy;
    private AutoCloseable podmanTrust;
    private boolean basePulledHere;
    private final Set<String> createdImages = new LinkedHashSet<>();
    private final List<FaultProxy> engineProxies = new ArrayList<>();
    private final List<Imgctl> allRuns = new ArrayList<>();

    /** {@code docker} or {@code podman}. */
    abstract String engine();

    abstract String[] cliCandidates();

    /** The engine's real socket, which the engine proxies forward to. */
    abstract Path engineSocket();

    /** Whether the request creates a container ({@code run}'s create). */
    abstract boolean createsAContainer(RequestHead request);

    // ---- set-up and clean-up

    @BeforeAll
    void requireEnginesAndStartTheRegistry() throws IOException {
        work = Files.createTempDirectory("imgctl-faults-");
        unavailable = whyUnavailable();
        if (unavailable.isPresent()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and " + unavailable.get() + ". Start the engines with: bash scripts/engines.sh up");
            }
            return;
        }
        registry = OwnRegistry.start(OwnRegistry.binary().orElseThrow(), work.resolve("registry"));
        certificate = TestCertificate.create(work);
        registryProxy = FaultProxy.tlsToTcp(certificate.serverContext(), registry.port());
        if (engine().equals("podman")) {
            podmanTrust = certificate.trustedByPodmanAt(registryProxy.endpoint());
        }
        writeCredentials();
        if (cli.imageId(BASE).isEmpty()) {
            basePulledHere = true;
            Imgctl pulled = imgctl("pull", "-q", BASE);
            assertThat(pulled.exitCode()).as("%s", pulled).isZero();
        }
    }

    @BeforeEach
    void skipWhenTheEnginesAreNotThere() {
        unavailable.ifPresent(why -> Assumptions.abort("Skipped: " + why));
        registryProxy.rule(head -> Decision.FORWARD);
        allRuns.clear();
    }

    private Optional<String> whyUnavailable() {
        Optional<EngineCli> found = EngineCli.find(engine(), cliCandidates());
        if (found.isEmpty()) {
            return Optional.of("no " + engine() + " CLI (looked at " + String.join(", ", cliCandidates()) + " and the PATH)");
        }
        cli = found.get();
        if (!Files.exists(engineSocket())) {
            return Optional.of(engine() + "'s socket " + engineSocket() + " does not exist");
        }
        if (OwnRegistry.binary().isEmpty()) {
            return Optional.of("no registry binary (docker-registry, from scripts/engines.sh up)");
        }
        if (engine().equals("podman")) {
            Optional<String> trust = TestCertificate.whyPodmanCannotTrust();
            if (trust.isPresent()) {
                return trust;
            }
        }
        Imgctl probe = imgctl("images", "-q");
        if (probe.exitCode() == 3) {
            return Optional.of("imgctl cannot reach " + engine() + ": " + probe.err().strip());
        }
        return Optional.empty();
    }

    /** A Docker config and a Podman auth file with a credential for the faulty registry. */
    private void writeCredentials() throws IOException {
        Path config = work.resolve("docker-config");
        Files.createDirectories(config);
        Files.writeString(config.resolve("config.json"), "{\"auths\": {\"" + registryProxy.endpoint() + "\": {\"auth\": \""
                + base64(USER + ":" + secret) + "\"}}}");
    }

    @AfterEach
    void cleanUp() {
        if (unavailable.isPresent()) {
            return;
        }
        engineProxies.forEach(FaultProxy::close);
        engineProxies.clear();
        cli.removeContainers(cli.containersNamed(prefix).values());
        Set<String> ours = new LinkedHashSet<>(createdImages);
        cli.tagsById().forEach((id, tags) -> {
            if (tags.stream().anyMatch(t -> t.contains(prefix))) {
                ours.add(id);
            }
        });
        cli.removeImages(ours);
        createdImages.clear();
        for (Imgctl run : allRuns) {
            if (Boolean.getBoolean("imgctl.faults.show")) {
                System.out.println(run); // -Dimgctl.faults.show=true: every command line and what it printed
            }
            assertNoSecret(run);
        }
    }

    @AfterAll
    void stopWhatThisClassStarted() throws Exception {
        if (registryProxy != null) {
            registryProxy.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (podmanTrust != null) {
            podmanTrust.close();
        }
        if (basePulledHere && cli != null) {
            cli.exec("rmi", BASE);
        }
        if (work != null) {
            try (var files = Files.walk(work)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    // ---- running imgctl

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DOCKER_CONFIG", work.resolve("docker-config").toString());
        env.put("REGISTRY_AUTH_FILE", work.resolve("docker-config/config.json").toString());
        env.put("XDG_STATE_HOME", work.resolve("state").toString());
        env.put("IMGCTL_LOCK_DIR", work.resolve("lock").toString());
        env.remove("DOCKER_HOST");
        env.remove("CONTAINER_HOST");
        return env;
    }

    /** imgctl against the engine itself, every byte it prints captured (--verbose traces included). */
    Imgctl imgctl(String... args) {
        List<String> line = new ArrayList<>(List.of("--engine", engine()));
        line.addAll(List.of(args));
        Imgctl run = Imgctl.runCapturingEverything(env(), line);
        allRuns.add(run);
        return run;
    }

    /** imgctl against the engine through {@code proxy}. */
    Imgctl imgctlVia(FaultProxy proxy, String... args) {
        List<String> line = new ArrayList<>(List.of("--engine", engine(), "--host", proxy.endpoint()));
        line.addAll(List.of(args));
        Imgctl run = Imgctl.run(env(), line);
        allRuns.add(run);
        return run;
    }

    /** A proxy in front of the real engine, closed after the test. */
    FaultProxy engineProxy(Function<RequestHead, Decision> rule) throws IOException {
        FaultProxy proxy = FaultProxy.unixToUnix(dir.resolve("engine-" + engineProxies.size() + ".sock"), engineSocket());
        proxy.rule(rule);
        engineProxies.add(proxy);
        return proxy;
    }

    /** Makes a distinct local image from the shared base (a container's change, committed); returns its ID. */
    String commitImage(String reference, int n) {
        String container = prefix + "-mk" + n;
        Imgctl ran = imgctl("run", "--name", container, BASE, "sh", "-c", "echo " + n + " > /n");
        assertThat(ran.exitCode()).as("%s", ran).isZero();
        Imgctl committed = imgctl("commit", container, reference);
        assertThat(committed.exitCode()).as("%s", committed).isZero();
        assertThat(imgctl("rm", container).exitCode()).isZero();
        String id = committed.lastOutLine().trim();
        createdImages.add(id);
        return id;
    }

    /** Pushes a committed image to the test's own registry through its proxy (no fault). */
    String publishToOwnRegistry(String repository, int n) {
        String ref = registryProxy.endpoint() + "/" + repository + ":1";
        commitImage(ref, n);
        Imgctl pushed = imgctl("push", ref);
        assertThat(pushed.exitCode()).as("%s", pushed).isZero();
        return ref;
    }

    // ---- assertions

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The password, in the clear or in any base64 form an engine's credentials take, is in no output. */
    void assertNoSecret(Imgctl run) {
        String all = run.out() + run.err();
        List<String> forms = new ArrayList<>(List.of(secret, base64(secret), base64(USER + ":" + secret),
                Base64.getUrlEncoder().encodeToString((USER + ":" + secret).getBytes(StandardCharsets.UTF_8))));
        for (String form : forms) {
            assertThat(all).as("no credentials in the output of %s", run.args()).doesNotContain(form);
        }
        assertThat(SecretScan.decodedTokensContaining(all, secret)).as("base64 tokens hiding the password in %s", run.args()).isEmpty();
    }

    static void assertOneErrorLine(Imgctl run, int exitCode) {
        assertThat(run.exitCode()).as("%s", run).isEqualTo(exitCode);
        List<String> errors = run.errLines().stream().filter(l -> l.startsWith("Error")).toList();
        assertThat(errors).as("%s", run).hasSize(1);
        assertThat(run.err()).as("no stack trace without --verbose: %s", run).doesNotContain("\tat ").doesNotContain("Exception");
    }

    String errorLine(Imgctl run) {
        return run.errLines().stream().filter(l -> l.startsWith("Error")).findFirst().orElseThrow();
    }

    // ---- registry faults

    private static Decision unauthorized() {
        return Decision.answer(401, "Unauthorized", Map.of("Content-Type", "application/json",
                        "Docker-Distribution-Api-Version", "registry/2.0", "WWW-Authenticate", "Basic realm=\"imgctl-fault\""),
                "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":null}]}");
    }

    private static Decision internalError() {
        return Decision.answer(500, "Internal Server Error", Map.of("Content-Type", "text/plain"), "imgctl fault: internal error\n");
    }

    @Test
    void a_registry_answering_401_fails_pull_and_push_in_one_line_leaves_nothing_behind_and_never_shows_the_password()
            throws IOException {
        String repository = prefix + "/denied";
        String ref = registryProxy.endpoint() + "/" + repository + ":1";
        commitImage(ref, 1);
        // The registry challenges at its root and refuses every manifest, the tag a pull reads and a push
        // writes; layers go through (Docker would retry a refused layer upload for 50 s before giving up).
        registryProxy.rule(head -> head.path().equals("/v2/") || head.path().contains("/manifests/")
                ? unauthorized() : Decision.FORWARD);

        for (List<String> verbose : List.of(List.<String>of(), List.of("--verbose"))) {
            List<String> push = new ArrayList<>(verbose);
            push.addAll(List.of("push", ref));
            Imgctl pushed = imgctl(push.toArray(String[]::new));
            assertThat(pushed.exitCode()).as("%s", pushed).isEqualTo(1);
            assertThat(pushed.out()).as("no digest line: %s", pushed).isEmpty();
            assertThat(errorLine(pushed)).contains(registryProxy.endpoint()).containsIgnoringCase("unauthorized");
            if (verbose.isEmpty()) {
                assertOneErrorLine(pushed, 1);
            } else {
                assertThat(pushed.err()).as("the --verbose trace was captured: %s", pushed).contains(engine() + ": ");
            }

            cli.removeImages(List.of(ref));
            List<String> pull = new ArrayList<>(verbose);
            pull.addAll(List.of("pull", ref));
            Imgctl pulled = imgctl(pull.toArray(String[]::new));
            assertThat(pulled.exitCode()).as("%s", pulled).isEqualTo(1);
            assertThat(pulled.out()).as("%s", pulled).isEmpty();
            assertThat(errorLine(pulled)).containsIgnoringCase("unauthorized");
            if (verbose.isEmpty()) {
                assertOneErrorLine(pulled, 1);
            }
            assertThat(cli.imageId(ref)).as("nothing pulled").isEmpty();
            commitImage(ref, 1);
        }
        assertThat(registry.hasManifest(repository, "1")).as("nothing pushed").isFalse();
        assertThat(registryProxy.requests()).as("the engine sent the password to the registry (so it was there to leak)")
                .anyMatch(r -> r.header("authorization").equals("Basic " + base64(USER + ":" + secret)));
    }

    @Test
    void a_registry_answering_500_fails_pull_and_push_in_one_line_and_pushes_no_tag() throws IOException {
        String repository = prefix + "/broken";
        String ref = registryProxy.endpoint() + "/" + repository + ":1";
        commitImage(ref, 2);
        // The registry takes the layers; its manifest endpoints fail.
        registryProxy.rule(head -> head.path().contains("/manifests/") ? internalError() : Decision.FORWARD);

        Imgctl pushed = imgctl("push", ref);
        assertOneErrorLine(pushed, 1);
        assertThat(pushed.out()).as("no digest line: %s", pushed).isEmpty();
        assertThat(errorLine(pushed)).startsWith("Error: Tried to push " + ref + " on " + engine()).contains("500");
        assertThat(registry.hasManifest(repository, "1")).as("no tag in the registry").isFalse();
        assertThat(cli.imageId(ref)).as("the local image is untouched").isPresent();

        cli.removeImages(List.of(ref));
        Imgctl pulled = imgctl("pull", ref);
        assertOneErrorLine(pulled, 1);
        assertThat(pulled.out()).isEmpty();
        assertThat(errorLine(pulled)).startsWith("Error: Tried to pull " + ref + " on " + engine()).contains("500");
        assertThat(cli.imageId(ref)).as("nothing pulled").isEmpty();
    }

    @Test
    void the_registry_stopped_mid_push_is_one_line_exit_one_and_no_tag_is_left_in_it() throws IOException {
        String repository = prefix + "/killed";
        String ref = registryProxy.endpoint() + "/" + repository + ":1";
        commitImage(ref, 3);
        // Every layer goes up; as the manifest (the tag) is about to be written, the registry process dies.
        registryProxy.rule(head -> head.is("PUT", "/manifests/") ? Decision.cutBefore(registry::kill) : Decision.FORWARD);

        Imgctl pushed = imgctl("push", ref);

        assertOneErrorLine(pushed, 1);
        assertThat(pushed.out()).as("no digest line: %s", pushed).isEmpty();
        assertThat(errorLine(pushed)).startsWith("Error: Tried to push " + ref + " on " + engine());
        assertThat(registry.alive()).isFalse();
        assertThat(registryProxy.requests()).as(registryProxy.log()).anyMatch(r -> r.is("PUT", "/blobs/uploads/"));
        assertThat(cli.imageId(ref)).as("the local image is untouched").isPresent();

        restartTheRegistry();
        assertThat(registry.hasManifest(repository, "1")).as("no tag was written").isFalse();
    }

    /** The registry started again on its storage, behind a new proxy (the old one stopped with it). */
    private void restartTheRegistry() throws IOException {
        registry.restart();
        registryProxy.close();
        registryProxy = FaultProxy.tlsToTcp(certificate.serverContext(), registry.port());
        if (podmanTrust != null) {
            try {
                podmanTrust.close();
            } catch (Exception e) {
                throw new IOException("could not remove the test certificate from Podman's certs.d", e);
            }
            podmanTrust = certificate.trustedByPodmanAt(registryProxy.endpoint());
        }
        writeCredentials();
    }

    // ---- the engine stops mid-operation

    @Test
    void the_engine_stopping_mid_pull_is_one_line_exit_three() throws IOException {
        String ref = publishToOwnRegistry(prefix + "/pulled", 4);
        cli.removeImages(List.of(ref));
        FaultProxy proxy = engineProxy(head -> head.is("POST", "/images/create$") ? Decision.cutMidAnswer() : Decision.FORWARD);

        Imgctl pulled = imgctlVia(proxy, "pull", ref);

        assertOneErrorLine(pulled, 3);
        assertThat(pulled.out()).as("no pulled reference on stdout: %s", pulled).isEmpty();
        assertThat(errorLine(pulled)).startsWith("Error: Tried to pull " + ref + " on " + engine() + " at " + proxy.endpoint())
                .contains("Start it with");
        assertThat(proxy.stopped()).isTrue();
    }

    /** Three distinct local images of this run: their IDs, by name. */
    private Map<String, String> threeImages() {
        Map<String, String> ids = new java.util.TreeMap<>();
        for (int n = 1; n <= 3; n++) {
            ids.put(local + "/img:" + n, commitImage(local + "/img:" + n, 10 + n));
        }
        return ids;
    }

    /** Cuts the proxy before the second deletion by ID reaches the engine. */
    private Function<RequestHead, Decision> cutBeforeTheSecondDeletion() {
        int[] deletions = {0};
        return head -> {
            if (head.method().equals("DELETE") && DELETE_BY_ID.matcher(head.path()).find() && ++deletions[0] == 2) {
                return Decision.cutBefore(() -> { });
            }
            return Decision.FORWARD;
        };
    }

    /**
     * The report of a plan of three untags and three deletions that the engine stopped in before the
     * second deletion reached it. Each untag is carried out by its image's deletion (the tag is the
     * image's only name) and the three deletions run at the same time, so which one went through first
     * and what the others were doing when the engine stopped varies; what holds every time: exit 3 and
     * one line accounting for all six actions (done, not confirmed, not done) with at least the cut one
     * not confirmed or not done; the cut deletion never reached the engine; a deletion reported done
     * happened (with its untag printed), a deletion reported not done did not; the engine's CLI agrees.
     */
    private void assertStoppedBeforeTheSecondDeletion(Imgctl run, Map<String, String> ids, String proxyEndpoint) {
        assertOneErrorLine(run, 3);
        List<String> deleted = new ArrayList<>();
        for (String line : run.outLines()) {
            if (line.startsWith("Deleted: ") && ids.containsValue(line.substring("Deleted: ".length()))) {
                deleted.add(line.substring("Deleted: ".length()));
            }
        }
        assertThat(deleted).as("the cut deletion is not done: %s", run).hasSizeLessThanOrEqualTo(2);
        assertThat(errorLine(run)).startsWith("Error: Tried to carry out 6 removal actions but the engine stopped answering (");
        Matcher m = Pattern.compile("\\((\\d) done(?:; not confirmed: ([^;)]*))?(?:; not done: ([^)]*))?\\): (.*)$")
                .matcher(errorLine(run));
        assertThat(m.find()).as("%s", run).isTrue();
        List<String> notConfirmed = m.group(2) == null ? List.of() : List.of(m.group(2).split(", "));
        List<String> notDone = m.group(3) == null ? List.of() : List.of(m.group(3).split(", "));
        assertThat(Integer.parseInt(m.group(1)) + notConfirmed.size() + notDone.size()).as("%s", run).isEqualTo(6);
        assertThat(notConfirmed.size() + notDone.size()).as("the cut deletion at least: %s", run).isGreaterThanOrEqualTo(2);
        assertThat(m.group(4)).as("%s", run).startsWith("Tried to ").contains(" on " + engine() + " at " + proxyEndpoint);

        assertThat(ids.values().stream().filter(id -> cli.imageId(id).isPresent()).count())
                .as("the cut deletion never reached the engine").isGreaterThanOrEqualTo(1);
        ids.forEach((name, id) -> {
            if (deleted.contains(id)) {
                assertThat(cli.imageId(id)).as("the deletion reported done happened: %s", id).isEmpty();
                assertThat(run.outLines()).as("its untag is printed with it").contains("Untagged: " + name);
            }
            if (notDone.contains("deleteImage " + id)) {
                assertThat(cli.imageId(id)).as("the deletion reported not done did not happen: %s", id).isPresent();
            }
        });
    }

    @Test
    void the_engine_stopping_mid_rmi_reports_the_actions_done_before_the_cut_and_the_rest_not_done() throws IOException {
        Map<String, String> ids = threeImages();
        FaultProxy proxy = engineProxy(cutBeforeTheSecondDeletion());

        Imgctl removed = imgctlVia(proxy, "rmi", local + "/img:1", local + "/img:2", local + "/img:3");

        assertStoppedBeforeTheSecondDeletion(removed, ids, proxy.endpoint());
    }

    @Test
    void the_engine_stopping_mid_prune_reports_the_same_and_leaves_the_ledger_and_the_lock_usable() throws IOException {
        Map<String, String> ids = threeImages();
        FaultProxy proxy = engineProxy(cutBeforeTheSecondDeletion());
        String scope = "reference=" + local + "/*";

        Imgctl pruned = imgctlVia(proxy, "prune", "--unused", "--filter", scope);

        assertStoppedBeforeTheSecondDeletion(pruned, ids, proxy.endpoint());
        Path ledger = work.resolve("state/imgctl/usage-" + engine() + ".json");
        JsonNode images = JSON.readTree(Files.readString(ledger)).get("images");
        assertThat(images).as("the ledger is whole JSON naming the images it saw").isNotNull();
        for (String id : ids.values()) {
            assertThat(images.has(id)).as("%s in %s", id, ledger).isTrue();
        }
        // The images not deleted are still there (their untags go with their deletions): the same prune,
        // dry, plans them again.
        Imgctl again = imgctl("prune", "--dry-run", "--unused", "--filter", scope, "--format", "json");
        assertThat(again.exitCode()).as("the lock was released and the ledger reads back: %s", again).isZero();
        List<String> planned = new ArrayList<>();
        again.json().get("actions").forEach(a -> planned.add(a.get("kind").asText() + " " + a.get("target").asText()));
        List<String> notDone = ids.values().stream().filter(id -> cli.imageId(id).isPresent()).map(id -> "deleteImage " + id).toList();
        assertThat(notDone).hasSizeBetween(1, 3);
        assertThat(planned).as("what is left to do is what was reported not done").containsAll(notDone);
    }

    // ---- concurrency

    @Test
    void two_prunes_at_once_one_acts_the_other_refuses_and_does_nothing() throws Exception {
        Map<String, String> ids = threeImages();
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        boolean[] held = {false};
        FaultProxy proxy = engineProxy(head -> {
            if (!held[0] && head.path().endsWith("/images/json")) {
                held[0] = true;
                return Decision.hold(reached, release); // the first prune now holds the lock, mid-snapshot
            }
            return Decision.FORWARD;
        });
        String scope = "reference=" + local + "/*";
        CompletableFuture<Imgctl> first = CompletableFuture.supplyAsync(() -> imgctlVia(proxy, "prune", "--unused", "--filter", scope));
        Imgctl second;
        try {
            assertThat(reached.await(2, TimeUnit.MINUTES)).as("the first prune reached the engine").isTrue();
            second = inAnotherProcess("prune", "--unused", "--filter", scope);
        } finally {
            release.countDown();
        }
        Imgctl firstDone = first.get(3, TimeUnit.MINUTES);

        assertThat(second.exitCode()).as("%s", second).isEqualTo(1);
        assertThat(second.out()).as("the second prune did nothing: %s", second).isEmpty();
        assertThat(second.errLines()).as("%s", second).containsExactly("Error: Tried to prune but failed because another"
                + " prune holds the lock " + new io.imgctl.cli.state.FilePruneLock(work.resolve("lock"), work.resolve("state/imgctl")).file());
        assertThat(firstDone.exitCode()).as("%s", firstDone).isZero();
        for (String id : ids.values()) {
            assertThat(firstDone.outLines()).as("%s", firstDone).contains("Deleted: " + id);
            assertThat(cli.imageId(id)).isEmpty();
        }
    }

    /** imgctl in a JVM of its own (a second process on the same host), against the engine itself. */
    private Imgctl inAnotherProcess(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.imgctl.cli.Main", "--engine", engine()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env());
        Process process = builder.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("imgctl " + String.join(" ", args) + " in another process did not end");
        }
        return new Imgctl(List.of(args), process.exitValue(), out, err.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void a_run_whose_image_is_removed_before_its_create_pulls_it_again_and_the_container_gets_it() throws Exception {
        String ref = publishToOwnRegistry(prefix + "/race-run", 20);
        String id = cli.imageId(ref).orElseThrow();
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FaultProxy proxy = engineProxy(head -> createsAContainer(head) && reached.getCount() > 0
                ? Decision.hold(reached, release) : Decision.FORWARD);
        String name = prefix + "-racer";
        CompletableFuture<Imgctl> run = CompletableFuture.supplyAsync(() -> imgctlVia(proxy, "run", "--name", name, ref, "true"));
        Imgctl removed;
        try {
            assertThat(reached.await(2, TimeUnit.MINUTES)).isTrue();
            removed = imgctl("rmi", ref);
        } finally {
            release.countDown();
        }
        Imgctl ran = run.get(3, TimeUnit.MINUTES);

        assertThat(removed.exitCode()).as("no container yet, so the removal goes through: %s", removed).isZero();
        assertThat(removed.outLines()).contains("Deleted: " + id);
        assertThat(ran.exitCode()).as("%s", ran).isZero();
        assertThat(ran.err()).as("%s", ran).contains("Unable to find image '" + ref + "' locally");
        String container = cli.containersNamed(name).get(name);
        assertThat(container).as("the run made its container").isNotNull();
        String usedImage = cli.inspectContainer(container).imageId();
        assertThat(cli.imageId(usedImage)).as("the container's image exists").isPresent();
        createdImages.add(usedImage);
    }

    @Test
    void a_run_that_starts_using_the_image_while_its_deletion_is_under_way_makes_the_deletion_skip() throws Exception {
        String ref = publishToOwnRegistry(prefix + "/race-rmi", 21);
        String id = cli.imageId(ref).orElseThrow();
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // rmi has checked the untag and the deletion (no container uses the image) and is about to send the
        // deletion, which carries out the untag too (the tag is the image's only name)
        FaultProxy proxy = engineProxy(head -> head.method().equals("DELETE") && DELETE_BY_ID.matcher(head.path()).find()
                && reached.getCount() > 0 ? Decision.hold(reached, release) : Decision.FORWARD);
        CompletableFuture<Imgctl> rmi = CompletableFuture.supplyAsync(() -> imgctlVia(proxy, "rmi", ref));
        String name = prefix + "-user";
        Imgctl ran;
        try {
            assertThat(reached.await(2, TimeUnit.MINUTES)).isTrue();
            // the tag is still there, so run uses the image as it is: now a container uses it
            ran = imgctl("run", "--name", name, ref, "true");
        } finally {
            release.countDown();
        }
        Imgctl removed = rmi.get(3, TimeUnit.MINUTES);

        assertThat(ran.exitCode()).as("%s", ran).isZero();
        // The engine refuses the deletion; the untag and the deletion, each checked again, are skipped.
        assertThat(removed.exitCode()).as("both skipped, nothing forced: %s", removed).isEqualTo(1);
        assertThat(removed.outLines()).as("%s", removed).doesNotContain("Untagged: " + ref, "Deleted: " + id);
        assertThat(removed.errLines()).as("%s", removed).anySatisfy(l -> assertThat(l)
                .startsWith("Note: skipped untag " + ref + " because container ").contains("now uses image"));
        assertThat(removed.errLines()).as("%s", removed).anySatisfy(l -> assertThat(l)
                .startsWith("Note: skipped deleteImage " + id + " because "));
        assertThat(cli.imageId(ref)).as("the image keeps its tag").contains(id);
        String container = cli.containersNamed(name).get(name);
        assertThat(cli.inspectContainer(container).imageId()).isEqualTo(id);
        assertThat(cli.imageId(id)).as("the container keeps its image").isPresent();
    }
}
